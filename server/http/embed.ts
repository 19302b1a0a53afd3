/** The frame-ancestors sources of the embed route: the configured LMS origins, else none. */
export function frameAncestors(origins: readonly string[]): string {
  return origins.length ? origins.join(' ') : "'none'";
}
