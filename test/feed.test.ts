// The feed across executions (GET /api/executions/watch) and seed 001's `on.ServiceExecution`
// handlers on it, through a real server: only the executions a filter matches and the caller
// may see, resumed after Last-Event-ID without gaps or repeats, refused with reasons for bad
// input and too old a cursor, ended when its key is revoked.
import { connect } from 'node:net'
import { WebSocket } from 'ws'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { $, createClient, on, type Execution, type WatchMessage } from '@execution-console/sdk'
import { forgetConfig } from '@/server/config'
import { MAX_FEED_REPLAY } from '@/server/events/live'
import { metrics } from '@/server/ops/metrics'
import { operator, principal, startRestServer, takeSseFrames, until } from './helpers'

const worker = { type: 'worker' as const, id: 'worker-1' }
const admin = principal('admin', ['org-provider'])
const bearer = (key: string) => ({ authorization: `Bearer ${key}` })
let api: Awaited<ReturnType<typeof startRestServer>>
beforeAll(async () => {
  process.env.STREAM_RECHECK_MS = '200' // open streams look for a revoked key this often here
  forgetConfig()
  api = await startRestServer()
  for (const id of ['org-a', 'org-b']) await api.db.organization.create({ data: { id, name: id, createdAt: new Date() } })
}, 60_000)
afterAll(async () => {
  delete process.env.STREAM_RECHECK_MS
  forgetConfig()
  await api.close()
})

interface Frame {
  id: string
  event: string
  data: WatchMessage
}

/** Opens the feed with `query`; frames as they come, until `stop()`. */
async function openFeed(query: string, headers: Record<string, string>, lastEventId?: number) {
  const controller = new AbortController()
  const res = await fetch(`${api.base}/executions/watch${query}`, {
    headers: { ...headers, accept: 'text/event-stream', ...(lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {}) },
    signal: controller.signal,
  })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('text/event-stream')
  const frames: Frame[] = []
  /** The ids of `event: cursor` frames: where the feed stands with no event for this client. */
  const cursors: number[] = []
  let ended = false
  const reading = (async () => {
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        buffer = takeSseFrames<WatchMessage>(buffer + decoder.decode(value, { stream: true }), (frame) => {
          if (frame.event !== 'cursor') return void frames.push(frame)
          expect(frame.data).toEqual({ eventId: Number(frame.id) })
          cursors.push(Number(frame.id))
        })
      }
    } catch {
      // aborted
    }
    ended = true
  })()
  return {
    frames,
    cursors,
    ended: () => ended,
    stop: async () => {
      controller.abort()
      await reading
    },
  }
}

/** Waits until the feed has a frame `ok` accepts. */
const heard = (feed: { frames: Frame[] }, ok: (f: Frame) => boolean) =>
  until(
    () => feed.frames,
    (fs) => fs.some(ok),
  )

