// Two console processes on one database share live events through Redis (REDIS_URL): a change
// made through one reaches a watcher connected to the other.
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { startRedis } from '../scripts/local-redis'
import { readStreamUntil, startConsole, type ConsoleProcess } from './console-process'

const cleanup: (() => Promise<unknown>)[] = []
afterAll(async () => {
  while (cleanup.length) await cleanup.pop()!()
})

describe('a shared event bus', () => {
  it("delivers one process's events to the other's watchers", async () => {
    const redis = await startRedis()
    cleanup.push(() => redis.stop())
    const file = join(inject('testDir'), 'two-processes.db')
    copyFileSync(inject('templateDb'), file)
    const env = { ...process.env, DATABASE_URL: `file:${file}`, REDIS_URL: redis.url, DEMO: 'off' }
    const a: ConsoleProcess = await startConsole(env)
    cleanup.push(() => a.kill())
    const b: ConsoleProcess = await startConsole(env)
    cleanup.push(() => b.kill())

    const post = (via: ConsoleProcess, path: string, body: unknown) =>
      via.fetch(`${via.base}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const { $id } = (await (await post(a, '/executions', { service: 'sdr-service' })).json()) as { $id: string }

    const onB = readStreamUntil(`${b.base}/api/executions/${$id}/watch`, 'execution.paused', b.headers)
    const onA = readStreamUntil(`${a.base}/api/executions/${$id}/watch`, 'execution.paused', a.headers)
    await new Promise((r) => setTimeout(r, 500))
    expect((await post(a, `/executions/${$id}/start`, {})).status).toBe(200) // through A
    expect((await post(b, `/executions/${$id}/pause`, {})).status).toBe(200) // through B
    const [seenOnB, seenOnA] = await Promise.all([onB, onA])
    for (const seen of [seenOnA, seenOnB]) {
      expect(seen).toContain('execution.started')
      expect(seen).toContain('execution.paused')
    }
  }, 120_000)
})
