// The SDK as an integrator gets it: packed (`npm pack`), installed from the tarball into a
// project outside the workspace, compiled there with module node16 and strict settings, and run
// against a console this test starts — seed 001's calls, typed errors, 429 retries, an
// idempotent create whose answer was lost, and a watcher that keeps every event, once, across a
// console killed and started again.
import { execFileSync, spawn } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { freePort } from '../scripts/local-redis'
import { startConsole, type ConsoleProcess } from './console-process'

const root = resolve(import.meta.dirname, '..')
const scratch = mkdtempSync(join(tmpdir(), 'sdk-integrator-'))
let server: ConsoleProcess
let port: number
let apiKey: string
let database: string
const env = () => ({ ...process.env, DATABASE_URL: `file:${database}`, DEMO: 'off', API_KEY_RATE_LIMIT: '20' })

beforeAll(async () => {
  // Built and packed as it would be published.
  execFileSync('npm', ['run', 'build', '--workspace', '@execution-console/sdk'], { cwd: root, stdio: 'pipe' })
  execFileSync('npm', ['pack', '--pack-destination', scratch], { cwd: join(root, 'packages/sdk'), stdio: 'pipe' })
  const tarball = readdirSync(scratch).find((f) => f.endsWith('.tgz'))!
  const typesNode = JSON.parse(readFileSync(join(root, 'node_modules/@types/node/package.json'), 'utf8')).version as string
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({
      name: 'integrator',
      private: true,
      type: 'module',
      dependencies: { '@execution-console/sdk': `file:./${tarball}` },
      devDependencies: { '@types/node': typesNode },
    }),
  )
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: scratch, stdio: 'pipe' })
  copyFileSync(join(root, 'test/sdk-client/example.ts'), join(scratch, 'example.ts'))
  writeFileSync(
    join(scratch, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'node16', moduleResolution: 'node16', target: 'es2022', lib: ['es2022', 'dom'], types: ['node'], strict: true, outDir: 'out' },
      files: ['example.ts'],
    }),
  )
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', scratch], { stdio: 'pipe' })

  // A migrated database of its own (the console migrates on `npm run console`, not on start).
  database = join(inject('testDir'), 'sdk-console.db')
  copyFileSync(inject('templateDb'), database)
  port = await freePort()
  server = await startConsole(env(), port)
  const created = await server.fetch(`${server.base}/api/trpc/apiKeys.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ json: { name: 'integrator', organizationId: 'org-services-do', scope: 'write' } }),
  })
  if (!created.ok) {
    // The provider organisation of the built-in services, whatever its id.
    const me = (await (await server.fetch(`${server.base}/api/trpc/me`)).json()) as { result: { data: { json: { organizations: string[] } } } }
    throw new Error(`key creation failed (${created.status}); organisations: ${me.result.data.json.organizations.join(', ')}`)
  }
  apiKey = ((await created.json()) as { result: { data: { json: { key: string } } } }).result.data.json.key
}, 600_000)

afterAll(async () => {
  await server?.kill('SIGKILL')
})

describe('the SDK from its tarball', () => {
  it('installs without running anything: the package ships no install-time script', () => {
    // (npm 11 asks before running one; "prepare" with tsc, which the package does not ship, would fail.)
    const installed = JSON.parse(readFileSync(join(scratch, 'node_modules/@execution-console/sdk/package.json'), 'utf8')) as { scripts?: Record<string, string> }
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(installed.scripts?.[hook], hook).toBeUndefined()
  })

  it("drives seed 001's calls, and its watcher loses and repeats nothing across a console restart", async () => {
    const child = spawn(process.execPath, [join(scratch, 'out/example.js')], {
      env: { ...process.env, CONSOLE_URL: server.base, API_KEY: apiKey },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const lines = createInterface({ input: child.stdout })
    const waiting: { prefix: string; resolve: (rest: string) => void }[] = []
    lines.on('line', (line) => {
      const i = waiting.findIndex((w) => line.startsWith(w.prefix))
      if (i < 0) return
      const [waiter] = waiting.splice(i, 1)
      waiter!.resolve(line.slice(waiter!.prefix.length))
    })
    const next = (prefix: string) => new Promise<string>((resolve) => waiting.push({ prefix: `${prefix} `, resolve }))
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    const resultLine = next('RESULT')
    const watchingLine = next('WATCHING')
    const eventsLine = next('EVENTS')

    const result = JSON.parse(await Promise.race([resultLine, exited.then((code) => Promise.reject(new Error(`the client exited with ${code}`)))]))
    expect(result).toMatchObject({
      sameOrder: true,
      status: 'running',
      progress: 45,
      tokens: 1500,
      steps: ['research-lead-1', 'craft-message-1', 'send-email-1'],
      serviceName: expect.any(String),
      completed: { status: 'completed', progress: 100, summary: 'Successfully sent personalized outreach to 1 lead' },
      found: true,
      conflict: { isConflict: true, allowed: ['resume', 'cancel'], status: 'paused' },
      validation: { isValidation: true, field: 'progress' },
      notFound: true,
      failed: { status: 'failed', code: 'API_TIMEOUT' },
      idempotent: { count: 1 },
      burst: { answered: 60 },
    })
    expect(result.logMessages).toEqual(expect.arrayContaining(['Researching lead: John Doe', 'Found LinkedIn profile', 'Email bounced once']))
    expect(result.listed).toHaveLength(1)
    expect(result.orderCustomer).toBeTruthy()
    expect(result.customerName).toBeTruthy()
    expect(result.burst.rateLimited).toBeGreaterThan(0)

    // The watch: changes, the console killed, started again on its database, more changes.
    const watched = (await watchingLine).trim()
    const asKey = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }
    // (The client's burst above spent this key's rate: a 429 is waited out as its Retry-After says, as a client would.)
    const change = async (path: string, method: string, body: unknown) => {
      for (let tries = 0; ; tries++) {
        const res = await fetch(`${server.base}/api/executions/${watched}${path}`, { method, headers: asKey, body: JSON.stringify(body) })
        if (res.status === 429 && tries < 3) {
          await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000))
          continue
        }
        expect(res.status, `${method} ${path}`).toBeLessThan(300)
        return
      }
    }
    await change('', 'PUT', { progress: 10 })
    await change('/logs', 'POST', { level: 'info', message: 'before the restart' })
    await server.kill('SIGKILL')
    server = await startConsole(env(), port)
    await change('', 'PUT', { progress: 60 })
    await change('/logs', 'POST', [
      { level: 'info', message: 'after the restart' },
      { level: 'info', message: 'and another' },
    ])
    await change('/complete', 'POST', { success: true, output: null, summary: 'watched to the end' })

    const { messages, seen } = JSON.parse(await eventsLine) as {
      messages: { eventId: number; type: string; event: string }[]
      seen: { progress: number[]; logs: number; reconnects: number; completed: string }
    }
    expect(await exited).toBe(0)
    const ids = messages.map((m) => m.eventId)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(new Set(ids).size).toBe(ids.length)
    // Every event the console stored after the watch began, once.
    const stored = (await (await fetch(`${server.base}/api/executions/${watched}/events?limit=500`, { headers: asKey })).json()) as { items: { id: number; type: string }[] }
    const after = stored.items.filter((e) => e.id >= Math.min(...ids)).map((e) => e.id)
    expect(ids).toEqual(after)
    expect(seen.progress).toEqual(expect.arrayContaining([10, 60, 100].filter((p) => p !== 100)))
    expect(seen.logs).toBe(3)
    expect(seen.reconnects).toBeGreaterThan(0)
    expect(seen.completed).toBe('watched to the end')
  }, 300_000)
})