describe('the feed across executions', () => {
  it('streams only the executions its filter matches, each event naming its execution, and resumes after Last-Event-ID with nothing missed or repeated', async () => {
    const feed = await openFeed('?service=content-service&status=running,paused', api.admin)
    const mine = await api.executions.create(operator, { service: 'content-service', status: 'running' })
    const otherService = await api.executions.create(operator, { service: 'sdr-service', status: 'running' })
    await api.executions.updateProgress(otherService.$id, worker, 10)
    await api.executions.updateProgress(mine.$id, worker, 40)
    await api.executions.pause(mine.$id, operator)
    await heard(feed, (f) => f.data.event === 'execution.paused')
    await feed.stop()
    expect(feed.frames.every((f) => f.data.executionId === mine.$id)).toBe(true)
    expect(feed.frames.map((f) => f.data.event)).toEqual(['execution.created', 'execution.started', 'execution.progress', 'execution.paused'])
    expect(feed.frames.map((f) => f.id)).toEqual(feed.frames.map((f) => String(f.data.eventId)))

    // Away for a while: what happened meanwhile comes first, once, then live events.
    const last = Number(feed.frames.at(-1)!.id)
    await api.executions.resume(mine.$id, operator)
    await api.executions.updateProgress(mine.$id, worker, 70)
    const resumed = await openFeed('?service=content-service', api.admin, last)
    await heard(resumed, (f) => f.data.progress === 70)
    await api.executions.updateProgress(mine.$id, worker, 90)
    await heard(resumed, (f) => f.data.progress === 90)
    await resumed.stop()
    expect(resumed.frames.map((f) => f.data.event)).toEqual(['execution.resumed', 'execution.progress', 'execution.progress'])
    const ids = resumed.frames.map((f) => f.data.eventId)
    expect(ids.every((id) => id > last)).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('tells a client with no event yet where it stands, so a reconnect misses nothing that came meanwhile', async () => {
    await api.executions.create(operator, { service: 'content-service', status: 'running' }) // an event before it: the start is past it
    const feed = await openFeed('?service=sdr-service', api.admin)
    // At once, with no event of its own: the newest event it may see, which it starts after.
    await until(
      () => feed.cursors,
      (cs) => cs.length > 0,
    )
    expect(feed.frames).toEqual([])
    const [cursor] = feed.cursors
    expect(cursor).toBeGreaterThanOrEqual(1)
    await feed.stop()
    // While it is away: an execution its filter matches. A client that kept no cursor would resume from now, without it.
    const meanwhile = await api.executions.create(operator, { service: 'sdr-service', status: 'running' })
    const resumed = await openFeed('?service=sdr-service', api.admin, cursor)
    await heard(resumed, (f) => f.data.executionId === meanwhile.$id)
    expect(resumed.frames.filter((f) => f.data.executionId === meanwhile.$id).map((f) => f.data.event)).toEqual(['execution.created', 'execution.started'])
    await resumed.stop()

    // The SDK keeps it as its last event id before any event comes.
    const $ = createClient({ url: api.origin, headers: api.admin })
    const watcher = $.ServiceExecution.watchAll({ service: 'sdr-service', status: 'paused' })
    await new Promise((resolve) => watcher.on('open', resolve))
    await until(
      () => watcher.lastEventId,
      (id) => id !== undefined,
    )
    expect(watcher.lastEventId).toBeGreaterThanOrEqual(cursor!)
    await watcher.close()

    // It names only an event the caller may see: not the console's newest (another organisation's), nor how busy it is.
    const keyA = api.access.apiKeys.create({ name: 'a quiet reader', organizationId: 'org-a', scope: 'read' }, principal('admin', ['org-a']))
    const ofA = await api.executions.create({ ...operator, organizations: ['org-a'] }, { service: 'sdr-service', status: 'running' })
    const ofB = await api.executions.create({ ...operator, organizations: ['org-b'] }, { service: 'sdr-service', status: 'running' })
    const quiet = await openFeed('?service=content-service', bearer(keyA.key))
    await until(
      () => quiet.cursors,
      (cs) => cs.length > 0,
    )
    expect(quiet.cursors).toEqual([api.services.live.lastEventIdOf(ofA.$id)])
    expect(quiet.cursors[0]).toBeLessThan(api.services.live.lastEventIdOf(ofB.$id))
    await quiet.stop()
  })

  it('shows an organisation only its own executions, and ends when the key is revoked', async () => {
    const keyA = api.access.apiKeys.create({ name: 'a dashboard', organizationId: 'org-a', scope: 'read' }, principal('admin', ['org-a']))
    const feed = await openFeed('', bearer(keyA.key))
    const ofB = await api.executions.create({ ...operator, organizations: ['org-b'] }, { service: 'sdr-service', status: 'running' })
    const ofA = await api.executions.create({ ...operator, organizations: ['org-a'] }, { service: 'sdr-service', status: 'running' })
    await api.executions.updateProgress(ofB.$id, worker, 50)
    await api.executions.updateProgress(ofA.$id, worker, 50)
    await heard(feed, (f) => f.data.executionId === ofA.$id && f.data.event === 'execution.progress')
    expect(feed.frames.some((f) => f.data.executionId === ofB.$id)).toBe(false)
    // Resuming from before B's events does not bring them either (the replay filters in SQL).
    const again = await openFeed('', bearer(keyA.key), feed.frames[0]!.data.eventId - 1)
    await heard(again, (f) => f.data.executionId === ofA.$id && f.data.event === 'execution.progress')
    await again.stop()
    expect(again.frames.some((f) => f.data.executionId === ofB.$id)).toBe(false)

    api.access.apiKeys.revoke(keyA.id, principal('admin', ['org-a']))
    await until(
      () => feed.ended(),
      (e) => e,
      5_000,
    )
    expect(feed.ended()).toBe(true)
    // Its last frame says why, as a reconnect's refusal would: a generic SSE client learns it too.
    const last = feed.frames.at(-1)! as unknown as { event: string; data: { type: string; status: number; error: { code: string; message: string } } }
    expect(last.event).toBe('ended')
    expect(last.data).toMatchObject({ type: 'ended', status: 401, error: { code: 'UNAUTHENTICATED', message: expect.stringMatching(/revoked/) } })
    await feed.stop()
    expect((await fetch(`${api.base}/executions/watch`, { headers: bearer(keyA.key) })).status).toBe(401)
  })

  it('ends, and lets go of the socket, when the key of a client that stopped reading is revoked', async () => {
    const key = api.access.apiKeys.create({ name: 'a stuck reader', organizationId: 'org-a', scope: 'read' }, principal('admin', ['org-a']))
    // The feeds open in this process (the server is this test's): a paused socket never reports its end.
    const openFeeds = async () => (await metrics().openStreams.get()).values.find((v) => v.labels.kind === 'sse-feed')?.value ?? 0
    const before = await openFeeds()
    const origin = new URL(api.base)
    const socket = connect(Number(origin.port), origin.hostname)
    let closed = false
    socket.on('close', () => (closed = true))
    socket.on('error', () => {})
    await new Promise((resolve) => socket.once('connect', resolve))
    socket.write(`GET /api/executions/watch HTTP/1.1\r\nhost: ${origin.host}\r\nauthorization: Bearer ${key.key}\r\naccept: text/event-stream\r\n\r\n`)
    // Read the head, then stop reading: what the feed writes piles up until the server waits on it.
    await new Promise((resolve) => socket.once('data', resolve))
    socket.pause()
    expect(await openFeeds()).toBe(before + 1)
    const busy = await api.executions.create({ ...operator, organizations: ['org-a'] }, { service: 'sdr-service', status: 'running' })
    const line = 'x'.repeat(2_000)
    for (let batch = 0; batch < 60; batch++)
      await api.executions.log(
        busy.$id,
        worker,
        Array.from({ length: 100 }, () => ({ level: 'info' as const, message: line })),
      )
    expect(closed).toBe(false)
    api.access.apiKeys.revoke(key.id, principal('admin', ['org-a']))
    // Without a reader the feed waits on the socket to drain; the revocation ends that wait and the stream.
    expect(await until(openFeeds, (n) => n === before)).toBe(before)
    socket.destroy()
  }, 60_000)

  it('holds at most STREAMS_PER_PRINCIPAL live streams of one key open at once, over REST and tRPC alike; one that closes makes room', async () => {
    process.env.STREAMS_PER_PRINCIPAL = '3'
    forgetConfig()
    const admin = principal('admin', ['org-a'])
    const key = api.access.apiKeys.create({ name: 'a greedy reader', organizationId: 'org-a', scope: 'read' }, admin)
    const other = api.access.apiKeys.create({ name: 'a neighbour', organizationId: 'org-a', scope: 'read' }, admin)
    try {
      const one = await api.executions.create({ ...operator, organizations: ['org-a'] }, { service: 'sdr-service', status: 'running' })
      const open: AbortController[] = []
      const stream = async (path: string, headers = bearer(key.key)) => {
        const controller = new AbortController()
        const res = await fetch(`${api.base}${path}`, { headers: { ...headers, accept: 'text/event-stream' }, signal: controller.signal })
        if (res.ok) open.push(controller)
        return { status: res.status, retryAfter: res.headers.get('retry-after'), json: async () => (res.ok ? null : res.json()) }
      }
      expect((await stream('/executions/watch')).status).toBe(200)
      expect((await stream(`/executions/${one.$id}/watch`)).status).toBe(200)
      const trpcInput = encodeURIComponent(JSON.stringify({ json: { id: one.$id } }))
      expect((await stream(`/trpc/executions.watch?input=${trpcInput}`)).status).toBe(200)
      // The fourth, whichever kind: refused with when to try again, naming the limit.
      for (const path of ['/executions/watch', `/executions/${one.$id}/watch?view=monitor`]) {
        const refused = await stream(path)
        expect(refused.status).toBe(429)
        expect(refused.retryAfter).toBe('5')
        expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({
          code: 'RATE_LIMITED',
          message: expect.stringMatching(/this API key has 3 live streams open, the most it may \(STREAMS_PER_PRINCIPAL\)/),
        })
      }
      // A WebSocket watch is one too: refused before any socket.
      const ws = new WebSocket(`${api.base.replace('http', 'ws')}/executions/${one.$id}/watch`, { headers: bearer(key.key) })
      ws.on('error', () => {}) // (terminated below, before it ever opened)
      const wsRefusal = await new Promise<number>((resolve) => {
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
        ws.on('open', () => resolve(101))
      })
      ws.terminate()
      expect(wsRefusal).toBe(429)
      // And a tRPC subscription is refused as tRPC says "too many requests".
      const trpcRefused = await fetch(`${api.base}/trpc/executions.feed?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`, {
        headers: { ...bearer(key.key), accept: 'text/event-stream' },
      })
      expect(await trpcRefused.text()).toMatch(/TOO_MANY_REQUESTS[\s\S]*STREAMS_PER_PRINCIPAL|STREAMS_PER_PRINCIPAL[\s\S]*TOO_MANY_REQUESTS/)
      // Another key is not held back by this one's streams.
      expect((await stream('/executions/watch', bearer(other.key))).status).toBe(200)
      // The tRPC subscription ends: its place is free again.
      open[2]!.abort()
      await until(
        async () => {
          const again = await stream('/executions/watch')
          return again.status
        },
        (status) => status === 200,
      )
      expect(open).toHaveLength(5)
      for (const c of open) c.abort()

      // Clients gone while they were being let in (the request sent, the socket closed at once) hold no place.
      const origin = new URL(api.base)
      for (let i = 0; i < 30; i++) {
        const path = ['/api/executions/watch', `/api/executions/${one.$id}/watch`, `/api/executions/${one.$id}/watch?view=monitor`][i % 3]
        const socket = connect(Number(origin.port), origin.hostname)
        socket.on('error', () => {})
        socket.write(`GET ${path} HTTP/1.1\r\nhost: ${origin.host}\r\nauthorization: Bearer ${key.key}\r\naccept: text/event-stream\r\n\r\n`, () => socket.destroy())
      }
      await new Promise((r) => setTimeout(r, 500))
      open.length = 0
      const statuses = []
      for (let i = 0; i < 3; i++) statuses.push((await stream('/executions/watch')).status)
      expect(statuses).toEqual([200, 200, 200])
      for (const c of open) c.abort()
    } finally {
      delete process.env.STREAMS_PER_PRINCIPAL
      forgetConfig()
    }
  })

  it('refuses, naming what was wrong, an unknown parameter, a bad value, a range out of order, a bad cursor and one too far behind', async () => {
    const refusal = async (query: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${api.base}/executions/watch${query}`, { headers: { ...api.admin, ...headers } })
      return { status: res.status, message: ((await res.json()) as { error: { message: string } }).error.message }
    }
    expect(await refusal('?limit=5')).toMatchObject({ status: 400, message: expect.stringMatching(/limit/) })
    expect(await refusal('?status=sleeping')).toMatchObject({ status: 400, message: expect.stringMatching(/status/) })
    expect(await refusal('?costMin=5&costMax=1')).toMatchObject({ status: 400, message: expect.stringMatching(/cost/) })
    expect(await refusal('', { 'last-event-id': 'abc' })).toMatchObject({ status: 400, message: expect.stringMatching(/Last-Event-ID/) })
    expect(await refusal('?lastEventId=-1')).toMatchObject({ status: 400, message: expect.stringMatching(/lastEventId/) })
    const noise = await api.executions.create(operator, { service: 'sdr-service', status: 'running' })
    const from = api.services.live.lastEventIdOf(noise.$id)
    for (let i = 0; i < MAX_FEED_REPLAY + 5; i += 500) await Promise.all(Array.from({ length: 500 }, (_, j) => api.executions.updateProgress(noise.$id, worker, (i + j) % 100)))
    expect(await refusal('', { 'last-event-id': String(from) })).toMatchObject({ status: 409, message: expect.stringMatching(/list the executions again/) })
    // The SDK's feed resumed that far back goes on from now, saying so (it used to end for good).
    const $ = createClient({ url: api.origin, headers: api.admin })
    const watcher = $.ServiceExecution.watchAll({ service: 'sdr-service' }, { lastEventId: from })
    const resets: { lastEventId: number; error: { status: number } }[] = []
    watcher.on('reset', (r) => resets.push(r as never))
    const messages: WatchMessage[] = []
    watcher.on('message', (m) => messages.push(m))
    await new Promise((resolve) => watcher.on('open', resolve))
    expect(resets).toEqual([{ lastEventId: from, error: expect.objectContaining({ status: 409 }) }])
    const after = await api.executions.create(operator, { service: 'sdr-service', status: 'running' })
    await until(
      () => messages,
      (ms) => ms.some((m) => m.executionId === after.$id),
    )
    expect(messages.some((m) => m.executionId === noise.$id)).toBe(false) // from now: none of what it was too far behind for
    await watcher.close()
    // Not signed in: refused as every route refuses.
    expect((await fetch(`${api.base}/executions/watch`)).status).toBe(401)
  }, 90_000)
})

describe("seed 001's on.ServiceExecution", () => {
  it('calls each handler with the execution as the console has it, for its event only, in order, until closed', async () => {
    const key = api.access.apiKeys.create({ name: 'integration', organizationId: 'org-provider', scope: 'write' }, admin)
    const $ = createClient({ url: api.origin, headers: bearer(key.key) })
    const started: string[] = []
    const completed: Execution[] = []
    const failed: string[] = []
    const subscriptions = [
      $.on.ServiceExecution.started((execution) => void started.push(execution.$id), { service: 'content-service' }),
      $.on.ServiceExecution.completed((execution) => void completed.push(execution), { service: 'content-service' }),
      $.on.ServiceExecution.failed((execution) => void failed.push(`${execution.$id}: ${execution.error?.message}`), { service: 'content-service' }),
    ]
    // Subscribed: the console has answered each stream.
    await Promise.all(subscriptions.map((s) => new Promise((resolve) => s.watcher.on('open', resolve))))
    const one = await $.ServiceExecution.create({ service: 'content-service' })
    const two = await $.ServiceExecution.create({ service: 'content-service' })
    const elsewhere = await $.ServiceExecution.create({ service: 'sdr-service' })
    await elsewhere.start()
    await one.start()
    await two.start()
    await one.complete({ success: true, output: { words: 1200 }, summary: 'written' })
    await two.fail({ code: 'MODEL_REFUSED', message: 'the model refused the brief' })
    // Three streams, each at its own pace: all four events.
    await until(
      () => started.length + completed.length + failed.length,
      (n) => n >= 4,
    )
    expect(started).toEqual([one.$id, two.$id])
    expect(completed.map((e) => e.$id)).toEqual([one.$id])
    expect(completed[0]!.status).toBe('completed')
    expect(typeof completed[0]!.metrics?.duration).toBe('number')
    // The execution handed over is a live one: its actions are there.
    expect(typeof completed[0]!.retry).toBe('function')
    expect(failed).toEqual([`${two.$id}: the model refused the brief`])

    await Promise.all(subscriptions.map((s) => s.close()))
    const three = await $.ServiceExecution.create({ service: 'content-service' })
    await three.start()
    await new Promise((r) => setTimeout(r, 300))
    expect(started).toEqual([one.$id, two.$id])
  })

  it('says so when a subscription ends for good (its key revoked), rather than falling silent', async () => {
    const key = api.access.apiKeys.create({ name: 'soon revoked', organizationId: 'org-provider', scope: 'read' }, admin)
    const $ = createClient({ url: api.origin, headers: bearer(key.key) })
    const said = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const subscription = $.on.ServiceExecution.failed(() => {})
      await new Promise((resolve) => subscription.watcher.on('open', resolve))
      api.access.apiKeys.revoke(key.id, admin)
      await until(
        () => said.mock.calls.find((call) => /on\.ServiceExecution\.failed: the subscription ended/.test(String(call[0]))),
        (call) => call !== undefined,
        10_000,
      )
      const [, error] = said.mock.calls.find((call) => /the subscription ended/.test(String(call[0])))!
      expect((error as { status?: number }).status).toBe(401)
      await subscription.close()
    } finally {
      said.mockRestore()
    }
  })

  it("reports an execution watch's end for good as its error, from the stream's last frame, and does not reconnect", async () => {
    const key = api.access.apiKeys.create({ name: 'watching, soon revoked', organizationId: 'org-provider', scope: 'read' }, admin)
    const { $id } = await api.executions.create(operator, { service: 'sdr-service', status: 'running' })
    const watcher = createClient({ url: api.origin, headers: bearer(key.key) }).ServiceExecution[$id]!.watch()
    const reconnects: unknown[] = []
    watcher.on('reconnecting', (r) => reconnects.push(r))
    const failed = new Promise<{ status: number; code: string; message: string }>((resolve) => watcher.on('error', (e) => resolve(e as never)))
    await new Promise((resolve) => watcher.on('state', resolve))
    api.access.apiKeys.revoke(key.id, admin)
    const error = await failed
    expect(error).toMatchObject({ name: 'AuthenticationError', status: 401, code: 'UNAUTHENTICATED', message: expect.stringMatching(/revoked/) })
    await new Promise((r) => setTimeout(r, 500))
    expect(reconnects).toEqual([])
    await watcher.close()
  })

  it("is also the module's own `on`, with `$`, as the seed imports them: the console at CONSOLE_URL with CONSOLE_API_KEY", async () => {
    delete process.env.CONSOLE_URL
    expect(() => $.ServiceExecution).toThrow(/CONSOLE_URL/)
    const key = api.access.apiKeys.create({ name: 'from the environment', organizationId: 'org-provider', scope: 'write' }, admin)
    process.env.CONSOLE_URL = api.origin
    process.env.CONSOLE_API_KEY = key.key
    try {
      const started: string[] = []
      const subscription = on.ServiceExecution.started(async (execution) => void started.push(execution.$id))
      await new Promise((resolve) => subscription.watcher.on('open', resolve))
      const execution = await $.ServiceExecution.create({ service: 'sdr-service' })
      await execution.start()
      await until(
        () => started,
        (ids) => ids.includes(execution.$id),
      )
      await subscription.close()
      expect(started).toContain(execution.$id)
    } finally {
      delete process.env.CONSOLE_URL
      delete process.env.CONSOLE_API_KEY
    }
  })

  it('$.ServiceExecution.watchAll streams every matching execution as one watcher', async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    const watcher = $.ServiceExecution.watchAll({ service: 'content-service', status: ['running', 'completed'] })
    const messages: WatchMessage[] = []
    watcher.on('message', (m) => messages.push(m))
    await new Promise((resolve) => watcher.on('open', resolve))
    const execution = await $.ServiceExecution.create({ service: 'content-service', status: 'running' })
    await execution.updateProgress(55)
    await execution.complete({ success: true, output: null, summary: 'done' })
    await until(
      () => messages,
      (ms) => ms.some((m) => m.type === 'completed' && m.executionId === execution.$id),
    )
    await watcher.close()
    expect(messages.filter((m) => m.executionId === execution.$id).map((m) => m.event)).toEqual([
      'execution.created',
      'execution.started',
      'execution.progress',
      'execution.completed',
    ])
    expect(watcher.lastEventId).toBe(messages.at(-1)!.eventId)
  })
})
