import { randomUUID } from 'node:crypto';
import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime, parseLakeTime } from '../lake/time';
import type { DigestItem } from './digest';
import type { AlertPayload } from './kinds';
import type { AlertKind, Audience } from './names';

/**
 * The delivery log (issue 22): alert items (one digest line for one recipient) and deliveries
 * (an email, a webhook call or an outbox entry carrying items). An item carried by any delivery
 * is never carried by another, and both live in the lake, so a restart sends nothing twice.
 */

export type Channel = 'email' | 'webhook' | 'outbox';
export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'abandoned' | 'skipped';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'sent', 'failed', 'abandoned', 'skipped'];

/** What alert_items.payload holds: the line, and what it needs to be shown without another read. */
export interface StoredItem {
  kind: AlertKind;
  ruleLabel: string;
  courseName: string;
  audience: Audience;
  /** For webhook recipients: where to post. */
  webhookUrl?: string;
  alert: AlertPayload;
}

export interface NewItem {
  recipient: string;
  ruleId: string;
  courseId: string;
  subject: number;
  since: Date;
  detectedAt: Date;
  dueAt: Date;
  stored: StoredItem;
}

export const itemKey = (i: Pick<NewItem, 'recipient' | 'ruleId' | 'courseId' | 'subject' | 'since'>) => [i.recipient, i.ruleId, i.courseId, i.subject, i.since.getTime()].join('|');

export async function insertItems(lake: Lake, items: readonly NewItem[]): Promise<void> {
  if (!items.length) return;
  await lake.client.insert({
    table: 'alert_items',
    values: items.map((i) => ({
      item_key: itemKey(i),
      recipient: i.recipient,
      rule_id: i.ruleId,
      course_id: i.courseId,
      subject: i.subject,
      since: formatLakeTime(i.since),
      detected_at: formatLakeTime(i.detectedAt),
      due_at: formatLakeTime(i.dueAt),
      payload: JSON.stringify(i.stored),
    })),
    format: 'JSONEachRow',
  });
}

export interface DueItem extends DigestItem {
  recipient: string;
  audience: Audience;
  webhookUrl?: string;
}

/** Items due by `now` that no delivery carries yet, oldest first. */
export async function dueItems(lake: Lake, now: Date): Promise<DueItem[]> {
  const rows = await queryRows<{ item_key: string; recipient: string; rule_id: string; course_id: string; since: string; payload: string }>(
    lake,
    `SELECT item_key, recipient, rule_id, course_id, since, payload FROM alert_items FINAL
     WHERE due_at <= {now:DateTime64(3, 'UTC')}
       AND item_key NOT IN (SELECT arrayJoin(item_keys) FROM alert_deliveries)
     ORDER BY detected_at, item_key`,
    { now: formatLakeTime(now) },
  );
  return rows.map((r) => {
    const s = JSON.parse(r.payload) as StoredItem;
    return {
      itemKey: r.item_key,
      recipient: r.recipient,
      ruleId: r.rule_id,
      kind: s.kind,
      ruleLabel: s.ruleLabel,
      courseId: r.course_id,
      courseName: s.courseName,
      since: parseLakeTime(r.since),
      payload: s.alert,
      audience: s.audience,
      webhookUrl: s.webhookUrl,
    };
  });
}

export interface Delivery {
  id: string;
  channel: Channel;
  recipient: string;
  address: string;
  subject: string;
  body: string;
  itemKeys: string[];
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string;
  createdAt: string;
  sentAt: string | null;
  version: number;
}

type Row = {
  id: string;
  channel: Channel;
  recipient: string;
  address: string;
  subject: string;
  body: string;
  item_keys: string[];
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string;
  created_at: string;
  sent_at: string | null;
  version: string | number;
};

const fromRow = (r: Row): Delivery => ({
  id: r.id,
  channel: r.channel,
  recipient: r.recipient,
  address: r.address,
  subject: r.subject,
  body: r.body,
  itemKeys: r.item_keys,
  status: r.status,
  attempts: Number(r.attempts),
  nextAttemptAt: parseLakeTime(r.next_attempt_at).toISOString(),
  lastError: r.last_error,
  createdAt: parseLakeTime(r.created_at).toISOString(),
  sentAt: r.sent_at ? parseLakeTime(r.sent_at).toISOString() : null,
  version: Number(r.version),
});

