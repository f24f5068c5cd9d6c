// The SDK's watcher from its sources, against the REST API on a real port: events reach `on`
// handlers and an iterator in order, once; an iterator that lags stops the reading (the console
// holds or replays what waits) instead of the client's memory growing.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, type WatchMessage } from '@execution-console/sdk'
import { startRestServer } from './helpers'
import { closeStreams, resetShutdown } from '@/server/ops/shutdown'

let api: Awaited<ReturnType<typeof startRestServer>>
beforeAll(async () => {
  api = await startRestServer()
})
afterAll(() => api.close())

describe('the SDK watcher', () => {
  it('gives a lagging iterator every event once, in order, with its queue bounded', async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    const execution = await $.ServiceExecution.create({ service: 'sdr-service', status: 'running' })
    const watcher = execution.watch()
    const progress: number[] = []
    watcher.on('progress', (p) => progress.push(p))
    const iterator = watcher[Symbol.asyncIterator]()
    await new Promise<void>((resolve) => watcher.on('state', () => resolve()))
    // 3,000 changes while nobody takes from the iterator: three times its bound of 1,000.
    for (let i = 1; i <= 3_000; i++) await api.executions.updateProgress(execution.$id, { type: 'worker', id: 'worker-1' }, (i % 100) + 0.5)
    await api.executions.complete(execution.$id, { type: 'worker', id: 'worker-1' }, { success: true, output: null, summary: 'done' })
    const seen: WatchMessage[] = []
    let largestQueue = 0
    try {
      for (;;) {
        const { value, done } = await iterator.next()
        if (done) break
        seen.push(value)
        largestQueue = Math.max(largestQueue, (watcher as unknown as { queue: unknown[] }).queue.length)
        if (value.type === 'completed') break
      }
    } finally {
      await watcher.close()
    }
    // The bound, overshot at most by the frames of one chunk read.
    expect(largestQueue).toBeLessThan(1_500)
    const ids = seen.map((m) => m.eventId)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(seen.filter((m) => m.type === 'progress')).toHaveLength(3_000)
    expect(seen.at(-1)!.type).toBe('completed')
  }, 120_000)

  it('tells the ending of an execution that ended before it was watched, once (a run that finished fast)', async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    const worker = { type: 'worker' as const, id: 'worker-1' }
    const done = await $.ServiceExecution.create({ service: 'sdr-service', status: 'running' })
    await api.executions.complete(done.$id, worker, { success: true, output: { n: 1 }, summary: 'already done' })
    const failed = await $.ServiceExecution.create({ service: 'sdr-service', status: 'running' })
    await api.executions.fail(failed.$id, worker, { code: 'API_TIMEOUT', message: 'slow upstream', recoverable: false })
    const running = await $.ServiceExecution.create({ service: 'sdr-service', status: 'running' })

    const ending = (id: string) => {
      const watcher = $.ServiceExecution[id]!.watch()
      const heard: string[] = []
      watcher.on('completed', (result) => heard.push(`completed ${result.summary}`))
      watcher.on('failed', (error) => heard.push(`failed ${(error as { code?: string }).code}`))
      watcher.on('message', (m) => heard.push(`message ${m.type}`))
      return { watcher, heard, state: new Promise<void>((resolve) => watcher.on('state', () => resolve())) }
    }
    const [a, b, c] = [ending(done.$id), ending(failed.$id), ending(running.$id)]
    await Promise.all([a.state, b.state, c.state])
    await new Promise((r) => setTimeout(r, 100))
    await Promise.all([a.watcher.close(), b.watcher.close(), c.watcher.close()])
    expect(a.heard).toEqual(['message completed', 'completed already done'])
    expect(b.heard).toEqual(['message failed', 'failed API_TIMEOUT'])
    expect(c.heard).toEqual([])
  })

  it('keeps what came before the iterator was made for it', async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    const execution = await $.ServiceExecution.create({ service: 'sdr-service', status: 'running' })
    const watcher = execution.watch()
    const heard: number[] = []
    watcher.on('progress', (p) => heard.push(p))
    await new Promise<void>((resolve) => watcher.on('state', () => resolve()))
    for (const p of [10, 20, 30]) await api.executions.updateProgress(execution.$id, { type: 'worker', id: 'worker-1' }, p)
    while (heard.length < 3) await new Promise((r) => setTimeout(r, 20))
    // Only now does anyone iterate: the three are there, in order.
    const taken: number[] = []
    try {
      for await (const message of watcher) {
        if (message.type === 'progress') taken.push(message.progress!)
        if (taken.length === 3) break
      }
    } finally {
      await watcher.close()
    }
    expect(taken).toEqual([10, 20, 30])
  })

  it('reconnects after a console shutdown ends the stream, missing nothing and hearing nothing twice', async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    const execution = await $.ServiceExecution.create({ service: 'sdr-service', status: 'running' })
    const watcher = execution.watch()
    const progress: number[] = []
    const reconnects: unknown[] = []
    const messages: WatchMessage[] = []
    watcher.on('progress', (p) => progress.push(p))
    watcher.on('reconnecting', (r) => reconnects.push(r))
    watcher.on('message', (m) => messages.push(m))
    await new Promise<void>((resolve) => watcher.on('state', () => resolve()))
    await api.executions.updateProgress(execution.$id, { type: 'worker', id: 'worker-1' }, 10)
    while (progress.length < 1) await new Promise((r) => setTimeout(r, 20))
    try {
      // As on SIGTERM: the stream gets its retry hint and last `shutdown` event, then ends.
      expect(closeStreams()).toBeGreaterThanOrEqual(1)
      await api.executions.updateProgress(execution.$id, { type: 'worker', id: 'worker-1' }, 20)
      while (progress.length < 2) await new Promise((r) => setTimeout(r, 20))
      await api.executions.updateProgress(execution.$id, { type: 'worker', id: 'worker-1' }, 30)
      while (progress.length < 3) await new Promise((r) => setTimeout(r, 20))
    } finally {
      await watcher.close()
      resetShutdown()
    }
    expect(progress).toEqual([10, 20, 30])
    expect(reconnects).toHaveLength(1)
    // The shutdown event is not an execution's message; nothing was heard twice.
    expect(messages.map((m) => m.type)).toEqual(['progress', 'progress', 'progress'])
    expect(new Set(messages.map((m) => m.eventId)).size).toBe(3)
  })
})

describe('the SDK watcher past the rate limit', () => {
  it('reconnects no sooner than the console says (Retry-After), not on its own shorter backoff', async () => {
    // A console that answers the first two watches 429 with Retry-After: 1, then streams.
    const asked: number[] = []
    const server = createServer((req, res) => {
      asked.push(Date.now())
      if (asked.length <= 2) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' })
        return void res.end(JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'past the rate' } }))
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write(': subscribed\n\n')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const $ = createClient({ url: `http://127.0.0.1:${port}`, headers: { authorization: 'Bearer k' } })
      const watcher = $.ServiceExecution.watchAll()
      await new Promise((resolve) => watcher.on('open', resolve))
      expect(asked).toHaveLength(3)
      // Its own backoff would have asked again after 250 and 500 ms.
      expect(asked[1]! - asked[0]!).toBeGreaterThanOrEqual(1_000)
      expect(asked[2]! - asked[1]!).toBeGreaterThanOrEqual(1_000)
      await watcher.close()
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
