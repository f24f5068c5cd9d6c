// CORS for the sites named in API_CORS_ORIGINS: a preflight is answered with what an API key's
// request needs and never with credentials; other sites, tRPC and sign-in get no CORS headers.
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyCors } from '@/server/http/cors'

const APP = 'https://app.example.com'
let server: Server
let base = ''
beforeAll(async () => {
  server = createServer((req, res) => {
    if (applyCors(req, res, [APP])) return
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"reached":true}')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(() => new Promise((r) => server.close(r)))

const preflight = (path: string, origin: string) =>
  fetch(base + path, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, idempotency-key' } })

describe('CORS', () => {
  it('answers an allowed site preflight with the methods and headers the SDK sends, without credentials', async () => {
    const res = await preflight('/api/executions', APP)
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('access-control-allow-headers')).toContain('idempotency-key')
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
    expect(res.headers.get('access-control-allow-credentials')).toBeNull()
    expect(res.headers.get('vary')).toContain('Origin')
  })

  it("lets an allowed site's requests through with the headers it may read", async () => {
    const res = await fetch(base + '/api/executions/x/watch', { headers: { origin: APP } })
    expect(await res.json()).toEqual({ reached: true })
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('access-control-expose-headers')).toContain('retry-after')
  })

  it('gives other sites, tRPC and sign-in no CORS headers', async () => {
    for (const [path, origin] of [
      ['/api/executions', 'https://evil.example'],
      ['/api/trpc/executions.list', APP],
      ['/api/auth/sign-in/email', APP],
      ['/executions', APP],
    ] as const) {
      const res = await preflight(path, origin)
      expect(res.headers.get('access-control-allow-origin'), `${path} from ${origin}`).toBeNull()
      expect(await res.json()).toEqual({ reached: true }) // not answered as a preflight
    }
  })
})
