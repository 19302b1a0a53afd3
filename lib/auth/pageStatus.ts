/**
 * The HTTP status of a page that refuses (401/403). A server component cannot set its status,
 * so the custom server tags each page request with an id (PAGE_REQUEST_HEADER), pageAccess()
 * records a refusal under it, and the server writes that status instead of 200 (the page's top
 * is in the shell Next renders before it sends the headers: no page has a loading.js).
 * The map lives on globalThis: Next bundles its own copy of this module.
 */
export const PAGE_REQUEST_HEADER = 'x-lookout-page-request';

const KEY = Symbol.for('lookout.pageStatus');
type Holder = { [KEY]?: Map<string, number> };

export function pageStatuses(): Map<string, number> {
  return ((globalThis as Holder)[KEY] ??= new Map());
}

/** Called by pageAccess() when the page is refused. */
export function recordPageRefusal(requestId: string | null, status: 401 | 403): void {
  if (requestId && pageStatuses().has(requestId)) pageStatuses().set(requestId, status);
}
