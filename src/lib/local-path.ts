/**
 * Where a sign-in sends its user afterwards: `next` when it is a page of this console, else
 * `fallback` — never another site, whatever the query string says. Resolved as the browser
 * resolves it: `/\evil.example`, `/<tab>/evil.example` and `//evil.example` all name another host
 * to a browser, though each starts with one slash.
 */
export function localPath(next: string | null | undefined, origin: string, fallback = '/executions'): string {
  if (!next) return fallback
  let url: URL
  try {
    url = new URL(next, origin)
  } catch {
    return fallback
  }
  if (url.origin !== new URL(origin).origin) return fallback
  return url.pathname + url.search + url.hash
}
