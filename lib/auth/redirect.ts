/**
 * `next` (where to go after signing in) as a path of Lookout itself, else '/'. Browsers read
 * `\` as `/` and drop tabs and newlines in URLs, so `/\evil.example` and `/\t/evil.example` lead
 * to another host as surely as `//evil.example` does: such characters are refused outright,
 * and what is left must resolve to Lookout's own origin.
 */
export function sameOriginPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(next)) return '/';
  const base = 'http://lookout.invalid';
  try {
    const url = new URL(next, base);
    return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}
