import type { IncomingHttpHeaders } from 'node:http';

/**
 * Which browser origins may act with a viewer's cookies. Cookies go with every request to
 * Lookout's host, even from a page on a sibling subdomain of the LMS (where course content runs
 * script) or from another port of the same host, so the `Origin` of a socket handshake or a
 * write is checked against Lookout's own origin: `LOOKOUT_PUBLIC_URL`'s when set, else the
 * host the request was sent to (`Host`, which a page cannot choose).
 */
function isOwnOrigin(origin: string | undefined, host: string | undefined, publicUrl?: string): boolean {
  const url = parseOrigin(origin);
  if (!url) return false;
  if (publicUrl) return url.origin === new URL(publicUrl).origin;
  if (!host) return false;
  const sentTo = parseOrigin(`${url.protocol}//${host}`);
  return Boolean(sentTo && sentTo.host === url.host);
}

/** Socket handshakes: Lookout's own origin, or one of the origins allowed to embed it. */
export function isSocketOrigin(origin: string, host: string | undefined, policy: { publicUrl?: string; embedOrigins: readonly string[] }): boolean {
  return isOwnOrigin(origin, host, policy.publicUrl) || policy.embedOrigins.includes(parseOrigin(origin)?.origin ?? '');
}

/**
 * Why a state-changing request must be refused as a cross-site write (undefined: it may go on).
 * Only requests carrying cookies and no `Authorization` are checked: an API token is never sent
 * by a browser on its own. They must come from Lookout's own pages (`Origin`, or
 * `Sec-Fetch-Site: same-origin` when a browser sends no `Origin`) and, unless `form` is allowed
 * (sign-in forms), as `application/json`, which no cross-site form can send without a preflight.
 */
export function crossSiteWriteRefusal(
  method: string | undefined,
  headers: IncomingHttpHeaders,
  options: { publicUrl?: string; form?: boolean },
): { status: 403 | 415; reason: string } | undefined {
  if (['GET', 'HEAD', 'OPTIONS'].includes(method ?? 'GET')) return undefined;
  if (headers.authorization || !headers.cookie) return undefined;
  const origin = headers.origin;
  const site = headers['sec-fetch-site'];
  if (origin !== undefined) {
    if (!isOwnOrigin(origin, headers.host, options.publicUrl)) return { status: 403, reason: `cross-site write refused: Origin ${origin} is not Lookout's` };
  } else if (site !== 'same-origin') {
    return {
      status: 403,
      reason: site ? `cross-site write refused: Sec-Fetch-Site ${site}` : "a write signed in by cookie must come from Lookout's pages (no Origin header); scripts use an API token",
    };
  }
  // Only POST, PUT and PATCH carry a body; a cross-site form can only POST.
  if (options.form || !['POST', 'PUT', 'PATCH'].includes(method ?? '')) return undefined;
  const type = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return { status: 415, reason: `send the body as application/json (got ${type || 'no content-type'})` };
  return undefined;
}

function parseOrigin(value: string | undefined): URL | undefined {
  if (!value || value === 'null') return undefined;
  try {
    const url = new URL(value);
    return /^https?:$/.test(url.protocol) ? url : undefined;
  } catch {
    return undefined;
  }
}
