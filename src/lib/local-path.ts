/**
 * Where a sign-in sends its user afterwards: `next` when it is a page of this console, else
 * `fallback` — never another site, whatever the query string says. Resolved as the browser
 * resolves it: `/\evil.example`, `/<tab>/evil.example` and `//evil.example` all name another host
 * to a browser, though each starts with one slash; and a path that resolves to `//…` (`/.//evil`).
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
  const path = url.pathname + url.search + url.hash
  // `/.//evil.example` resolves to the path `//evil.example`: a host again, once assigned.
  return path.startsWith('//') ? fallback : path
}
