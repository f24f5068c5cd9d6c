// Live updates: a watcher gets the state, then every event; one that reconnects with its last
// event id gets what it missed, once, in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCaller } from '@/server/api/routers/root'
import { contextFor } from '@/server/api/trpc'
import { operator, principal, startRestServer, takeSseFrames } from './helpers'
import type { CommittedEvent, EventBus } from '@/server/events/bus'

let api: Awaited<ReturnType<typeof startRestServer>>
/** tRPC as an operator who exists (an open stream checks every STREAM_RECHECK_MS that its user still does). */
let asOperator: () => ReturnType<typeof createCaller>
beforeAll(async () => {
  api = await startRestServer()
  const { id } = await api.access.users.create(
    { email: 'live-operator@test.local', name: 'Live operator', password: 'correct horse battery', role: 'operator', organizations: ['org-provider'] },
    null,
  )
  asOperator = () => createCaller(contextFor(api.services, principal('operator', ['org-provider'], id)))
})
afterAll(async () => api.close())

interface Sse {
  id: string
  event: string
  data: { type: string; eventId?: number; event?: string; status?: string; version?: number; execution?: { version: number }; logs?: { message: string }[] }
}

/** Reads a Server-Sent Events stream until `enough` says stop; then closes the connection. */
async function readSse(url: string, headers: Record<string, string>, enough: (messages: Sse[]) => boolean): Promise<Sse[]> {
  const controller = new AbortController()
  const res = await fetch(url, { headers: { ...api.admin, ...headers }, signal: controller.signal })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('text/event-stream')
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  const messages: Sse[] = []
  let buffer = ''
  const deadline = Date.now() + 10_000
  while (!enough(messages)) {
    if (Date.now() > deadline) throw new Error(`stream ended early with ${JSON.stringify(messages.map((m) => m.event))}`)
    const { value, done } = await reader.read()
    if (done) break
    buffer = takeSseFrames<Sse['data']>(buffer + decoder.decode(value, { stream: true }), (frame) => messages.push(frame))
  }
  controller.abort()
  return messages
}

