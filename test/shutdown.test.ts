// Graceful shutdown through `npm start`, as an operator or an orchestrator stops the console:
// SIGTERM to the npm process reaches the server (no orphan keeps serving), and
//   - a log batch request in flight completes (its lines are committed),
//   - an open SSE watch ends with a retry hint and a last `shutdown` event,
//   - a running engine step is interrupted and its lease handed back,
// and the process exits 0 within SHUTDOWN_TIMEOUT_MS, its port closed. Needs `next build`.
import Database from 'better-sqlite3'
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, inject, it } from 'vitest'
import WebSocket from 'ws'
import { freePort } from '../scripts/local-redis'
import { signIn, TEST_ADMIN } from './console-process'

const SHUTDOWN_TIMEOUT_MS = 10_000

interface Started {
  npm: ChildProcess
  base: string
  port: number
  file: string
  headers: Record<string, string>
  /** The server's log lines (JSON) so far. */
  lines: () => Record<string, unknown>[]
  serverPid: number
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>
}

let running: Started | undefined
afterEach(() => {
  // A test that failed midway leaves nothing running.
  if (running?.npm.pid && running.npm.exitCode === null) {
    try {
      process.kill(-running.npm.pid, 'SIGKILL')
    } catch {
      // gone
    }
  }
  running = undefined
})

