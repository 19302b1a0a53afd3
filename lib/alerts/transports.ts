import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';

export interface Mailer {
  send(mail: { to: string; subject: string; text: string }): Promise<void>;
  close(): void;
}

/** Email through the SMTP server of LOOKOUT_SMTP_URL (smtp://user:pass@host:587, smtps://…:465), as plain text. */
export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send({ to, subject, text }) {
      await transport.sendMail({ from, to, subject, text });
    },
    close: () => transport.close(),
  };
}

export const SIGNATURE_HEADER = 'x-lookout-signature';
export const TIMESTAMP_HEADER = 'x-lookout-timestamp';

/**
 * The signature of a webhook body: HMAC-SHA256 with the webhook secret over
 * `<timestamp>.<body>`, hex, as `sha256=<hex>`. The timestamp (seconds since the epoch, in its
 * own header) is signed too, so a receiver can refuse old replays.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** POSTs the JSON body, signed; anything but a 2xx answer (or no answer in 10 s) throws with the reason. */
export async function postWebhook(url: string, body: string, secret: string, at: Date): Promise<void> {
  const timestamp = Math.floor(at.getTime() / 1000);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Lookout-Alerts', [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body), [TIMESTAMP_HEADER]: String(timestamp) },
    body,
    signal: AbortSignal.timeout(10_000),
    redirect: 'manual',
  });
  await res.arrayBuffer().catch(() => undefined);
  if (res.status < 200 || res.status >= 300) throw new Error(`webhook answered ${res.status} ${res.statusText}`.trim());
}
