// One execution as an operator steers it: pause (seen in a second page without reload), resume,
// cancel with a reason; retry a failed execution and see it complete; complete a human review
// step; watch the log tail grow; and an accessibility scan of the page.
import { expect, expectConsoleErrors, test } from './fixtures'
import { hydrated, rest, seriousViolations } from './sign-in'

const header = (page: import('@playwright/test').Page) => page.getByRole('region', { name: 'execution' })

test('pause shows in a second page without reload; resume; cancel with a reason', async ({ page, context }) => {
  const api = rest(page)
  const { $id } = await api.post('/executions', { service: 'sdr-service', steps: [{ id: 'research' }, { id: 'send' }] })
  await api.post(`/executions/${$id}/start`, {})
  await page.goto(`/executions/${$id}`)
  await hydrated(page)
  const second = await context.newPage()
  await second.goto(`/executions/${$id}`)
  await hydrated(second)
  await expect(header(second).getByText('● live')).toBeVisible()
  let reloaded = false
  second.on('load', () => (reloaded = true))

  await expect(page.getByRole('button', { name: 'Resume' })).toBeDisabled()
  await page.getByRole('button', { name: 'Pause' }).click()
  await expect(header(page).getByText('paused', { exact: true })).toBeVisible()
  await expect(header(second).getByText('paused', { exact: true })).toBeVisible()
  expect(reloaded).toBe(false)

  await page.getByRole('button', { name: 'Resume' }).click()
  await expect(header(second).getByText('running', { exact: true })).toBeVisible()

  await page.getByRole('button', { name: 'Cancel' }).click()
  const dialog = page.getByRole('dialog', { name: 'Cancel this execution?' })
  await dialog.getByLabel('Reason').fill('customer withdrew the order')
  await dialog.getByRole('button', { name: 'Cancel execution' }).click()
  await expect(header(page).getByText('cancelled', { exact: true })).toBeVisible()
  await expect(header(second).getByText('customer withdrew the order')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Pause' })).toBeDisabled()
  expect(reloaded).toBe(false)
  await page.screenshot({ path: test.info().outputPath('execution-cancelled.png'), fullPage: true })
})

test('a refused operation shows the server’s reason', async ({ page }) => {
  const api = rest(page)
  const { $id } = await api.post('/executions', { service: 'sdr-service' })
  await api.post(`/executions/${$id}/start`, {})
  // This page does not hear changes (its live stream is cut), so what it shows goes stale.
  await page.route(/executions\.watch/, (route) => route.abort())
  // The cut stream, and the refused pause (409), are what this test is about.
  expectConsoleErrors(
    page,
    /^request failed: GET \S+\/api\/trpc\/executions\.watch\?\S+ — net::ERR_FAILED$/,
    /^console\.error: Failed to load resource: net::ERR_FAILED \(at \S+\/api\/trpc\/executions\.watch\?/,
    /^HTTP 409: POST \S+\/api\/trpc\/executions\.pause\b/,
    /^console\.error: Failed to load resource: .* 409 .*\/api\/trpc\/executions\.pause\b/,
  )
  await page.goto(`/executions/${$id}`)
  await hydrated(page)
  await expect(page.getByRole('button', { name: 'Pause' })).toBeEnabled()
  await api.post(`/executions/${$id}/pause`, {})
  await page.getByRole('button', { name: 'Pause' }).click()
  // The server refuses the click by what the execution is now, and says what is allowed.
  await expect(page.getByRole('alert').filter({ hasText: 'cannot pause: execution is paused; allowed: resume, cancel' })).toBeVisible()
})

test('retry a failed execution and see it complete', async ({ page }) => {
  const api = rest(page)
  const { $id } = await api.post('/executions', { service: 'sdr-service', steps: [{ id: 'send' }] })
  await api.post(`/executions/${$id}/start`, {})
  // A failure the service's retry policy does not cover: no automatic retry, the operator decides.
  await api.post(`/executions/${$id}/fail`, { code: 'API_UNAUTHORIZED', message: 'token expired', recoverable: true })
  await page.goto(`/executions/${$id}`)
  await hydrated(page)
  await expect(page.getByRole('heading', { name: /Error API_UNAUTHORIZED/ })).toBeVisible()
  await page.getByRole('button', { name: 'Retry' }).click()
  // The service runs it, not the console: it waits for the service to take it up again.
  await expect(header(page).getByText('retry', { exact: true })).toBeVisible()
  await expect(header(page).getByText('waiting for AI SDR Outreach to resume it')).toBeVisible()
  await expect(page.getByRole('heading', { name: /The last attempt failed: API_UNAUTHORIZED/ })).toBeVisible()
  await api.post(`/executions/${$id}/start`, {})
  await expect(header(page).getByText('running', { exact: true })).toBeVisible()
  // The worker finishes it; the page follows.
  await api.post(`/executions/${$id}/complete`, { success: true, output: { sent: 1 }, summary: 'sent' })
  await expect(header(page).getByText('completed', { exact: true })).toBeVisible()
})

test('the “why it failed” card names the failure group, how often it happened and how retries ended, and links to the group', async ({ page }) => {
  const api = rest(page)
  const code = `LEDGER_REJECTED_${Date.now()}`
  const failed: string[] = []
  for (const request of ['7f3a9c2e11', '91bc0d4f22']) {
    const { $id } = await api.post('/executions', { service: 'batch-processing-service' })
    await api.post(`/executions/${$id}/start`, {})
    await api.post(`/executions/${$id}/fail`, { code, step: 'post', message: `Ledger rejected the entry (request ${request})`, recoverable: false })
    failed.push($id)
  }
  await page.goto(`/executions/${failed[0]}`)
  await hydrated(page)
  const card = page.getByRole('region', { name: 'Why it failed' })
  await expect(card).toContainText(code)
  await expect(card).toContainText('2 executions failed this way')
  await expect(card).toContainText('None of them has been retried yet.')
  await expect(page.getByRole('navigation', { name: 'breadcrumbs' })).toContainText(failed[0]!)
  await card.getByRole('link', { name: 'Executions failing this way now' }).click()
  await expect(page).toHaveURL(/group=[0-9a-f]{20}/)
  await hydrated(page)
  await expect(page.getByRole('list', { name: 'active filters' })).toContainText('failure group')
  await expect(page.locator('tbody a[data-row-link]')).toHaveText([...failed].reverse())
})

test('complete a human review step from its row', async ({ page }) => {
  const api = rest(page)
  const { $id } = await api.post('/executions', {
    service: 'content-service',
    steps: [{ id: 'draft' }, { id: 'review', name: 'Editorial review', type: 'human', assignee: { type: 'human', name: 'Sarah Editor' } }],
  })
  await api.post(`/executions/${$id}/start`, {})
  await api.post(`/executions/${$id}/steps`, { id: 'review', type: 'human', dueAt: new Date(Date.now() + 3_600_000).toISOString() })
  await page.goto(`/executions/${$id}`)
  await hydrated(page)
  await expect(page.getByText('Waiting on a person: Editorial review')).toBeVisible()
  // The rows come rendered from the server: wait until the page is live (hydrated) to click one.
  await expect(header(page).getByText('● live')).toBeVisible()
  await page
    .getByRole('list', { name: 'step waterfall' })
    .getByRole('button', { name: /Editorial review/ })
    .click()
  const review = page.getByRole('form', { name: 'review Editorial review' })
  await review.getByLabel('Output (JSON)').fill('{ "approved": true, "notes": "good to go" }')
  await review.getByRole('button', { name: 'Complete step' }).click()
  await expect(page.getByText('Completed Editorial review')).toBeVisible()
  await expect(page.getByText('Waiting on a person')).toHaveCount(0)
  const step = page.getByRole('region', { name: 'step Editorial review' })
  await expect(step.getByText('completed', { exact: true })).toBeVisible()
})

test('the log tail grows live, and reading back does not jump', async ({ page }) => {
  const api = rest(page)
  const { $id } = await api.post('/executions', { service: 'batch-processing-service' })
  await api.post(`/executions/${$id}/start`, {})
  await api.post(`/executions/${$id}/logs`, { logs: Array.from({ length: 300 }, (_, i) => ({ level: 'info', message: `record ${i + 1} processed` })) })
  await page.goto(`/executions/${$id}`)
  await hydrated(page)
  const log = page.getByRole('log', { name: 'log lines' })
  await expect(log.getByText('record 300 processed', { exact: true })).toBeVisible()
  await api.post(`/executions/${$id}/logs`, { logs: [{ level: 'warn', message: 'record 301 needed a retry' }] })
  await expect(log.getByText('record 301 needed a retry')).toBeVisible()
  await expect(log.getByText('record 301 needed a retry')).toHaveCount(1)

  // Scrolled back to read: new lines wait below and the view stays put.
  await log.evaluate((el) => (el.scrollTop = 0))
  const top = await log.evaluate((el) => el.scrollTop)
  await api.post(`/executions/${$id}/logs`, { logs: [{ level: 'info', message: 'record 302 processed' }] })
  await expect(page.getByRole('button', { name: '1 new line ↓' })).toBeVisible()
  expect(await log.evaluate((el) => el.scrollTop)).toBe(top)
  await page.getByRole('button', { name: '1 new line ↓' }).click()
  await expect(log.getByText('record 302 processed')).toBeVisible()
  await expect(page.getByText('302 lines shown')).toBeVisible()
})

test('the execution page has no serious or critical accessibility violations', async ({ page }) => {
  const api = rest(page)
  const { $id } = await api.post('/executions', { service: 'sdr-service', steps: [{ id: 'research' }, { id: 'send' }] })
  await api.post(`/executions/${$id}/start`, {})
  await api.post(`/executions/${$id}/metrics`, { promptTokens: 1200, completionTokens: 300, cost: 0.04, costBreakdown: { ai: 0.03, apis: 0.01 }, apiCallsByService: { crm: 3 } })
  await page.goto(`/executions/${$id}`)
  await hydrated(page)
  await expect(page.getByRole('heading', { name: 'Metrics' })).toBeVisible()
  for (const theme of ['light', 'dark']) {
    await page.getByLabel('colour theme').selectOption(theme)
    expect(await seriousViolations(page)).toEqual([])
    await page.screenshot({ path: test.info().outputPath(`execution-${theme}.png`), fullPage: true })
  }
})

test('an execution with 10,000 steps and 100,000 log lines opens, and both lists scroll to their ends', async ({ page }) => {
  test.setTimeout(180_000)
  const api = rest(page)
  const steps = Array.from({ length: 10_000 }, (_, i) => ({ id: `record-${i + 1}` }))
  const { $id } = await api.post('/executions', { service: 'batch-processing-service', steps })
  await api.post(`/executions/${$id}/start`, {})
  for (let batch = 0; batch < 100; batch++) {
    await api.post(`/executions/${$id}/logs`, {
      logs: Array.from({ length: 1000 }, (_, i) => ({ level: 'info', step: `record-${batch * 100 + 1}`, message: `line ${batch * 1000 + i + 1}` })),
    })
  }
  await page.goto(`/executions/${$id}`)
  await hydrated(page)
  // The first steps come with the page, the rest are read in the browser (a busy machine takes a while).
  await expect(page.getByRole('heading', { name: 'Steps (10000)' })).toBeVisible({ timeout: 20_000 })
  // Only what is on screen is rendered.
  const waterfall = page.getByRole('list', { name: 'step waterfall' })
  expect(await waterfall.getByRole('listitem').count()).toBeLessThan(100)
  await waterfall.evaluate((el) => (el.scrollTop = el.scrollHeight))
  await expect(waterfall.getByRole('button', { name: /^record-10000/ })).toBeVisible()

  const log = page.getByRole('log', { name: 'log lines' })
  await expect(log.getByText('line 100000', { exact: true })).toBeVisible()
  expect(await log.locator('[data-index]').count()).toBeLessThan(150)
  await page.getByRole('button', { name: 'Load older lines' }).click()
  await expect(page.getByText('1,000 lines shown')).toBeVisible()
  // The line that was at the top stays in view: the older ones go above it.
  await expect(log.getByText('line 99501', { exact: true })).toBeInViewport()
})
