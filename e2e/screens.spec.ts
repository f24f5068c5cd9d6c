// Every page of the console, at a desktop's width (1280 px) and a phone's (390 px), in light and
// dark: each renders its main heading, is no wider than the screen, keeps the console clean (the
// guard), and leaves a full-page screenshot in the test's output to look at.
import { expect, expectConsoleErrors, test, type Page } from './fixtures'
import { E2E } from './env'
import { hydrated, rest } from './sign-in'

test.describe.configure({ timeout: 180_000 })

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const
const THEMES = ['light', 'dark'] as const

type Screen = {
  name: string
  path: string | ((page: Page) => Promise<string>)
  /** The page's main heading; an execution's is its id. */
  heading: RegExp | string | 'id'
  signedOut?: boolean
  /** What the page shows once its data is in (charts drawn, rows listed). */
  ready?: (page: Page) => Promise<void>
  /** What the page is meant to log (a 404 is one). */
  expected?: RegExp[]
}

/** A running execution with steps, logs and metrics. */
async function running(page: Page) {
  const api = rest(page)
  const { $id } = await api.post('/executions', { service: 'sdr-service', tags: ['screens'], priority: 'high', steps: [{ id: 'research' }, { id: 'draft' }, { id: 'send' }] })
  await api.post(`/executions/${$id}/start`, {})
  await api.post(`/executions/${$id}/steps`, { id: 'research' })
  await api.post(`/executions/${$id}/steps/research/complete`, { output: { leads: 12 } })
  await api.post(`/executions/${$id}/steps`, { id: 'draft' })
  await api.post(`/executions/${$id}/progress`, { progress: 45 })
  await api.post(`/executions/${$id}/metrics`, { promptTokens: 1200, completionTokens: 300, cost: 0.04, costBreakdown: { ai: 0.03, apis: 0.01 }, apiCallsByService: { crm: 3 } })
  await api.post(`/executions/${$id}/logs`, {
    logs: [
      { level: 'info', step: 'research', message: 'found 12 leads in the CRM' },
      { level: 'warn', step: 'draft', message: 'lead 7 has no email address; skipped' },
      { level: 'info', step: 'draft', message: 'drafting 11 emails' },
    ],
  })
  return `/executions/${$id}`
}

/** A failed execution (its failure group, the “why it failed” card). */
async function failed(page: Page) {
  const api = rest(page)
  const { $id } = await api.post('/executions', { service: 'batch-processing-service', tags: ['screens'], steps: [{ id: 'load' }, { id: 'post' }] })
  await api.post(`/executions/${$id}/start`, {})
  await api.post(`/executions/${$id}/steps`, { id: 'load' })
  await api.post(`/executions/${$id}/steps/load/complete`, { output: { rows: 1800 } })
  await api.post(`/executions/${$id}/logs`, { logs: [{ level: 'error', step: 'post', message: 'ledger answered 422 for entry 1801' }] })
  await api.post(`/executions/${$id}/fail`, { code: 'LEDGER_REJECTED', step: 'post', message: 'Ledger rejected the entry (request 5e2a9c)', recoverable: false })
  return `/executions/${$id}`
}

/** An execution waiting on a person (a human step due in an hour). */
async function human(page: Page) {
  const api = rest(page)
  const { $id } = await api.post('/executions', {
    service: 'content-service',
    tags: ['screens'],
    steps: [{ id: 'draft' }, { id: 'review', name: 'Editorial review', type: 'human', assignee: { type: 'human', id: 'sarah-editor', name: 'Sarah Editor' } }],
  })
  await api.post(`/executions/${$id}/start`, {})
  await api.post(`/executions/${$id}/steps`, { id: 'draft' })
  await api.post(`/executions/${$id}/steps/draft/complete`, { output: { words: 840 } })
  await api.post(`/executions/${$id}/steps`, { id: 'review', type: 'human', dueAt: new Date(Date.now() + 3_600_000).toISOString(), input: { draft: 'Spring launch post' } })
  return `/executions/${$id}`
}