describe('live updates', () => {
  it('streams the state, then events; a reconnect with Last-Event-ID misses nothing and repeats nothing', async () => {
    const { body: created } = await api.call('POST', '/executions', { service: 'sdr-service' })
    const url = `${api.base}/executions/${created.$id}/watch`
    // Changes once the stream is live: the state has come (then the stream has joined the bus). A
    // change made before would come replayed from the table, which holds no version.
    let live!: () => void
    const joined = new Promise<void>((r) => (live = r))
    const first = readSse(url, {}, (m) => {
      if (m.length) live()
      return m.some((x) => x.event === 'log')
    })
    await joined
    await api.call('POST', `/executions/${created.$id}/start`)
    await api.call('POST', `/executions/${created.$id}/logs`, { level: 'info', message: 'first line' })
    const got = await first
    expect(got.map((m) => m.event)).toEqual(['state', 'status_changed', 'log'])
    expect(got[1]!.data.status).toBe('running')
    expect(got[2]!.data.logs?.map((l) => l.message)).toEqual(['first line'])
    // A live change's event says the version it left: a page shows it without reading the execution again.
    expect(got[1]!.data.version).toBe(got[0]!.data.execution!.version + 1)

    // Disconnected: these happen while nobody listens.
    await api.call('POST', `/executions/${created.$id}/pause`)
    await api.call('POST', `/executions/${created.$id}/resume`)
    await api.call('POST', `/executions/${created.$id}/logs`, {
      logs: [
        { level: 'warn', message: 'a' },
        { level: 'info', message: 'b' },
      ],
    })

    const lastSeen = got.at(-1)!.id
    const again = readSse(url, { 'Last-Event-ID': lastSeen }, (m) => m.some((x) => x.event === 'completed'))
    await new Promise((r) => setTimeout(r, 100))
    await api.call('POST', `/executions/${created.$id}/complete`, { success: true, output: {}, summary: 'done' })
    const resumed = await again
    expect(resumed.map((m) => m.data.event)).toEqual(['execution.paused', 'execution.resumed', 'execution.log', 'execution.completed'])
    const ids = [...got, ...resumed].filter((m) => m.event !== 'state').map((m) => Number(m.id))
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    const stored = (await api.queries.events(created.$id, { limit: 100 })).items.map((e) => e.id).filter((id) => id > Number(got[0]!.id))
    expect(ids).toEqual(stored)
  })

  it('answers 404 for an unknown execution and 400 for a bad Last-Event-ID', async () => {
    expect((await fetch(`${api.base}/executions/exec_missing/watch`, { headers: api.admin })).status).toBe(404)
    // An id longer than any (the REST routes' 200 characters) is refused, not echoed back in a 404.
    for (const view of ['', '?view=monitor']) {
      const long = await fetch(`${api.base}/executions/${'a'.repeat(7_000)}/watch${view}`, { headers: api.admin })
      expect(long.status).toBe(400)
      expect((await long.json()).error).toMatchObject({ code: 'BAD_REQUEST', field: 'id', message: 'id: at most 200 characters; got 7000' })
    }
    const { body } = await api.call('POST', '/executions', { service: 'sdr-service' })
    expect((await fetch(`${api.base}/executions/${body.$id}/watch`, { headers: { ...api.admin, 'Last-Event-ID': 'yesterday' } })).status).toBe(400)
  })

  it('serves the same stream as a tRPC subscription, tracked by event id', async () => {
    const caller = asOperator()
    const created = await api.executions.create(operator, { service: 'content-service' })
    const stream = await caller.executions.watch({ id: created.$id })
    const seen: { id: string; type: string }[] = []
    const reading = (async () => {
      // In-process, tracked() messages arrive as their envelope: [id, data].
      for await (const item of stream as unknown as AsyncIterable<[string, { type: string }]>) {
        const [id, data] = item
        seen.push({ id, type: data.type })
        if (data.type === 'cancelled') break
      }
    })()
    await new Promise((r) => setTimeout(r, 50))
    await api.executions.start(created.$id, operator)
    await api.executions.cancel(created.$id, operator, { reason: 'test' })
    await reading
    expect(seen.map((s) => s.type)).toEqual(['state', 'status_changed', 'cancelled'])
    expect(Number(seen[2]!.id)).toBeGreaterThan(Number(seen[1]!.id))
  })

  it('resumes a tRPC watch from its last event id, and feeds list views only what matches their filter', async () => {
    const caller = asOperator()
    const e = await api.executions.create(operator, { service: 'content-service' })
    const started = await api.executions.start(e.$id, operator)
    const events = (await api.queries.events(e.$id, { limit: 10 })).items
    await api.executions.pause(started.$id, operator)
    // A client that saw only the created event comes back.
    const resumed = await caller.executions.watch({ id: e.$id, lastEventId: String(events[0]!.id) })
    const types: string[] = []
    for await (const [, data] of resumed as unknown as AsyncIterable<[string, { event?: string; type: string }]>) {
      types.push(data.event ?? data.type)
      if (data.event === 'execution.paused') break
    }
    expect(types).toEqual(['execution.started', 'execution.paused'])

    const feed = await caller.executions.feed({ service: ['content-service'] })
    const seen: string[] = []
    const reading = (async () => {
      for await (const [, data] of feed as unknown as AsyncIterable<[string, { executionId: string; event: string }]>) {
        seen.push(`${data.executionId}:${data.event}`)
        if (seen.length === 2) break
      }
    })()
    await new Promise((r) => setTimeout(r, 50))
    const other = await api.executions.create(operator, { service: 'sdr-service' })
    const mine = await api.executions.create(operator, { service: 'content-service' })
    await api.executions.start(other.$id, operator)
    await api.executions.start(mine.$id, operator)
    await reading
    expect(seen).toEqual([`${mine.$id}:execution.created`, `${mine.$id}:execution.started`])
  })

  it("sends another process's event in order even when it arrives after a later local one", async () => {
    // Through Redis, events of two processes can arrive out of id order.
    const { createLiveService } = await import('@/server/events/live')
    const { openReader } = await import('@/server/db/reader')
    const listeners = new Set<(e: CommittedEvent) => void>()
    const unordered: EventBus = {
      ordered: false,
      publish: (events) => events.forEach((e) => listeners.forEach((l) => l(e))),
      subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
    }
    const live = createLiveService({ reader: openReader(api.file), bus: unordered })
    const created = await api.executions.create(operator, { service: 'sdr-service' })
    const controller = new AbortController()
    const received: string[] = []
    const reading = (async () => {
      for await (const { message } of live.events({ executionId: created.$id, lastEventId: live.lastEventIdOf(created.$id), signal: controller.signal })) {
        received.push(message.event)
        if (received.length === 2) controller.abort()
      }
    })()
    const before = api.published.length
    await api.executions.start(created.$id, operator)
    await api.executions.pause(created.$id, operator)
    const [started, paused] = api.published.slice(before).filter((e) => e.executionId === created.$id)
    unordered.publish([paused!]) // the local one first
    unordered.publish([started!]) // then the other process's, late
    await reading
    expect(received).toEqual(['execution.started', 'execution.paused'])
  })
})

