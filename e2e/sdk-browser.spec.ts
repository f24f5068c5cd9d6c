// The SDK in a real browser, as a service's own web app uses it: bundled for the browser from the
// package's built JavaScript, loaded by a page on another origin that the console lets call its
// API (API_CORS_ORIGINS) with an API key — create, act, log, watch live, typed errors. And on the
// console's own pages with the operator's session (from the developer tools: the pages run no script
// they did not send); a site the console was not told of gets nothing.
import { createServer, type Server } from 'node:http'
import { existsSync } from 'node:fs'
import { build } from 'esbuild'
import { allowConsoleErrors, expect, expectConsoleErrors, test, type Page } from './fixtures'
import { E2E } from './env'

type SdkWindow = typeof globalThis & { sdk: typeof import('@execution-console/sdk') }

let bundle = ''
const apps: Server[] = []

test.beforeAll(async () => {
  expect(existsSync('packages/sdk/dist/index.js'), 'the SDK is built (npm install builds it)').toBe(true)
  const built = await build({ entryPoints: ['packages/sdk/dist/index.js'], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false })
  bundle = built.outputFiles[0]!.text
  // Two sites serving the same app page: one the console lets in, one it does not know.
  for (const origin of [E2E.appOrigin, E2E.strangerOrigin]) {
    const server = createServer((req, res) => {
      if (req.url === '/sdk.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle)
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<!doctype html><title>app</title><script type="module">import * as sdk from '/sdk.js'; window.sdk = sdk; document.title = 'ready'</script>`)
    })
    await new Promise<void>((resolve) => server.listen(Number(new URL(origin).port), '127.0.0.1', resolve))
    apps.push(server)
  }
})
test.afterAll(async () => {
  await Promise.all(apps.map((s) => new Promise((r) => s.close(r))))
})

/** An API key of the provider organisation, made by the signed-in admin (as on the admin page). */
async function apiKey(page: Page, scope: 'read' | 'write' = 'write'): Promise<string> {
  const res = await page.request.post('/api/trpc/apiKeys.create', {
    data: { json: { name: `browser app ${Date.now()}`, organizationId: 'org-services-do', scope } },
    headers: { origin: E2E.base },
  })
  expect(res.status(), await res.text()).toBe(200)
  return ((await res.json()) as { result: { data: { json: { key: string } } } }).result.data.json.key
}

async function openApp(page: Page, origin: string) {
  await page.goto(`${origin}/`)
  await expect(page).toHaveTitle('ready')
}

test('a browser app on another origin drives and watches an execution with the SDK and an API key', async ({ page }) => {
  const key = await apiKey(page)
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  // The refused resume (a 409, which the browser logs); and the watch the app closes when done,
  // cut while open or not, by timing.
  expectConsoleErrors(page, /^HTTP 409: POST \S+\/api\/executions\/\w+\/resume$/, /^console\.error: Failed to load resource: .* 409 .*\/api\/executions\/\w+\/resume\)$/)
  allowConsoleErrors(page, /^request failed: GET \S+\/api\/executions\/\w+\/watch — net::ERR_ABORTED$/)
  await openApp(page, E2E.appOrigin)
  const run = await page.evaluate(
    async ({ url, apiKey }) => {
      const { createClient, ConflictError } = (globalThis as SdkWindow).sdk
      const $ = createClient({ url, apiKey })
      const execution = await $.ServiceExecution.create({ service: 'sdr-service', steps: [{ id: 'draft' }], tags: ['from-a-browser'] })
      const job = $.ServiceExecution[execution.$id]!
      const watcher = job.watch()
      const seen: string[] = []
      watcher.on('progress', (p) => seen.push(`progress ${p}`))
      watcher.on('status_changed', (s) => seen.push(`status ${s}`))
      watcher.on('log', (lines) => seen.push(...lines.map((l) => `log ${l.message}`)))
      const completed = new Promise<string | undefined>((resolve) => watcher.on('completed', (r) => resolve(r.summary)))
      // Connected (its first message is the state) before the start, so the start is a change it hears.
      await new Promise((resolve) => watcher.on('state', resolve))
      await job.start()
      // A resume of a running execution is refused, naming what it allows.
      let conflict: { name: string; allowed: string[] } | null = null
      try {
        await job.resume()
      } catch (error) {
        if (error instanceof ConflictError) conflict = { name: error.name, allowed: error.allowedOperations }
      }
      await job.updateProgress(40)
      await job.log({ level: 'info', message: 'written by a browser' })
      await job.complete({ success: true, output: { drafted: 1 }, summary: 'drafted in a browser' })
      const summary = await completed
      watcher.close()
      return { id: execution.$id, status: await job.status, seen, summary, conflict, service: (await execution.service)?.$id }
    },
    { url: E2E.base, apiKey: key },
  )
  expect(run.status).toBe('completed')
  expect(run.summary).toBe('drafted in a browser')
  expect(run.seen).toEqual(expect.arrayContaining(['status running', 'progress 40', 'log written by a browser', 'status completed']))
  expect(run.conflict).toMatchObject({ name: 'ConflictError' })
  expect(run.conflict!.allowed).toEqual(expect.arrayContaining(['pause', 'cancel']))
  expect(run.service).toBe('sdr-service')
  expect(errors).toEqual([])

  // What the browser app did is the console's too: the operator sees it.
  await page.goto(`${E2E.base}/executions/${run.id}`)
  await expect(page.getByText('written by a browser')).toBeVisible()
})

test("the SDK on the console's own pages uses the operator's session; a site the console does not know gets no answer", async ({ page, browser }) => {
  // A script the console did not send does not run on its pages (their Content-Security-Policy) ...
  await page.goto('/executions')
  expectConsoleErrors(
    page,
    /^console\.error: Loading the script 'blob:\S+' violates the following Content Security Policy directive: "script-src 'self' 'nonce-/,
    /^request failed: GET blob:\S+ — csp$/,
  )
  const injected = await page.evaluate(async (source) => {
    try {
      await import(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })))
      return 'ran'
    } catch {
      return 'refused'
    }
  }, bundle)
  expect(injected).toBe('refused')
  // ... what the operator runs in the browser's developer tools is not governed by it: the SDK
  // there works with their session.
  const devtools = await browser.newContext({ storageState: E2E.adminState, bypassCSP: true })
  const consolePage = await devtools.newPage()
  await consolePage.goto('/executions')
  const own = await consolePage.evaluate(async (source) => {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))
    const { createClient } = (await import(url)) as SdkWindow['sdk']
    const $ = createClient({ url: location.origin })
    const execution = await $.ServiceExecution.create({ service: 'sdr-service' })
    return { status: (await $.ServiceExecution[execution.$id]!.start()).status, listed: (await $.ServiceExecution.list({ limit: 1 })).length }
  }, bundle)
  expect(own).toEqual({ status: 'running', listed: 1 })
  await devtools.close()

  const key = await apiKey(page, 'read')
  await openApp(page, E2E.strangerOrigin)
  // The console refuses the site it was not told of: the browser blocks the answer and says so.
  expectConsoleErrors(
    page,
    new RegExp(`^console\\.error: Access to fetch at '\\S+/api/executions\\?limit=1' from origin '${E2E.strangerOrigin}' has been blocked by CORS policy`),
    /^request failed: GET \S+\/api\/executions\?limit=1 — net::ERR_FAILED$/,
    /^console\.error: Failed to load resource: net::ERR_FAILED \(at \S+\/api\/executions\?limit=1\)$/,
  )
  const stranger = await page.evaluate(
    async ({ url, apiKey }) => {
      const { createClient } = (globalThis as SdkWindow).sdk
      try {
        await createClient({ url, apiKey, retries: 0 }).ServiceExecution.list({ limit: 1 })
        return 'answered'
      } catch (error) {
        return (error as Error).name
      }
    },
    { url: E2E.base, apiKey: key },
  )
  expect(stranger).toBe('NetworkError')
})
