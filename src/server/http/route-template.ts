// A request's route as a template (`/api/executions/{id}`), never the raw path: the metrics' and
// traces' route label must stay a short, fixed set whatever ids and query strings clients send.
// From the REST API's OpenAPI paths, the routes served at the Node level, tRPC's procedures and
// the pages of the production build (its app-path-routes manifest).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

interface Template {
  route: string
  pattern: RegExp
}

/** `/api/executions/{id}` or `/executions/[id]` or `/api/auth/[...all]` → a pattern for one path. */
function compile(route: string): Template {
  const source = route
    .split('/')
    .map((part) => {
      if (/^\[\[?\.\.\..+\]\]?$/.test(part)) return '.*' // a catch-all segment
      if (/^\{.+\}$/.test(part) || /^\[.+\]$/.test(part)) return '[^/]+'
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    })
    .join('/')
  return { route, pattern: new RegExp(`^${source}/?$`) }
}

/** Routes served by server.ts itself, before Next. */
const NODE_ROUTES = ['/api/health', '/api/ready', '/metrics', '/api/executions/{id}/watch', '/api/workers/{id}/connect']

export interface RouteTemplates {
  /** The template a request's path matches; unknown paths share one label per area. */
  of(path: string): string
}

/**
 * Templates from the REST API's paths (most specific first: fixed segments before parameters),
 * the built pages (`.next/app-path-routes-manifest.json`, when there is one) and tRPC's procedures.
 */
export function createRouteTemplates(apiPaths: readonly string[], nextDir = join(process.cwd(), '.next'), trpcProcedures: readonly string[] = []): RouteTemplates {
  const procedures = new Set(trpcProcedures)
  const pages: string[] = []
  const manifest = join(nextDir, 'app-path-routes-manifest.json')
  if (existsSync(manifest)) {
    try {
      pages.push(...Object.values(JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, string>).filter((p) => !p.startsWith('/api/') && !p.startsWith('/_')))
    } catch {
      // no page templates: pages share the label "page"
    }
  }
  // Fixed segments win over parameters (`/api/executions/find` before `/api/executions/{id}`).
  const specificity = (r: string) => r.split('/').map((p) => (/^[{[]/.test(p) ? 1 : 0) as number)
  const byFixedFirst = (a: string, b: string) => {
    const x = specificity(a)
    const y = specificity(b)
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 2) !== (y[i] ?? 2)) return (x[i] ?? 2) - (y[i] ?? 2)
    return 0
  }
  const api = [...new Set([...NODE_ROUTES, ...apiPaths])].sort(byFixedFirst).map(compile)
  const pageTemplates = [...new Set(pages)].sort(byFixedFirst).map(compile)
  const cache = new Map<string, string>()
  function match(path: string): string {
    if (path.startsWith('/_next/')) return '/_next/{asset}'
    if (path.startsWith('/api/trpc/')) {
      const procedure = path.slice('/api/trpc/'.length)
      // One procedure names itself; a batch of several shares one label, and so do names of no
      // procedure (anyone may send /api/trpc/x1, x2, …: each would be a series of its own, for good).
      if (procedures.has(procedure)) return `/api/trpc/${procedure}`
      return procedure.includes(',') ? '/api/trpc/{batch}' : '/api/trpc/{unknown}'
    }
    if (path.startsWith('/api/auth/')) return '/api/auth/{path}'
    const templates = path.startsWith('/api/') || path === '/metrics' ? api : pageTemplates
    for (const t of templates) if (t.pattern.test(path)) return t.route
    return path.startsWith('/api/') ? '/api/{unknown}' : '{other}'
  }
  return {
    of(path) {
      let route = cache.get(path)
      if (route === undefined) {
        route = match(path)
        // Paths carry ids: remember a bounded number (the templates are few, the paths are not).
        if (cache.size > 10_000) cache.clear()
        cache.set(path, route)
      }
      return route
    },
  }
}
