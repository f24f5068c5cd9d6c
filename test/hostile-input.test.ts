// What an attacker or a careless integrator sends, over HTTP as they would send it: each is
// refused with a 4xx naming what was wrong and what is allowed, and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_TRPC_BATCH } from '@/trpc/limits'
import { startRestServer } from './helpers'

let api: Awaited<ReturnType<typeof startRestServer>>
beforeAll(async () => {
  api = await startRestServer()
}, 60_000)
afterAll(async () => api.close())

describe('tRPC batches', () => {
  it(`refuses a batch of more than ${MAX_TRPC_BATCH} calls, naming the limit, before running any of them`, async () => {
    const batch = (n: number) => fetch(`${api.base}/trpc/${Array.from({ length: n }, () => 'me').join(',')}?batch=1`, { headers: api.admin })
    const refused = await batch(MAX_TRPC_BATCH + 1)
    expect(refused.status).toBe(400)
    const answers = (await refused.json()) as { error: { json: { message: string } } }[]
    expect(answers).toHaveLength(MAX_TRPC_BATCH + 1)
    expect(answers.every((a) => a.error.json.message === `a batch of ${MAX_TRPC_BATCH + 1} calls; at most ${MAX_TRPC_BATCH} in one request (send the rest in another)`)).toBe(true)
    const taken = await batch(MAX_TRPC_BATCH)
    expect(taken.status).toBe(200)
    expect(((await taken.json()) as unknown[]).length).toBe(MAX_TRPC_BATCH)
  })
})

describe('superjson annotations in a tRPC call', () => {
  it('stores what the JSON says: shared references do not multiply a small request into millions of nodes', async () => {
    // Each level's `b` named as the same object as its `a`: 2^18 nodes from 1.3 KB, were that applied.
    let context: unknown = null
    for (let i = 0; i < 18; i++) context = { a: context, b: null }
    const refs: Record<string, string[]> = {}
    for (let i = 0, path = 'context'; i < 17; i++, path += '.a') refs[`${path}.a`] = [`${path}.b`]
    const body = JSON.stringify({ json: { service: 'sdr-service', context }, meta: { referentialEqualities: refs } })
    const res = await fetch(`${api.base}/trpc/executions.create`, { method: 'POST', headers: { ...api.admin, 'content-type': 'application/json' }, body })
    expect(res.status).toBe(200)
    const { $id } = ((await res.json()) as { result: { data: { json: { $id: string } } } }).result.data.json
    const stored = (await api.call('GET', `/executions/${$id}`)).body.context
    expect(stored).toEqual(context)
  })
})

describe('superjson annotations of other values than dates', () => {
  it('refuses a bigint, a Map, a Set, a RegExp, an Error, NaN or a class in an input (400, nothing written); dates and left-out fields stay taken', async () => {
    const before = await api.db.execution.count()
    const create = (meta: unknown) =>
      fetch(`${api.base}/trpc/executions.create`, {
        method: 'POST',
        headers: { ...api.admin, 'content-type': 'application/json' },
        body: JSON.stringify({ json: { service: 'sdr-service', metadata: { x: '123' } }, meta }),
      })
    for (const annotation of ['bigint', 'map', 'set', 'regexp', 'Error', 'number', ['class', 'X'], ['custom', 'y']]) {
      const res = await create({ values: { 'metadata.x': [annotation] } })
      expect(res.status, JSON.stringify(annotation)).toBe(400)
      const { message } = ((await res.json()) as { error: { json: { message: string } } }).error.json
      expect(message).toBe(`input: a value annotated ${JSON.stringify(annotation)} is not taken; JSON values and dates are (the API takes what a JSON client can send)`)
    }
    // Nested under another annotation's children, too.
    expect((await create({ values: { metadata: ['undefined', { x: ['bigint'] }] } })).status).toBe(400)
    expect(await api.db.execution.count()).toBe(before)
    expect((await create({ values: { 'metadata.x': ['undefined'] } })).status).toBe(200)
  })
})