describe('bounded streams', () => {
  it('replays a feed only so far back, in SQL and in pages that let the server go on; past the bound it says to list again', async () => {
    const caller = asOperator()
    const { MAX_FEED_REPLAY } = await import('@/server/events/live')
    const e = await api.executions.create(operator, { service: 'content-service' })
    await api.executions.start(e.$id, operator)
    // The cursor of its own last event (on PostgreSQL the newest event of all below the watermark
    // can be older while another transaction anywhere on the server is open).
    const before = api.services.live.lastEventIdOf(e.$id)
    // Thousands of events of executions the feed's filter does not match, then one that it does.
    const other = await api.executions.create(operator, { service: 'sdr-service', status: 'running' })
    await Promise.all(Array.from({ length: 3_000 }, (_, i) => api.executions.updateProgress(other.$id, operator, i % 100)))
    await api.executions.pause(e.$id, operator)
    const feed = await caller.executions.feed({ service: ['content-service'], lastEventId: String(before) })
    const seen: string[] = []
    for await (const [, data] of feed as unknown as AsyncIterable<[string, { executionId: string; event: string }]>) {
      seen.push(data.event)
      if (data.event === 'execution.paused') break
    }
    expect(seen).toEqual(['execution.paused']) // none of the 3,000 others
    // All of them, unfiltered: read in pages, timers of others run in between.
    let ticks = 0
    const timer = setInterval(() => (ticks += 1), 1)
    const all = await caller.executions.feed({ lastEventId: String(before) })
    let count = 0
    for await (const [, data] of all as unknown as AsyncIterable<[string, { event: string }]>) {
      count += 1
      if (data.event === 'execution.paused') break
    }
    clearInterval(timer)
    expect(count).toBeGreaterThan(3_000)
    expect(ticks).toBeGreaterThan(0)

    // Too far behind: refused with what to do instead.
    await Promise.all(Array.from({ length: MAX_FEED_REPLAY + 10 - 3_000 }, (_, i) => api.executions.updateProgress(other.$id, operator, i % 100)))
    const stale = await caller.executions.feed({ lastEventId: String(before) })
    await expect(
      (async () => {
        for await (const _ of stale) break
      })(),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/too far behind; a feed replays at most 10000 events: list the executions again/) })
  }, 180_000) // 10,000 changes: 23 s alone on PostgreSQL (a round trip each), over 90 s once on a loaded machine

  it('carries at most 100 lines of a log batch in a watch message, saying the rest is in the logs API', async () => {
    const { body } = await api.call('POST', '/executions', { service: 'sdr-service' })
    const batch = Array.from({ length: 5_000 }, (_, i) => ({ level: 'info', message: `line ${i}` }))
    const reading = readSse(`${api.base}/executions/${body.$id}/watch`, {}, (m) => m.some((x) => x.event === 'log'))
    await new Promise((r) => setTimeout(r, 100))
    await api.call('POST', `/executions/${body.$id}/logs`, { logs: batch })
    const log = (await reading).find((m) => m.event === 'log')!
    expect(log.data.logs).toHaveLength(100)
    expect(log.data).toMatchObject({ logsTruncated: true, data: { count: 5_000 } })
    expect(log.data.logs!.at(-1)!.message).toBe('line 99')
  })
})