async function writeDelivery(lake: Lake, d: Delivery): Promise<void> {
  await lake.client.insert({
    table: 'alert_deliveries',
    values: [
      {
        id: d.id,
        channel: d.channel,
        recipient: d.recipient,
        address: d.address,
        subject: d.subject,
        body: d.body,
        item_keys: d.itemKeys,
        status: d.status,
        attempts: d.attempts,
        next_attempt_at: formatLakeTime(new Date(d.nextAttemptAt)),
        last_error: d.lastError,
        created_at: formatLakeTime(new Date(d.createdAt)),
        sent_at: d.sentAt && formatLakeTime(new Date(d.sentAt)),
        version: d.version,
      },
    ],
    format: 'JSONEachRow',
  });
}

/** Records a new delivery carrying its items (one insert: the items are taken from then on). */
export async function createDelivery(
  lake: Lake,
  d: Pick<Delivery, 'channel' | 'recipient' | 'address' | 'subject' | 'body' | 'itemKeys'> & { status?: DeliveryStatus; lastError?: string },
  now: Date,
): Promise<Delivery> {
  const at = now.toISOString();
  const delivery: Delivery = { ...d, id: randomUUID(), status: d.status ?? 'pending', attempts: 0, nextAttemptAt: at, lastError: d.lastError ?? '', createdAt: at, sentAt: d.status === 'sent' ? at : null, version: 1 };
  await writeDelivery(lake, delivery);
  return delivery;
}

/** A new version of a delivery (its status after an attempt, or an admin's retry). */
export async function updateDelivery(lake: Lake, d: Delivery, change: Partial<Pick<Delivery, 'status' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'sentAt'>>): Promise<Delivery> {
  const next = { ...d, ...change, version: d.version + 1 };
  await writeDelivery(lake, next);
  return next;
}

/** Pending and failed deliveries whose (next) attempt is due. */
export async function dueDeliveries(lake: Lake, now: Date): Promise<Delivery[]> {
  const rows = await queryRows<Row>(
    lake,
    `SELECT * FROM alert_deliveries FINAL WHERE status IN ('pending', 'failed') AND next_attempt_at <= {now:DateTime64(3, 'UTC')} ORDER BY created_at, id`,
    { now: formatLakeTime(now) },
  );
  return rows.map(fromRow);
}

export async function listDeliveries(lake: Lake, filter: { recipient?: string; status?: DeliveryStatus; id?: string; limit?: number } = {}): Promise<Delivery[]> {
  const rows = await queryRows<Row>(
    lake,
    `SELECT * FROM alert_deliveries FINAL
     WHERE ({recipient:String} = '' OR recipient = {recipient:String})
       AND ({status:String} = '' OR status = {status:String})
       AND ({id:String} = '' OR id = {id:String})
     ORDER BY created_at DESC, id LIMIT {limit:UInt32}`,
    { recipient: filter.recipient ?? '', status: filter.status ?? '', id: filter.id ?? '', limit: filter.limit ?? 200 },
  );
  return rows.map(fromRow);
}

/** Counts by status, for the admin page and health. */
export async function deliveryCounts(lake: Lake): Promise<Record<DeliveryStatus, number>> {
  const rows = await queryRows<{ status: DeliveryStatus; n: string }>(lake, `SELECT status, count() AS n FROM alert_deliveries FINAL GROUP BY status`);
  const out = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/**
 * Emails may name learners by email (for their PII-allowed recipients); admins read their bodies
 * only where LOOKOUT_PII_ROLES lets admins see PII. Webhook bodies never carry emails.
 */
export function withoutPiiUnlessAllowed(d: Delivery, adminSeesPii: boolean): Delivery {
  return adminSeesPii || d.channel === 'webhook' ? d : { ...d, body: '' };
}
