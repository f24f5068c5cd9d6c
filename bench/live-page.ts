// What an open execution page costs over the wire, on the demo's 1,000-step batch running on the
// engine: the page's HTML, and the bytes the open page receives per engine event while the batch
// runs (its live stream and every read the events make it do) — beside a full read of the
// execution, which is what each live refresh cost before the page patched itself, in the same run.
//   npm run bench:live-page [-- --seconds 20]
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { parseArgs } from 'node:util'
import { chromium } from '@playwright/test'
import { freshDatabase } from './lib'

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '20' }, port: { type: 'string', default: '3461' } } })
const SECONDS = Number(values.seconds)
const PORT = Number(values.port)
const base = `http://127.0.0.1:${PORT}`
const ADMIN = { email: 'bench@console.local', password: 'bench-admin-password' }

if (!existsSync('.next/BUILD_ID')) {
  console.log('building the console…')
  if (spawnSync('npx', ['next', 'build'], { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } }).status !== 0) throw new Error('next build failed')
}
const file = freshDatabase('live-page.db')
const server = spawn('npx', ['tsx', 'server.ts'], {
  env: {
    ...process.env,
    DATABASE_URL: `file:${file}`,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(PORT),
    HOSTNAME: '127.0.0.1',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    // The demo worker serves the batch workflow and starts nothing by itself.
    DEMO: 'on',
    DEMO_RATE: '0',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
  detached: true,
})
const stop = () => {
  try {
    process.kill(-server.pid!, 'SIGTERM')
  } catch {
    // gone already
  }
}
process.on('exit', stop)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe().catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(250)
  }
}

try {
  await until('the console', async () => ((await fetch(`${base}/api/openapi.json`)).ok ? true : undefined))
  const signIn = await fetch(`${base}/api/auth/sign-in/email`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify(ADMIN) })
  const cookies = signIn.headers.getSetCookie().map((c) => c.split(';')[0]!)
  const headers = { cookie: cookies.join('; '), origin: base, 'content-type': 'application/json' }
  const api = async (path: string, body?: unknown) => {
    const res = await fetch(`${base}/api${path}`, body === undefined ? { headers } : { method: 'POST', headers, body: JSON.stringify(body) })
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return res
  }
  await until('the demo worker', async () => (((await (await api('/workflows')).json()) as { key: string }[]).some((w) => w.key === 'batch-processing') ? true : undefined))
  const { $id: id } = (await (await api('/workflows/batch-processing/executions', {})).json()) as { $id: string }
  await until('the batch to be under way', async () =>
    (((await (await api(`/executions/${id}`)).json()) as { metrics?: { stepsCompleted?: number } }).metrics?.stepsCompleted ?? 0) >= 20 ? true : undefined,
  )

  // The page's HTML, and a full read of the execution (what every live refresh read before).
  const html = Buffer.from(await (await fetch(`${base}/executions/${id}`, { headers: { cookie: headers.cookie } })).arrayBuffer())
  const fullRead = Buffer.from(await (await api(`/executions/${id}`)).arrayBuffer())

  // The open page: every byte it receives from the moment it is live, by the browser's own count.
  const executablePath = existsSync(chromium.executablePath()) ? undefined : (process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
  const context = await browser.newContext()
  // Signed in as an operator would be (the browser keeps the session cookie).
  const browserSignIn = await context.request.post(`${base}/api/auth/sign-in/email`, { data: ADMIN, headers: { origin: base } })
  if (!browserSignIn.ok()) throw new Error(`sign-in: ${browserSignIn.status()}`)
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  let counting = false
  let bytes = 0
  const seen = new Map<string, number>()
  cdp.on('Network.dataReceived', (e) => {
    seen.set(e.requestId, (seen.get(e.requestId) ?? 0) + e.encodedDataLength)
    if (counting) bytes += e.encodedDataLength
  })
  cdp.on('Network.loadingFinished', (e) => {
    // Bytes the chunks did not report (headers, a body reported only at the end).
    if (counting) bytes += Math.max(0, e.encodedDataLength - (seen.get(e.requestId) ?? 0))
  })
  await page.goto(`${base}/executions/${id}`)
  await page.locator('html[data-hydrated="1"]').waitFor({ state: 'attached' })
  await sleep(1_500) // (the page's own first reads: its later steps, the charts)
  const lastEvent = async () => ((await (await api(`/executions/${id}/events?latest=true&limit=1`)).json()) as { items: { id: number }[] }).items.at(-1)!.id
  const from = await lastEvent()
  counting = true
  const started = Date.now()
  while (Date.now() - started < SECONDS * 1000) {
    await sleep(1_000)
    const status = ((await (await api(`/executions/${id}`)).json()) as { status: string }).status
    if (status !== 'running') break
  }
  await sleep(1_000) // (reads the last events asked for)
  counting = false
  const to = await lastEvent()
  let events = 0
  for (let after = from; ;) {
    const page_ = (await (await api(`/executions/${id}/events?after=${after}&limit=5000`)).json()) as { items: { id: number }[]; nextCursor: number | null }
    events += page_.items.filter((e) => e.id <= to).length
    if (!page_.nextCursor || page_.items.at(-1)!.id >= to) break
    after = page_.nextCursor
  }
  await browser.close()

  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
  const perEvent = events ? bytes / events : 0
  console.log(`\nthe demo's 1,000-step batch on the engine, its page open for ${((Date.now() - started) / 1000).toFixed(0)} s`)
  console.log(`page HTML                          ${kb(html.length).padStart(10)}  (${kb(gzipSync(html).length)} gzipped)   goal ≤ 300 KB; 2.0 MB before`)
  console.log(`bytes to the open page per event   ${kb(perEvent).padStart(10)}  (${kb(bytes)} for ${events} events)   goal ≤ 2 KB`)
  console.log(`a full read of the execution       ${kb(fullRead.length).padStart(10)}  (what each live refresh read before, up to every 300 ms)`)
  console.log(`per event: ${(perEvent / fullRead.length).toFixed(4)}x a full read (${(fullRead.length / Math.max(perEvent, 1)).toFixed(0)} times less)`)
  console.log(`HTML: ${html.length <= 300 * 1024 ? 'met' : 'NOT met'}; bytes per event: ${perEvent <= 2048 ? 'met' : 'NOT met'}`)
} finally {
  stop()
}
process.exit(0)