async function npmStart(): Promise<Started> {
  const file = join(inject('testDir'), `shutdown-${randomUUID()}.db`)
  copyFileSync(inject('templateDb'), file)
  const port = await freePort()
  const npm = spawn('npm', ['start'], {
    env: {
      ...process.env,
      DATABASE_URL: `file:${file}`,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      DEMO: 'off',
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      ENCRYPTION_KEY_FILE: join(inject('testDir'), 'shutdown.key'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true, // its own process group: what is left of it afterwards can be seen (and killed)
  })
  const lines: Record<string, unknown>[] = []
  let buffered = ''
  npm.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString()
    const parts = buffered.split('\n')
    buffered = parts.pop()!
    for (const line of parts) if (line.startsWith('{')) lines.push(JSON.parse(line) as Record<string, unknown>)
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    npm.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  )
  const base = `http://127.0.0.1:${port}`
  for (const deadline = Date.now() + 150_000; ; await new Promise((r) => setTimeout(r, 250))) {
    if (Date.now() > deadline) throw new Error('npm start did not answer /api/ready within 150 s')
    try {
      if ((await fetch(`${base}/api/ready`)).ok) break
    } catch {
      // not listening yet
    }
  }
  const listening = lines.find((l) => String(l.msg).startsWith('console listening'))
  const started: Started = {
    npm,
    base,
    port,
    file,
    headers: await signIn(base, TEST_ADMIN.email, TEST_ADMIN.password),
    lines: () => lines,
    serverPid: Number(listening?.pid),
    exited,
  }
  running = started
  return started
}

const until = async (what: () => boolean, ms = 10_000) => {
  for (const deadline = Date.now() + ms; !what(); await new Promise((r) => setTimeout(r, 20))) if (Date.now() > deadline) throw new Error('timed out')
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** SIGTERM to npm; then: exit 0 within the deadline, the server gone, its port closed, nothing left in the group. */
async function terminate(s: Started, sentAt = Date.now()) {
  const { code, at } = await s.exited
  expect(code).toBe(0)
  expect(at - sentAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS)
  await until(() => !alive(s.serverPid), 2_000)
  await expect(fetch(`${s.base}/api/health`)).rejects.toThrow()
  // No orphan in npm's process group (tsx's esbuild service ends a moment after its parent).
  await until(() => !alive(-s.npm.pid!), 3_000)
  expect(s.lines().some((l) => l.msg === 'shutdown: done')).toBe(true)
}

async function post(s: Started, path: string, body: unknown) {
  const res = await fetch(`${s.base}${path}`, { method: 'POST', headers: { ...s.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300)
  return (await res.json()) as Record<string, unknown>
}

describe('SIGTERM to npm start', () => {
  it('lets a log batch request in flight complete', async () => {
    const s = await npmStart()
    const { $id } = (await post(s, '/api/executions', { service: 'batch-processing-service' })) as { $id: string }
    const batch = JSON.stringify({ logs: Array.from({ length: 500 }, (_, i) => ({ level: 'info', message: `line ${i}` })) })
    // Half the body is sent, then SIGTERM; the rest follows once the console is shutting down.
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${s.base}/api/executions/${encodeURIComponent($id)}/logs`, {
        method: 'POST',
        headers: { ...s.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(batch) },
      })
      req.on('response', (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode!, body }))
      })
      req.on('error', reject)
      req.write(batch.slice(0, 1000))
      void until(() => s.lines().some((l) => l.msg === 'SIGTERM: shutting down')).then(() => setTimeout(() => req.end(batch.slice(1000)), 200))
    })
    await new Promise((r) => setTimeout(r, 200))
    const sentAt = Date.now()
    process.kill(s.npm.pid!, 'SIGTERM')
    const { status, body } = await answer
    expect(status, body).toBe(201)
    expect(JSON.parse(body)).toMatchObject({ count: 500 })
    expect(s.lines().find((l) => l.msg === 'SIGTERM: shutting down')).toMatchObject({ inFlight: 1 })
    await terminate(s, sentAt)
    const db = new Database(s.file, { readonly: true })
    expect((db.prepare('SELECT COUNT(*) AS n FROM "ExecutionLog" WHERE "executionId" = ?').get($id) as { n: number }).n).toBe(500)
    db.close()
  }, 240_000)

  it('ends an open SSE stream with a retry hint, and a WebSocket watch with 1012', async () => {
    const s = await npmStart()
    const { $id } = (await post(s, '/api/executions', { service: 'batch-processing-service' })) as { $id: string }
    const res = await fetch(`${s.base}/api/executions/${encodeURIComponent($id)}/watch`, { headers: { ...s.headers, accept: 'text/event-stream' } })
    expect(res.status).toBe(200)
    const reader = res.body!.getReader()
    let text = ''
    while (!text.includes('event: state')) text += new TextDecoder().decode((await reader.read()).value)
    const ws = new WebSocket(`${s.base.replace('http', 'ws')}/api/executions/${encodeURIComponent($id)}/watch`, { headers: s.headers })
    await new Promise((resolve, reject) => ws.once('message', resolve).once('error', reject))
    const wsClosed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))
    const sentAt = Date.now()
    process.kill(s.npm.pid!, 'SIGTERM')
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      text += new TextDecoder().decode(value)
    }
    // The stream ended (the read above finished) after a reconnect delay and a last event.
    expect(text).toMatch(/retry: \d+\nevent: shutdown\ndata: \{"type":"shutdown"/)
    expect(await wsClosed).toEqual({ code: 1012, reason: 'service restart; reconnect with lastEventId' })
    await terminate(s, sentAt)
  }, 240_000)

  it('hands a running engine step’s lease back, and counts requests by route on /metrics', async () => {
    const s = await npmStart()
    await post(s, '/api/workflow-templates', {
      id: 'shutdown-wait',
      name: 'Waits a minute',
      service: 'batch-processing-service',
      steps: [{ id: 'wait', type: 'sys.wait', duration: 60_000 }],
    })
    const { $id } = (await post(s, '/api/workflows/shutdown-wait/executions', { input: {} })) as { $id: string }
    const db = new Database(s.file, { readonly: true })
    const row = () =>
      db
        .prepare(
          `SELECT e."status", e."leaseOwner", st."status" AS step FROM "Execution" e LEFT JOIN "ExecutionStep" st ON st."executionId" = e."id" AND st."stepId" = 'wait' WHERE e."id" = ?`,
        )
        .get($id) as { status: string; leaseOwner: string | null; step: string | null }
    await until(() => row().step === 'running' && row().leaseOwner !== null)

    const scraped = await (await fetch(`${s.base}/metrics`)).text()
    expect(scraped).toMatch(/console_http_requests_total\{method="POST",route="\/api\/workflows\/\{workflow\}\/executions",status="201"\} 1/)
    expect(scraped).toMatch(/console_open_streams|console_http_request_duration_seconds_bucket/)

    const sentAt = Date.now()
    process.kill(s.npm.pid!, 'SIGTERM')
    await terminate(s, sentAt)
    // Released at once (not left to lapse after ENGINE_LEASE_MS), the run not failed: another node takes it.
    expect(row()).toMatchObject({ status: 'running', leaseOwner: null, step: 'running' })
    expect(s.lines().some((l) => l.msg === 'engine stopped; its leases are released')).toBe(true)
    db.close()
  }, 240_000)
})
