// Two console processes on one database share live events through Redis (REDIS_URL): a change
// made through one reaches a watcher connected to the other; an API key's rate limit is one
// budget across both; the duties (supervision…) are carried out by one of them and move to the
// other when it is killed; a Redis that does not answer stops a start, named.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { freePort, startRedis } from '../scripts/local-redis'
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
    // One key for both, as REDIS_URL requires: each seals, opens and signs sessions with it.
    const env = { ...process.env, DATABASE_URL: `file:${file}`, REDIS_URL: redis.url, DEMO: 'off', ENCRYPTION_KEY: randomBytes(32).toString('base64'), API_KEY_RATE_LIMIT: '30' }
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

    // An API key's 30 requests a second are one budget across both processes: 25 through each
    // at once cannot all pass (each alone would let them), and every refusal is a 429.
    const me = (await (await a.fetch(`${a.base}/api/trpc/me`)).json()) as { result: { data: { json: { organizations: string[] } } } }
    const created = await a.fetch(`${a.base}/api/trpc/apiKeys.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { name: 'spread', organizationId: me.result.data.json.organizations[0], scope: 'read' } }),
    })
    const key = ((await created.json()) as { result: { data: { json: { key: string } } } }).result.data.json.key
    const statuses = await Promise.all(
      [a, b].flatMap((via) => Array.from({ length: 25 }, () => fetch(`${via.base}/api/executions?limit=1`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.status))),
    )
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(30)
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20)
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true)

    // Sign-in attempts from one address too (10 a minute: better-auth.ts), counted across both.
    const attempts = await Promise.all(
      [a, b].flatMap((via) =>
        Array.from({ length: 8 }, () =>
          fetch(`${via.base}/api/auth/sign-in/email`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: via.base },
            body: JSON.stringify({ email: 'nobody@test.local', password: 'not-the-password' }),
          }).then((r) => r.status),
        ),
      ),
    )
    // (Not Better Auth's own 3 in 10 s, which locked an operator out after a typo and two retries.)
    expect(attempts.filter((s) => s !== 429).length).toBeGreaterThanOrEqual(6)
    expect(attempts.filter((s) => s !== 429).length).toBeLessThanOrEqual(10)
    expect(attempts.filter((s) => s === 429).length).toBeGreaterThanOrEqual(6)

    // Supervision is one process's duty; killed (no shutdown, no hand-back), the other takes it
    // over once its lease lapses.
    const db = new Database(file, { readonly: true })
    cleanup.push(async () => db.close())
    const holderOf = (duty: string) => db.prepare('SELECT "owner", "expiresAt" FROM "DutyLease" WHERE "name" = ?').get(duty) as { owner: string; expiresAt: number } | undefined
    const pidOf = (owner: string) => Number(owner.split(':')[1])
    const first = holderOf('supervision')!
    expect(first).toBeDefined()
    const holder = [a, b].find((p) => isDescendant(pidOf(first.owner), p.child.pid!))!
    expect(holder).toBeDefined()
    const other = holder === a ? b : a
    await holder.kill('SIGKILL')
    const deadline = Date.now() + 30_000
    while (holderOf('supervision')!.owner === first.owner) {
      if (Date.now() > deadline) throw new Error('supervision was not taken over within 30 s')
      await new Promise((r) => setTimeout(r, 250))
    }
    expect(isDescendant(pidOf(holderOf('supervision')!.owner), other.child.pid!)).toBe(true)
  }, 180_000)

  it('stops a start whose Redis does not answer, naming it', async () => {
    const file = join(inject('testDir'), 'no-redis.db')
    copyFileSync(inject('templateDb'), file)
    const port = await freePort()
    const child = spawn('npx', ['tsx', 'server.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: `file:${file}`,
        REDIS_URL: `redis://127.0.0.1:${port}`,
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        DEMO: 'off',
        PORT: String(await freePort()),
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout!.on('data', (c) => (output += c))
    child.stderr!.on('data', (c) => (output += c))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code).toBe(1)
    expect(output).toContain(`cannot reach Redis at redis://127.0.0.1:${port}`)
  }, 60_000)
})

/** Whether `pid` is `ancestor` or runs under it (the console is npx's grandchild). */
function isDescendant(pid: number, ancestor: number): boolean {
  for (let p = pid, i = 0; p > 1 && i < 10; i++) {
    if (p === ancestor) return true
    try {
      p = Number(readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ')[1])
    } catch {
      return false
    }
  }
  return false
}