const charts = async (page: Page) => {
  await expect(page.locator('figure[data-chart-state="loading"]')).toHaveCount(0)
  await expect(page.locator('figure[data-chart-state]').first()).toBeVisible()
}
const live = async (page: Page) => {
  await expect(page.getByRole('region', { name: 'execution' }).getByText('● live')).toBeVisible()
}

const SCREENS: Screen[] = [
  { name: 'sign-in', path: '/sign-in', heading: 'Sign in', signedOut: true },
  { name: 'executions', path: '/executions', heading: 'Executions', ready: (page) => expect(page.locator('tbody a[data-row-link]').first()).toBeVisible() },
  { name: 'execution-running', path: running, heading: 'id', ready: live },
  { name: 'execution-failed', path: failed, heading: 'id', ready: live },
  { name: 'execution-human-step', path: human, heading: 'id', ready: live },
  { name: 'inbox', path: '/inbox', heading: 'Review inbox' },
  { name: 'analytics', path: '/analytics', heading: 'Failure analytics', ready: charts },
  { name: 'alerts', path: '/alerts', heading: 'Alerts' },
  { name: 'workers', path: '/workers', heading: 'Workers' },
  { name: 'definitions', path: '/definitions', heading: 'Definitions' },
  { name: 'admin', path: '/admin', heading: 'Users' },
  { name: 'audit', path: '/audit', heading: 'Audit trail' },
  { name: 'notifications', path: '/notifications', heading: 'Notifications' },
  { name: 'notification-channels', path: '/notification-channels', heading: 'Notification channels' },
  { name: 'resources', path: '/resources', heading: 'Resources', ready: (page) => expect(page.locator('figure[data-chart-state="loading"]')).toHaveCount(0) },
  { name: 'recovery', path: '/recovery', heading: 'Recovery strategies' },
  {
    name: 'not-found',
    path: '/executions/no-such-execution',
    heading: /not found|404/i,
    expected: [/HTTP 404: GET .*\/executions\/no-such-execution$/, /console\.error: .*404.*\(at .*\/executions\/no-such-execution\)$/],
  },
]

for (const screen of SCREENS) {
  test(`screens: ${screen.name}, 1280 and 390 px, light and dark`, async ({ page, browser }) => {
    const path = typeof screen.path === 'string' ? screen.path : await screen.path(page)
    for (const viewport of VIEWPORTS) {
      for (const theme of THEMES) {
        const context = await browser.newContext({
          viewport: { width: viewport.width, height: viewport.height },
          colorScheme: theme,
          storageState: screen.signedOut ? undefined : (test.info().project.use.storageState as string),
        })
        // The theme chosen as the sidebar's select does (next-themes keeps it in localStorage), on the console's pages only.
        await context.addInitScript(
          ({ t, origin }) => {
            if (location.origin === origin) localStorage.setItem('theme', t)
          },
          { t: theme, origin: E2E.base },
        )
        const shot = await context.newPage()
        if (screen.expected) expectConsoleErrors(shot, ...screen.expected)
        await shot.goto(path)
        await hydrated(shot)
        await expect(shot.locator('html')).toHaveClass(new RegExp(`\\b${theme}\\b`))
        const heading = shot.locator('main h1').first()
        await expect(heading).toBeVisible()
        await expect(heading).toHaveText(screen.heading === 'id' ? path.split('/').pop()! : screen.heading)
        await screen.ready?.(shot)
        // Relative times and live data settle; fonts are in.
        await shot.evaluate(() => document.fonts.ready)
        const label = `${screen.name} ${viewport.width}px ${theme}`
        expect(await shot.evaluate(() => document.documentElement.scrollWidth), `${label}: wider than the screen`).toBeLessThanOrEqual(viewport.width)
        await shot.screenshot({ path: test.info().outputPath(`${screen.name}-${viewport.width}-${theme}.png`), fullPage: true })
        await context.close()
      }
    }
  })
}