describe('tRPC requests that are not well formed', () => {
  it('answers a malformed percent-escape in the path (REST too), or a body that is not superjson, with a 400 saying so', async () => {
    for (const path of ['/trpc/%E0%A4%A', '/trpc/me%', '/executions/%E0%A4%A', '/task-definitions/%', '/tasks/%E0/start']) {
      const res = await fetch(api.base + path, { headers: api.admin })
      expect(res.status, path).toBe(400)
      expect(await res.json()).toEqual({ error: { code: 'BAD_REQUEST', message: `path: malformed percent-escape in "/api${path}"`, field: 'path' } })
    }
    // In the query string too, key or value, on REST and on the watch streams: named as sent, not as U+FFFD.
    for (const [path, part] of [
      ['/executions?st%ZZatus=failed', 'st%ZZatus'],
      ['/executions?status=fail%E0', 'fail%E0'],
      ['/executions/watch?%', '%'],
      ['/executions/exec_x/watch?view=monitor%', 'monitor%'],
    ]) {
      const res = await fetch(api.base + path, { headers: { ...api.admin, accept: 'text/event-stream' } })
      expect(res.status, path).toBe(400)
      const { error } = (await res.json()) as { error: { code: string; message: string; field: string } }
      expect(error, path).toEqual({
        code: 'BAD_REQUEST',
        message: `query: ${JSON.stringify(part)} is not valid percent-encoding (a % is followed by two hex digits, and the bytes they make are UTF-8)`,
        field: 'query',
      })
    }
    for (const [body, got] of [
      ['null', 'null'],
      ['[1]', '[1]'],
      ['"x"', '"x"'],
    ]) {
      const res = await fetch(`${api.base}/trpc/views.save`, { method: 'POST', headers: { ...api.admin, 'content-type': 'application/json' }, body })
      expect(res.status, body).toBe(400)
      const { message } = ((await res.json()) as { error: { json: { message: string } } }).error.json
      expect(message, body).toBe(`input: expected superjson's {"json": …} around the value, got ${got}`)
    }
    expect(await api.db.savedView.count()).toBe(0)
  })
})

describe('a body of many unknown keys', () => {
  it('is refused naming the first of them and how many more, in a few kilobytes — the key names may even hold ";"', async () => {
    const keys = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, 1]))
    const before = await api.db.execution.count()
    const res = await api.call('POST', '/executions', { service: 'sdr-service', 'a; b': 1, ...keys })
    expect(res.status).toBe(400)
    expect(res.body.error.issues).toHaveLength(20)
    expect(res.body.error.issues[0]).toEqual({ path: 'a; b', message: expect.stringMatching(/^unknown field; allowed: order, service, /) })
    expect(res.body.error.message).toMatch(/; and 19981 more$/)
    expect(JSON.stringify(res.body).length).toBeLessThan(20_000)
    expect(await api.db.execution.count()).toBe(before)
  })
})

describe('failure messages grouped into failure groups', () => {
  it('takes addresses out whole, and reads a long run of name characters without an @ as it is', async () => {
    const { normaliseMessage } = await import('@/server/domain/failures')
    const { failureFingerprint } = await import('@/server/domain/failure-fingerprint')
    expect(normaliseMessage('Invalid email format for lead: maria@invalid')).toBe('Invalid email format for lead: <email>')
    expect(normaliseMessage('bounced: (a.b+tag@mail.example.com), retry 3')).toBe('bounced: (<email>), retry <n>')
    expect(normaliseMessage('from .ops-team@corp.example')).toBe('from .<email>')
    // 10 KB of what an address's name may hold and no @ (it backtracked through every position).
    const run = 'a.'.repeat(5_000)
    expect(normaliseMessage(run)).toBe(run.slice(0, 500))
    expect(failureFingerprint('E', 'step', `${run}@x`)).toBe(failureFingerprint('E', 'step', 'someone@else.example'))
  })
})

describe('a resume point no event has', () => {
  it('is refused with a 400 naming it, instead of a stream that stays open and says nothing (past 2^53 too)', async () => {
    const { $id } = (await api.call('POST', '/executions', { service: 'sdr-service' })).body
    const newest = (await api.call('GET', `/executions/${$id}/events?latest=true&limit=1`)).body.items[0].id as number
    const message = 'lastEventId: no event has this id; resume after an event id the stream sent, or without one (from now)'
    for (const [query, header] of [
      ['', String(newest + 1_000_000)],
      ['', '9007199254740993'],
      ['?view=monitor', '99999999999999999999999999'],
      [`?lastEventId=${newest + 1_000_000}`, undefined],
    ] as const) {
      const res = await fetch(`${api.base}/executions/${$id}/watch${query}`, {
        headers: { ...api.admin, accept: 'text/event-stream', ...(header ? { 'last-event-id': header } : {}) },
        signal: AbortSignal.timeout(5_000),
      })
      expect(res.status, `${query} ${header}`).toBe(400)
      expect(await res.json()).toEqual({ error: { code: 'BAD_REQUEST', message, field: 'lastEventId' } })
    }
    // An id the stream sent still resumes, and its head comes at once (not with the first ping, 15 s on).
    const ctl = new AbortController()
    const timer = setTimeout(() => ctl.abort(), 3_000)
    const ok = await fetch(`${api.base}/executions/${$id}/watch`, { headers: { ...api.admin, accept: 'text/event-stream', 'last-event-id': String(newest) }, signal: ctl.signal })
    clearTimeout(timer)
    expect(ok.status).toBe(200)
    ctl.abort()
  })
})
