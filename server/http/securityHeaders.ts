import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { frameAncestors } from './embed';

export interface HeaderPolicy {
  /** Next.js in development mode: its runtime needs eval and its HMR socket. */
  dev: boolean;
  /** Origins allowed to frame /embed/… (LOOKOUT_EMBED_ORIGINS). */
  embedOrigins: readonly string[];
  /** The LMS, which the embedded tab calls to refresh its JWT cookie (/login_refresh). */
  lmsUrl?: string;
  publicUrl?: string;
}

/**
 * Security headers of every answer, and a Content-Security-Policy whose `script-src` allows
 * only scripts carrying this request's nonce ('strict-dynamic': the chunks they load). Next.js
 * reads the nonce from the request's own Content-Security-Policy header and puts it on every
 * script it renders (next/dist/server/app-render/get-script-nonce-from-header.js), so the
 * header is set on the request before Next sees it, and on the response.
 */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, path: string, policy: HeaderPolicy): void {
  const nonce = randomBytes(16).toString('base64');
  const lms = policy.lmsUrl ? ` ${new URL(policy.lmsUrl).origin}` : '';
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${policy.dev ? " 'unsafe-eval'" : ''}`,
    // Next.js and React put inline styles on elements.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${lms}${policy.dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self'${lms}`,
    // Only /embed/… may be framed, and only by the configured LMS origins.
    `frame-ancestors ${path.startsWith('/embed/') ? frameAncestors(policy.embedOrigins) : "'none'"}`,
  ].join('; ');
  req.headers['content-security-policy'] = csp;
  res.setHeader('content-security-policy', csp);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'strict-origin-when-cross-origin');
  if (servedOverHttps(req, policy.publicUrl)) res.setHeader('strict-transport-security', 'max-age=31536000');
}

function servedOverHttps(req: IncomingMessage, publicUrl?: string): boolean {
  if (publicUrl?.startsWith('https:')) return true;
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim();
  return forwarded === 'https' || Boolean((req.socket as { encrypted?: boolean }).encrypted);
}
