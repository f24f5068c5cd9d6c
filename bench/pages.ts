// The console's pages over the 1,000,000-execution history: server response time of the list
// page and of one execution's page, and the JavaScript the list page ships (gzipped) — beside
// the same figures for a minimal Next.js page (bench/minimal-next), built and served alike, in
// the same run.   npm run bench:pages [-- --requests 40] [--warmup 60] [--port 3297: the minimal page takes the next]
// Each page is requested `--warmup` times before it is timed, on both servers: a server freshly
// started runs its code unoptimised for the first tens of requests (the list page's p50 fell from
// 29 to 19 ms over its first 300), and what an operator meets is a server that has been up.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { createClient } from '@execution-console/sdk'
import { openWriter } from '../src/server/db/writer'
import { backfillFingerprints } from '../src/server/services/failures'
import { historyDatabase, ms, timeInTurns } from './lib'

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '300' },
    executions: { type: 'string', default: '1000000' },
    port: { type: 'string', default: '3297' },
  },
})
const REQUESTS = Number(values.requests)
const WARMUP = Number(values.warmup)
const file = historyDatabase(Number(values.executions))
const ADMIN = { email: 'bench@console.local', password: 'bench-admin-password' }

// Failures seeded before failure groups existed are grouped now, not while the pages are timed.
{
  const writer = openWriter(file)
  const grouped = await backfillFingerprints(writer)
  if (grouped) console.log(`grouped ${grouped} earlier failures`)
  writer.close()
}

function build(args: string[], marker: string) {
  if (existsSync(marker)) return
  console.log(`building ${args.join(' ')}…`)
  const result = spawnSync('npx', ['next', 'build', ...args], { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } })
  if (result.status !== 0) throw new Error(`next build ${args.join(' ')} failed`)
}
build([], '.next/BUILD_ID')
build(['bench/minimal-next'], 'bench/minimal-next/.next/BUILD_ID')

async function serve(command: string[], port: number, ready: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn('npx', command, {
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', PORT: String(port), HOSTNAME: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  })
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}${ready}`)).status < 500) return child
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`${command.join(' ')} did not start`)
}
const stop = (child: ChildProcess) => {
  try {
    process.kill(-child.pid!, 'SIGTERM')
  } catch {
    // gone
  }
}

// --port: the console's port; the minimal page takes the next one (shared machines give each run its own).
const CONSOLE = Number(values.port)
const MINIMAL = CONSOLE + 1
const consoleServer = await serve(['tsx', 'server.ts'], CONSOLE, '/api/openapi.json', {
  DATABASE_URL: `file:${file}`,
  DEMO: 'off',
  ENGINE: 'off',
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
})
const minimalServer = await serve(['next', 'start', 'bench/minimal-next', '-p', String(MINIMAL), '-H', '127.0.0.1'], MINIMAL, '/')
try {
  const base = `http://127.0.0.1:${CONSOLE}`
  const signIn = await fetch(`${base}/api/auth/sign-in/email`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify(ADMIN) })
  if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`)
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')

  // One execution's page: the newest with steps and logs in the history; and a big one — 10,000
  // steps, 100,000 log lines — made through the API once and kept (tagged bench-10k).
  const db = new Database(file, { readonly: true })
  const { id } = db
    .prepare(
      `SELECT "executionId" AS id FROM "ExecutionLog" WHERE "executionId" NOT IN (SELECT "executionId" FROM "ExecutionTag" WHERE "tag" = 'bench-10k') ORDER BY "id" DESC LIMIT 1`,
    )
    .get() as { id: string }
  let big = (db.prepare(`SELECT "executionId" AS id FROM "ExecutionTag" WHERE "tag" = 'bench-10k' LIMIT 1`).get() as { id: string } | undefined)?.id
  db.close()
  // Made through the SDK, signed in as the admin (a browser's cookie and origin).
  const $ = createClient({ url: base, headers: { cookie, origin: base } })
  if (!big) {
    console.log('making the 10,000-step, 100,000-line execution (once)…')
    big = (
      await $.ServiceExecution.create({ service: 'batch-processing-service', tags: ['bench-10k'], steps: Array.from({ length: 10_000 }, (_, i) => ({ id: `record-${i + 1}` })) })
    ).$id
    const execution = $.ServiceExecution[big]!
    await execution.start()
    for (let b = 0; b < 100; b++)
      await execution.log(Array.from({ length: 1000 }, (_, i) => ({ level: 'info' as const, step: `record-${b * 100 + 1}`, message: `line ${b * 1000 + i + 1}` })))
  }

  const page = async (url: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url, { headers })
    const html = await res.text()
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`)
    return html
  }
  const asOperator = { cookie }
  // In turns: a round requests each page once, the minimal page among them, so every figure and
  // its baseline share the machine's moments (one after the other, a minute apart, the list page's
  // p50 moved by a fifth between two runs).
  const {
    list,
    one,
    big: bigPage,
    minimal,
  } = await timeInTurns(REQUESTS, WARMUP, {
    list: () => page(`${base}/executions`, asOperator),
    one: () => page(`${base}/executions/${id}`, asOperator),
    big: () => page(`${base}/executions/${big}`, asOperator),
    minimal: () => page(`http://127.0.0.1:${MINIMAL}/`),
  })

  // The JavaScript a page loads: its script tags, each fetched and gzipped.
  async function shippedJs(origin: string, html: string) {
    const sources = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!)
    let bytes = 0
    for (const src of new Set(sources)) bytes += gzipSync(Buffer.from(await (await fetch(new URL(src, origin))).arrayBuffer())).length
    return { files: new Set(sources).size, kb: bytes / 1024 }
  }
  const listJs = await shippedJs(base, await page(`${base}/executions`, asOperator))
  const minimalJs = await shippedJs(`http://127.0.0.1:${MINIMAL}`, await page(`http://127.0.0.1:${MINIMAL}/`))

  console.log(`\npages over ${Number(values.executions).toLocaleString('en-US')} executions, ${REQUESTS} requests each after ${WARMUP} untimed (full response, signed in)`)
  console.log(
    `list page /executions        p50 ${ms(list.p50)}  p95 ${ms(list.p95)}   | minimal Next.js page p50 ${ms(minimal.p50)}  p95 ${ms(minimal.p95)} | ratio p50 ${(list.p50 / minimal.p50).toFixed(1)}x`,
  )
  console.log(
    `execution page /executions/… p50 ${ms(one.p50)}  p95 ${ms(one.p95)}   | minimal Next.js page p50 ${ms(minimal.p50)}  p95 ${ms(minimal.p95)} | ratio p50 ${(one.p50 / minimal.p50).toFixed(1)}x`,
  )
  console.log(
    `10,000 steps, 100,000 lines  p50 ${ms(bigPage.p50)}  p95 ${ms(bigPage.p95)}   | minimal Next.js page p50 ${ms(minimal.p50)}  p95 ${ms(minimal.p95)} | ratio p50 ${(bigPage.p50 / minimal.p50).toFixed(1)}x`,
  )
  console.log(
    `list page JavaScript          ${listJs.kb.toFixed(1)} KiB gzipped in ${listJs.files} files | minimal page ${minimalJs.kb.toFixed(1)} KiB in ${minimalJs.files} files | ratio ${(listJs.kb / minimalJs.kb).toFixed(1)}x`,
  )
} finally {
  stop(consoleServer)
  stop(minimalServer)
}
process.exit(0)
