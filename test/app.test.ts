// The console as a user runs it: `next build`, `next start` on a fresh migrated and seeded
// database, then pages, tRPC and REST over real HTTP on the one port.
import { spawnSync } from 'node:child_process'
import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { readStreamUntil, startConsole, type ConsoleProcess } from './console-process'

let server: ConsoleProcess | undefined
let base = ''

function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(command, args, { env, encoding: 'utf8', timeout: 300_000 })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`)
  return result.stdout
}

beforeAll(async () => {
  // The engine runs (its built-in workflows are registered) but the demo workload stays off, so
  // what the pages show is only what the test wrote.
  // Open streams look at their principal every 300 ms here (every 5 s by default). A key may send
  // 20 requests a second (100 by default): a burst of 100 upgrades passes it even when a loaded
  // machine spreads the burst over a few seconds.
  const env = {
    ...process.env,
    DATABASE_URL: `file:${join(inject('testDir'), 'app.db')}`,
    NEXT_TELEMETRY_DISABLED: '1',
    DEMO: 'off',
    STREAM_RECHECK_MS: '300',
    API_KEY_RATE_LIMIT: '20',
  }
  run('npm', ['run', 'db:migrate'], env)
  run('npm', ['run', 'db:seed', '--', '--executions', '300', '--if-empty'], env)
  server = await startConsole(env)
  base = server.base
}, 400_000)

afterAll(() => server?.kill())

describe('the built console', () => {
  it('lists the seeded executions and filters by status', async () => {
    const res = await server!.fetch(`${base}/`)
    expect(res.url).toBe(`${base}/executions`)
    const html = await res.text()
    expect(html).toContain('Executions')
    expect(html.match(/href="\/executions\/exec_[0-9a-z]+"/g)?.length).toBe(50)
    const failed = await (await server!.fetch(`${base}/executions?status=failed`)).text()
    const badges = [...failed.matchAll(/<span class="inline-block rounded[^"]*">([a-z]+)<\/span>/g)].map((m) => m[1])
    expect(badges.length).toBeGreaterThan(0)
    expect(new Set(badges)).toEqual(new Set(['failed']))
  })

  it('drives an execution over REST and shows it on its page', async () => {
    const post = (path: string, body: unknown) =>
      server!.fetch(`${base}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const created = await post('/executions', { service: 'content-service', steps: [{ id: 'draft', name: 'Write Draft' }], tags: ['smoke'] })
    expect(created.status).toBe(201)
    const { $id } = (await created.json()) as { $id: string }
    expect((await post(`/executions/${$id}/start`, {})).status).toBe(200)
    expect((await post(`/executions/${$id}/logs`, { level: 'warn', message: '<b>not bold</b>' })).status).toBe(201)
    const refused = await post(`/executions/${$id}/resume`, {})
    expect(refused.status).toBe(409)
    const page = await (await server!.fetch(`${base}/executions/${$id}`)).text()
    expect(page).toContain('Write Draft')
    expect(page).toContain('running')
    // Log text is shown as text, never as markup.
    expect(page).toContain('&lt;b&gt;not bold&lt;/b&gt;')
    const big = await server!.fetch(`${base}/api/executions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'content-service', context: { x: 'y'.repeat(1_100_000) } }),
    })
    expect(big.status).toBe(413)
    // tRPC too, and nothing was created by either.
    const bigTrpc = await server!.fetch(`${base}/api/trpc/executions.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { service: 'content-service', context: { x: 'y'.repeat(1_100_000) } } }),
    })
    expect(bigTrpc.status).toBe(413)
  })

  it('asks for sign-in: pages send to the sign-in page, APIs answer 401', async () => {
    const page = await fetch(`${base}/executions`, { redirect: 'manual' })
    expect([303, 307, 308]).toContain(page.status)
    // …keeping the page asked for, to come back to it once signed in.
    expect(page.headers.get('location')).toMatch(/\/sign-in\?next=%2Fexecutions$/)
    expect((await fetch(`${base}/api/executions`)).status).toBe(401)
    expect((await fetch(`${base}/api/trpc/executions.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`)).status).toBe(401)
    expect((await fetch(`${base}/api/executions/exec_x/watch`)).status).toBe(401)
    expect((await fetch(`${base}/sign-in`)).status).toBe(200)
  })

  it('answers tRPC over HTTP', async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { status: ['completed'], limit: 5 } }))
    const res = await server!.fetch(`${base}/api/trpc/executions.list?input=${input}`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { result: { data: { json: { items: { status: string }[] } } } }
    expect(body.result.data.json.items).toHaveLength(5)
    expect(body.result.data.json.items.every((e) => e.status === 'completed')).toBe(true)
    const missing = await server!.fetch(`${base}/api/trpc/executions.get?input=${encodeURIComponent(JSON.stringify({ json: { id: 'exec_missing' } }))}`)
    expect(missing.status).toBe(404)
  })

  it('takes an API key as a bearer token on tRPC, REST and the watch stream, until it is revoked', async () => {
    const trpc = (path: string, body: unknown) =>
      server!.fetch(`${base}/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ json: body }) })
    const me = (await (await server!.fetch(`${base}/api/trpc/me`)).json()) as { result: { data: { json: { organizations: string[] } } } }
    const created = await trpc('apiKeys.create', { name: 'worker', organizationId: me.result.data.json.organizations[0], scope: 'write' })
    expect(created.status).toBe(200)
    const key = ((await created.json()) as { result: { data: { json: { id: string; key: string } } } }).result.data.json
    const asKey = { authorization: `Bearer ${key.key}` }
    const list = `${base}/api/trpc/executions.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 1 } }))}`
    expect((await fetch(list, { headers: asKey })).status).toBe(200)
    expect((await fetch(`${base}/api/executions?limit=1`, { headers: asKey })).status).toBe(200)
    expect((await trpc('apiKeys.revoke', { id: key.id })).status).toBe(200)
    expect((await fetch(list, { headers: asKey })).status).toBe(401)
    expect((await fetch(`${base}/api/executions?limit=1`, { headers: asKey })).status).toBe(401)
  })

  it('answers an unknown execution page with 404', async () => {
    expect((await server!.fetch(`${base}/executions/exec_missing`)).status).toBe(404)
  })

  it('may not be framed by another site, and its pages run only the scripts it sent (a fresh nonce a page)', async () => {
    const pages = await Promise.all([server!.fetch(`${base}/executions`), server!.fetch(`${base}/executions`), fetch(`${base}/sign-in`)])
    const nonces = []
    for (const page of pages) {
      expect(page.status).toBe(200)
      expect(page.headers.get('x-frame-options')).toBe('DENY')
      expect(page.headers.get('x-content-type-options')).toBe('nosniff')
      const policy = page.headers.get('content-security-policy')!
      expect(policy).toContain("frame-ancestors 'none'")
      expect(policy).toContain("object-src 'none'")
      const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(policy)?.[1]
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/)
      expect(policy).not.toContain('unsafe-eval')
      nonces.push(nonce)
      // Every script of the page, inline or not, carries the page's nonce (else the browser would not run it).
      const scripts = [...(await page.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
      expect(scripts.length).toBeGreaterThan(3)
      for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`)
    }
    expect(new Set(nonces).size).toBe(3)
    // A policy the client sends does not choose the nonce.
    const forged = await server!.fetch(`${base}/executions`, { headers: { 'content-security-policy': "script-src 'nonce-chosen'" } })
    expect(forged.headers.get('content-security-policy')).not.toContain('chosen')
    expect(await forged.text()).not.toContain('nonce="chosen"')
    // The API's answers too: not framed, not sniffed.
    const api = await server!.fetch(`${base}/api/executions?limit=1`)
    expect(api.headers.get('x-content-type-options')).toBe('nosniff')
    expect(api.headers.get('x-frame-options')).toBe('DENY')
    // Over plain http with no proxy trusted, no HSTS (a client's X-Forwarded-Proto is not believed).
    const proxied = await fetch(`${base}/sign-in`, { headers: { 'x-forwarded-proto': 'https' } })
    expect(proxied.headers.get('strict-transport-security')).toBeNull()
  })

  it('streams an execution live over SSE through the console, REST and tRPC alike', async () => {
    const post = (path: string, body: unknown) =>
      server!.fetch(`${base}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const { $id } = (await (await post('/executions', { service: 'content-service' })).json()) as { $id: string }
    const rest = readStreamUntil(`${base}/api/executions/${$id}/watch`, 'execution.started', server!.headers)
    const trpc = readStreamUntil(`${base}/api/trpc/executions.watch?input=${encodeURIComponent(JSON.stringify({ json: { id: $id } }))}`, 'status_changed', server!.headers)
    await new Promise((r) => setTimeout(r, 500))
    await post(`/executions/${$id}/start`, {})
    expect(await rest).toContain('event: status_changed')
    expect(await trpc).toContain('status_changed')
  })

  it('lets go of subscriptions pipelined on one connection once it closes (their answers, queued behind the first, are never told)', async () => {
    const inFlight = async () => {
      const text = await (await fetch(`${base}/metrics`)).text()
      return Number(/^console_http_requests_in_flight (\d+)/m.exec(text)?.[1] ?? NaN)
    }
    // Requests of earlier tests may still be finishing: take the count once it holds still.
    const settled = async () => {
      let last = await inFlight()
      for (let steady = 0, i = 0; steady < 3 && i < 50; i++) {
        await new Promise((r) => setTimeout(r, 100))
        const now = await inFlight()
        steady = now === last ? steady + 1 : 0
        last = now
      }
      return last
    }
    const before = await settled()
    const url = new URL(base)
    const socket = connect(Number(url.port), url.hostname)
    socket.on('error', () => {})
    await new Promise((resolve) => socket.once('connect', resolve))
    const feed = `/api/trpc/executions.feed?input=${encodeURIComponent(JSON.stringify({ json: { service: ['content-service'] } }))}`
    const cookie = server!.headers.cookie!
    socket.write(Array.from({ length: 3 }, () => `GET ${feed} HTTP/1.1\r\nhost: ${url.host}\r\ncookie: ${cookie}\r\naccept: text/event-stream\r\n\r\n`).join(''))
    // The first answers; the two behind it wait on the connection, each counted in flight.
    await new Promise((resolve) => socket.once('data', resolve))
    await new Promise((r) => setTimeout(r, 500))
    expect(await inFlight()).toBeGreaterThanOrEqual(before + 2)
    socket.destroy()
    expect(await settled()).toBe(before)
  })

  it("watches an execution over a WebSocket on the same port, in seed 001's message shape", async () => {
    const { WebSocket } = await import('ws')
    const post = (path: string, body: unknown) =>
      server!.fetch(`${base}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const { $id } = (await (await post('/executions', { service: 'content-service', steps: [{ id: 'draft' }] })).json()) as { $id: string }
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/executions/${$id}/watch`, { headers: server!.headers })
    const messages: { type: string; status?: string; progress?: number }[] = []
    const done = new Promise<void>((resolve, reject) => {
      ws.on('message', (raw) => {
        messages.push(JSON.parse(String(raw)))
        if (messages.some((m) => m.type === 'completed')) resolve()
      })
      ws.on('error', reject)
    })
    await new Promise((r) => ws.once('open', r))
    await new Promise((r) => setTimeout(r, 200))
    await post(`/executions/${$id}/start`, {})
    await post(`/executions/${$id}/steps`, { id: 'draft' })
    await post(`/executions/${$id}/steps/draft/complete`, { output: {} })
    await post(`/executions/${$id}/complete`, { success: true, output: {}, summary: 'ok' })
    await done
    ws.close()
    expect(messages.map((m) => m.type)).toEqual(['state', 'status_changed', 'step.started', 'step.completed', 'progress', 'completed'])
    expect(messages[1]).toMatchObject({ type: 'status_changed', status: 'running' })
    expect(messages[4]).toMatchObject({ type: 'progress', progress: 100 })

    const missing = new WebSocket(`${base.replace('http', 'ws')}/api/executions/exec_missing/watch`, { headers: server!.headers })
    const code = await new Promise<number>((resolve) => missing.on('close', (c) => resolve(c)))
    expect(code).toBe(4404)
  })
})

describe('the front door, as every transport sees it', () => {
  /** A WebSocket upgrade's outcome: opened, or the HTTP status it was refused with. */
  const upgrade = async (path: string, headers: Record<string, string>) => {
    const { WebSocket } = await import('ws')
    const ws = new WebSocket(`${base.replace('http', 'ws')}${path}`, { headers })
    return new Promise<{ opened: boolean; status?: number; ws: InstanceType<typeof WebSocket> }>((resolve) => {
      ws.on('open', () => resolve({ opened: true, ws }))
      ws.on('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode, ws }))
      ws.on('error', () => resolve({ opened: false, ws }))
    })
  }

  it('refuses a signed-in WebSocket upgrade from another site before it opens, as it refuses a change', async () => {
    const post = (path: string, body: unknown) =>
      server!.fetch(`${base}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const { $id } = (await (await post('/executions', { service: 'content-service' })).json()) as { $id: string }
    const hijack = await upgrade(`/api/executions/${$id}/watch`, { cookie: server!.headers.cookie!, origin: 'http://evil.example' })
    expect(hijack).toMatchObject({ opened: false, status: 403 })
    const own = await upgrade(`/api/executions/${$id}/watch`, server!.headers)
    expect(own.opened).toBe(true)
    own.ws.close()
    const anonymous = await upgrade(`/api/executions/${$id}/watch`, {})
    expect(anonymous).toMatchObject({ opened: false, status: 401 })
    // A forged X-Forwarded-Host does not make another site the console's own (no TRUST_PROXY here).
    const forged = await server!.fetch(`${base}/api/executions/${$id}/cancel`, { method: 'POST', headers: { origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' } })
    expect(forged.status).toBe(403)
  })

  it('limits a key’s WebSocket upgrades by its rate, as its other requests', async () => {
    const trpc = (path: string, body: unknown) =>
      server!.fetch(`${base}/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ json: body }) })
    const me = (await (await server!.fetch(`${base}/api/trpc/me`)).json()) as { result: { data: { json: { organizations: string[] } } } }
    const key = (
      (await (await trpc('apiKeys.create', { name: 'socket reader', organizationId: me.result.data.json.organizations[0], scope: 'read' })).json()) as {
        result: { data: { json: { key: string } } }
      }
    ).result.data.json.key
    const { $id } = (await (
      await server!.fetch(`${base}/api/executions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ service: 'content-service' }) })
    ).json()) as { $id: string }
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => upgrade(`/api/executions/${$id}/watch`, { authorization: `Bearer ${key}` })))
    for (const o of outcomes) if (o.opened) o.ws.close()
    expect(outcomes.filter((o) => o.status === 429).length).toBeGreaterThan(0)
    expect(outcomes.filter((o) => o.opened).length).toBeLessThan(100)
  })

  it('takes whatever frames a client sends on the watch socket without harm: a frame past 64 KiB closes it', async () => {
    const { $id } = (await (
      await server!.fetch(`${base}/api/executions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ service: 'content-service' }) })
    ).json()) as { $id: string }
    const { ws } = await upgrade(`/api/executions/${$id}/watch`, server!.headers)
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
    for (const frame of ['{"type":"pause"}', '\u0000'.repeat(10), Buffer.from([0xff, 0xfe, 0x00]), 'x'.repeat(60_000), JSON.stringify({ __proto__: { polluted: true } })])
      ws.send(frame)
    ws.send(Buffer.alloc(70 * 1024))
    expect(await closed).toBe(1009)
    // The console goes on answering.
    expect((await server!.fetch(`${base}/api/executions/${$id}`)).status).toBe(200)
  })

  it('ends open streams within seconds once their key is revoked or their session signed out: SSE, WebSocket and tRPC alike', async () => {
    const trpc = (path: string, body: unknown, headers = server!.headers) =>
      fetch(`${base}/api/trpc/${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ json: body }) })
    const me = (await (await server!.fetch(`${base}/api/trpc/me`)).json()) as { result: { data: { json: { organizations: string[] } } } }
    const key = (
      (await (await trpc('apiKeys.create', { name: 'soon revoked', organizationId: me.result.data.json.organizations[0], scope: 'read' })).json()) as {
        result: { data: { json: { id: string; key: string } } }
      }
    ).result.data.json
    // (For the key's organisation: an admin of several would file it under the service's provider.)
    const { $id } = (await (
      await server!.fetch(`${base}/api/executions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ service: 'content-service', customer: me.result.data.json.organizations[0] }),
      })
    ).json()) as { $id: string }
    const bearer = { authorization: `Bearer ${key.key}` }
    /** Resolves when the response's stream ends, with what it sent. */
    const ended = async (res: Response) => {
      const reader = res.body!.getReader()
      const decoder = new TextDecoder()
      let text = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return text
        text += decoder.decode(value, { stream: true })
      }
    }
    const sse = await fetch(`${base}/api/executions/${$id}/watch`, { headers: { ...bearer, accept: 'text/event-stream' } })
    const monitor = await fetch(`${base}/api/executions/${$id}/watch?view=monitor`, { headers: { ...bearer, accept: 'text/event-stream' } })
    const trpcStream = await fetch(`${base}/api/trpc/executions.watch?input=${encodeURIComponent(JSON.stringify({ json: { id: $id } }))}`, {
      headers: { ...bearer, accept: 'text/event-stream' },
    })
    const socket = await upgrade(`/api/executions/${$id}/watch`, bearer)
    expect([sse.status, monitor.status, trpcStream.status, socket.opened]).toEqual([200, 200, 200, true])
    const socketClosed = new Promise<number>((resolve) => socket.ws.on('close', (code) => resolve(code)))
    const streamsEnded = Promise.all([ended(sse), ended(monitor), ended(trpcStream)])
    await trpc('apiKeys.revoke', { id: key.id })
    const within = (ms: number) => new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`streams still open after ${ms} ms`)), ms))
    const [sent, sentByMonitor] = await Promise.race([streamsEnded, within(5_000)])
    // The SSE streams' last frame says why (the WebSocket's close reason does): a generic client learns it too.
    for (const text of [sent, sentByMonitor]) expect(text).toMatch(/event: ended\ndata: \{"type":"ended","status":401,"error":\{"code":"UNAUTHENTICATED","message":"[^"]*revoked/)
    expect(await Promise.race([socketClosed, within(5_000)])).toBe(4401)

    // A session signed out: its open stream ends too.
    const { signIn } = await import('./console-process')
    const session = await signIn(base, 'admin@test.local', 'test-admin-password')
    const watched = await fetch(`${base}/api/executions/${$id}/watch`, { headers: { ...session, accept: 'text/event-stream' } })
    expect(watched.status).toBe(200)
    const watchEnded = ended(watched)
    const out = await fetch(`${base}/api/auth/sign-out`, { method: 'POST', headers: { ...session, 'content-type': 'application/json' }, body: '{}' })
    expect(out.status).toBe(200)
    await Promise.race([watchEnded, within(5_000)])
  })

  it("keeps another site's pages off the account endpoints, and a user's account the admins' to change", async () => {
    const json = { 'content-type': 'application/json' }
    // A sign-out forged by another site's page: refused, and the session still works.
    const forged = await server!.fetch(`${base}/api/auth/sign-out`, { method: 'POST', headers: { ...json, origin: 'https://evil.example' }, body: '{}' })
    expect(forged.status).toBe(403)
    expect((await forged.json()).error.message).toContain('cross-site request refused: origin https://evil.example')
    expect((await server!.fetch(`${base}/api/executions?limit=1`)).status).toBe(200)
    // A sign-in forged by another site (into an account of the forger's choosing): refused before it is tried.
    const forgedIn = await fetch(`${base}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { ...json, origin: 'https://evil.example' },
      body: JSON.stringify({ email: 'admin@test.local', password: 'test-admin-password' }),
    })
    expect(forgedIn.status).toBe(403)
    // Nobody renames themselves (the name every admin and the audit trail show) or deletes their account.
    for (const path of ['update-user', 'change-email', 'delete-user'])
      expect(
        (await server!.fetch(`${base}/api/auth/${path}`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'Someone else', newEmail: 'x@evil.example' }) })).status,
        path,
      ).toBe(404)
  })

  it('refuses a __proto__ parameter on the API as any parameter it does not take (Next would drop it unseen)', async () => {
    for (const path of ['/api/executions?__proto__=1', '/api/executions?limit=1&__proto__=2']) {
      const res = await server!.fetch(`${base}${path}`)
      expect(res.status, path).toBe(400)
      expect((await res.json()).error, path).toMatchObject({ field: '__proto__' })
    }
  })

  it('answers a malformed percent-escape with 400 on REST, the SSE stream and the WebSocket', async () => {
    expect((await server!.fetch(`${base}/api/executions/%E0%A4%A/watch`)).status).toBe(400)
    expect((await upgrade('/api/executions/%E0%A4%A/watch', server!.headers)).status).toBe(400)
    const rest = await server!.fetch(`${base}/api/executions/%E0%A4%A`)
    expect(rest.status).toBe(400)
    expect((await rest.json()).error.message).toMatch(/^path: malformed percent-escape/)
    expect((await server!.fetch(`${base}/executions/%E0%A4%A`)).status).toBe(400)
  })

  it('says where it is as its clients reach it, not the address it listens on: the OpenAPI server and JSON-LD ids follow the Host header', async () => {
    // A generated client calls servers[0].url: behind Next, the request's URL names 0.0.0.0.
    const get = (path: string, headers: Record<string, string>) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(`${base}${path}`, { headers: { ...server!.headers, ...headers } }, (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => (body += chunk))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        })
        req.on('error', reject)
        req.end()
      })
    const doc = await get('/api/openapi.json', { host: 'console.example.com:8080' })
    expect(doc.status).toBe(200)
    expect(JSON.parse(doc.body).servers[0].url).toBe('http://console.example.com:8080')
    // The document is generated once and kept: asked again as another host, only its server differs.
    const other = await get('/api/openapi.json', { host: 'ops.example.net' })
    expect(JSON.parse(other.body).servers[0].url).toBe('http://ops.example.net')
    expect({ ...JSON.parse(other.body), servers: [] }).toEqual({ ...JSON.parse(doc.body), servers: [] })
    expect(JSON.parse((await get('/api/openapi.json', { host: 'console.example.com:8080' })).body).servers[0].url).toBe('http://console.example.com:8080')
    const list = await get('/api/executions?limit=1', { host: 'console.example.com:8080', accept: 'application/ld+json' })
    expect(list.status).toBe(200)
    expect(list.body).toContain('http://console.example.com:8080/')
    expect(list.body).not.toContain('0.0.0.0')
    // X-Forwarded-Host counts only behind a proxy the console is told of (TRUST_PROXY): not here.
    const forged = await get('/api/openapi.json', { 'x-forwarded-host': 'evil.example' })
    expect(JSON.parse(forged.body).servers[0].url).not.toContain('evil.example')
  })

  it('refuses a Host that is no host name (400, naming it) instead of failing on it, on pages, the API and WebSocket upgrades', async () => {
    const raw = (head: string) =>
      new Promise<string>((resolve, reject) => {
        const url = new URL(base)
        const socket = connect(Number(url.port), url.hostname, () => socket.write(`${head}\r\n\r\n`))
        let answer = ''
        socket.on('data', (chunk) => {
          answer += chunk.toString()
          if (!answer.includes('\r\n\r\n')) return
          socket.destroy()
          resolve(answer)
        })
        socket.on('error', reject)
      })
    for (const [line, host] of [
      ['GET /api/executions HTTP/1.1', 'host: a b'],
      ['GET /executions HTTP/1.1', 'host: [::1'],
      ['GET /api/openapi.json HTTP/1.0', ''],
      [
        'GET /api/executions/exec_x/watch HTTP/1.1',
        'host: x/y\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-version: 13\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==',
      ],
    ]) {
      const answer = await raw([line, host].filter(Boolean).join('\r\n'))
      expect(answer, `${line} ${host}`).toMatch(/^HTTP\/1\.[01] 400 /)
    }
    // The optimiser of next/image is off (the console has no images to optimise): nothing to make the server fetch.
    expect((await fetch(`${base}/_next/image?url=%2Ffavicon.ico&w=64&q=75`)).status).toBe(404)
  })

  it('answers an upgrade to anywhere but its own WebSockets with 404 and closes the connection, rather than holding it for good', async () => {
    const url = new URL(base)
    for (const [path, protocol] of [
      ['/x', 'websocket'],
      ['/api/trpc', 'websocket'],
      ['/', 'h2c'],
    ]) {
      const socket = connect(Number(url.port), url.hostname)
      socket.on('error', () => {})
      let answer = ''
      socket.on('data', (chunk) => (answer += chunk.toString()))
      const closed = new Promise<boolean>((resolve) => {
        socket.once('close', () => resolve(true))
        setTimeout(() => resolve(false), 5_000)
      })
      await new Promise((resolve) => socket.once('connect', resolve))
      socket.write(
        `GET ${path} HTTP/1.1\r\nhost: ${url.host}\r\nconnection: Upgrade\r\nupgrade: ${protocol}\r\nsec-websocket-version: 13\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      )
      expect(await closed, `${path} (${protocol}) left open`).toBe(true)
      expect(answer, path).toMatch(/^HTTP\/1\.1 404 /)
      socket.destroy()
    }
  })
})
