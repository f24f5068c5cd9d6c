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
    await api.post(`/executions/${$id}/steps`, { id: 'post', name: 'Post the entry to the ledger' })
    await api.post(`/executions/${$id}/fail`, { code, step: 'post', message: `Ledger rejected the entry (request ${request})`, recoverable: false })
    failed.push($id)
  }
  await page.goto(`/executions/${failed[0]}`)
  await hydrated(page)
  // The step by its name, not its id, in the error and the card.
  await expect(page.getByRole('heading', { name: `Error ${code} in step Post the entry to the ledger` })).toBeVisible()
  const card = page.getByRole('region', { name: 'Why it failed' })
  await expect(card).toContainText(code)
  await expect(card).toContainText(`${code} in step Post the entry to the ledger`)
  await expect(card).toContainText('2 executions failed this way')
  await expect(card).toContainText('None of them has been retried yet.')
  await expect(page.getByRole('navigation', { name: 'breadcrumbs' })).toContainText(failed[0]!)
  await card.getByRole('link', { name: 'Executions failing this way now' }).click()
  await expect(page).toHaveURL(/group=[0-9a-f]{20}/)
  await hydrated(page)
  // The group's chip says its error, not its hash.
  await expect(page.getByRole('list', { name: 'active filters' })).toContainText(`failure group ${code}: Ledger rejected the entry (request <id>)`)
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
  await expect(page.getByText('102 lines shown')).toBeVisible() // (the newest 100 the page opened with, and the two since)
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
  // (The page comes with the first 100 steps and reads the other 9,900 once in the browser.)
  await expect(page.getByRole('heading', { name: 'Steps (10000)' })).toBeVisible({ timeout: 30_000 })
  // Only what is on screen is rendered.
  const waterfall = page.getByRole('list', { name: 'step waterfall' })
  expect(await waterfall.getByRole('listitem').count()).toBeLessThan(100)
  await waterfall.evaluate((el) => (el.scrollTop = el.scrollHeight))
  await expect(waterfall.getByRole('button', { name: /^record-10000/ })).toBeVisible()

  const log = page.getByRole('log', { name: 'log lines' })
  await expect(log.getByText('line 100000', { exact: true })).toBeVisible()
  expect(await log.locator('[data-index]').count()).toBeLessThan(150)
  await page.getByRole('button', { name: 'Load older lines' }).click()
  await expect(page.getByText('600 lines shown')).toBeVisible() // (the page opens with the newest 100)
  // The line that was at the top stays in view: the older ones go above it.
  await expect(log.getByText('line 99901', { exact: true })).toBeInViewport()
})

test('the run trace opens a step into its attempts; a span shows its error, stack and logs beside the trace', async ({ page }) => {
  const api = rest(page)
  const run = Date.now()
  const { $id } = await api.post('/executions', { service: 'integration-service', steps: [{ id: 'sync', name: 'Sync contacts' }, { id: 'notify' }] })
  await api.post(`/executions/${$id}/start`, {})
  await api.post(`/executions/${$id}/steps`, { id: 'sync', name: 'Sync contacts', input: { batch: run } })
  await api.post(`/executions/${$id}/logs`, { logs: [{ level: 'error', step: 'sync', message: `partner refused batch ${run}` }] })
  await api.post(`/executions/${$id}/steps/sync/fail`, {
    error: { code: 'PARTNER_REFUSED', message: 'the partner said no', stack: `Error: the partner said no\n    at sync (worker.ts:${run % 1000})` },
  })
  await page.waitForTimeout(1100) // (the second attempt's lines are later than the first's end)
  await api.post(`/executions/${$id}/steps`, { id: 'sync', name: 'Sync contacts' })
  await api.post(`/executions/${$id}/logs`, { logs: [{ level: 'info', step: 'sync', message: `batch ${run} accepted on the second try` }] })
  await api.post(`/executions/${$id}/steps/sync/complete`, { output: { synced: 12 } })

  await page.goto(`/executions/${$id}`)
  await hydrated(page)
  await expect(header(page).getByText('● live')).toBeVisible()
  const trace = page.getByRole('list', { name: 'step waterfall' })
  await expect(trace.getByRole('button', { name: /Sync contacts/ })).toContainText('×2')
  await trace.getByRole('button', { name: 'Expand' }).click()
  await expect(trace.getByRole('button', { name: /^attempt 1/ })).toContainText('PARTNER_REFUSED')
  await expect(trace.getByRole('button', { name: /^attempt 2/ })).toContainText('completed')

  // The failed attempt: its error with the stack, and its own lines only.
  await trace.getByRole('button', { name: /^attempt 1/ }).click()
  const span = page.getByRole('region', { name: 'step Sync contacts' })
  await expect(span.getByText('attempt 1 of 2')).toBeVisible()
  await expect(span.getByText('PARTNER_REFUSED: the partner said no')).toBeVisible()
  await span.getByText('stack', { exact: true }).click()
  await expect(span.getByText(`at sync (worker.ts:${run % 1000})`).first()).toBeVisible()
  const logs = span.getByRole('log', { name: 'logs of Sync contacts' })
  await expect(logs).toContainText(`partner refused batch ${run}`)
  await expect(logs).not.toContainText('accepted on the second try')
  await page.screenshot({ path: test.info().outputPath('trace-attempt.png'), fullPage: true })

  // The step as a whole: both attempts' lines, its output, its events with their payloads.
  await trace.getByRole('button', { name: /Sync contacts/ }).click()
  await expect(span.getByText('Logs of this step')).toBeVisible()
  await expect(span.getByRole('log', { name: 'logs of Sync contacts' })).toContainText('accepted on the second try')
  await span.getByText('output', { exact: true }).click()
  await expect(span.getByText('"synced": 12')).toBeVisible()
  await span.getByText(/^Events \(\d+\)$/).click()
  await expect(span.getByRole('list', { name: 'events of this span' })).toContainText('step.failed')
  await span.getByRole('button', { name: 'Close' }).click()
  await expect(span).toHaveCount(0)
})

test('a running execution forecasts its time and cost to finish from the service’s completed runs', async ({ page }) => {
  const api = rest(page)
  for (let i = 0; i < 6; i++) {
    const { $id } = await api.post('/executions', { service: 'sdr-service', tags: ['forecast-e2e'] })
    await api.post(`/executions/${$id}/start`, {})
    await api.post(`/executions/${$id}/metrics`, { cost: 0.5 + i / 100 })
    await api.post(`/executions/${$id}/complete`, { success: true, output: {}, summary: 'done' })
  }
  const { $id } = await api.post('/executions', { service: 'sdr-service', tags: ['forecast-e2e'] })
  await api.post(`/executions/${$id}/start`, {})
  await page.goto(`/executions/${$id}`)
  await hydrated(page)
  const forecast = page.getByTestId('forecast')
  await expect(forecast).toContainText(/to finish|running longer than any/)
  await expect(forecast).toContainText(/completed runs of this (service|workflow version) in the last 30 days/)
  // The list's ETA column says the same for the running row, and nothing for the finished ones.
  await page.goto(`/executions?tag=forecast-e2e`)
  await hydrated(page)
  const cells = (id: string) =>
    page
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: id }) })
      .getByRole('cell')
  const etaIndex = await page.getByRole('columnheader').evaluateAll((hs) => hs.findIndex((h) => h.textContent?.trim() === 'ETA'))
  expect(etaIndex).toBeGreaterThan(0)
  const eta = cells($id).nth(etaIndex)
  await expect(eta).toHaveText(/^(~\S.*|\?)$/)
  await eta.locator('span').first().hover()
  await expect(page.getByRole('tooltip')).toContainText(/(Likely .+ to finish|No estimate: .*running longer than any of them) · \S/)
  await page.goto(`/executions/${$id}`)
  await hydrated(page)
  // A finished execution forecasts nothing.
  await api.post(`/executions/${$id}/complete`, { success: true, output: {}, summary: 'done' })
  await expect(forecast).toHaveCount(0)
})

// The walk: a run waiting on a person due in an hour read "Forecast: 8.6 s to finish".
test('an execution that waits on a person is forecast as waiting for them, not in seconds', async ({ page }) => {
  const api = rest(page)
  for (let i = 0; i < 6; i++) {
    const { $id } = await api.post('/executions', { service: 'content-service', tags: ['forecast-person-e2e'] })
    await api.post(`/executions/${$id}/start`, {})
    await api.post(`/executions/${$id}/complete`, { success: true, output: {}, summary: 'done' })
  }
  const { $id } = await api.post('/executions', {
    service: 'content-service',
    tags: ['forecast-person-e2e'],
    steps: [{ id: 'draft' }, { id: 'review', name: 'Editorial review', type: 'human', assignee: { type: 'human', id: 'sarah-editor', name: 'Sarah Editor' } }],
  })
  await api.post(`/executions/${$id}/start`, {})
  await api.post(`/executions/${$id}/steps`, { id: 'draft' })
  await api.post(`/executions/${$id}/steps/draft/complete`, { output: { words: 840 } })
  await api.post(`/executions/${$id}/steps`, { id: 'review', type: 'human', dueAt: new Date(Date.now() + 3_600_000).toISOString() })
  await page.goto(`/executions/${$id}`)
  await hydrated(page)
  const forecast = page.getByTestId('forecast')
  await expect(forecast).toContainText('waiting for a person (Editorial review, due in')
  await expect(forecast).toContainText('the time to finish depends on them')
  await expect(forecast).not.toContainText(/\d s to finish/)
})

test('the “More” menu copies the id and leads to the execution’s correlation and children', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  const api = rest(page)
  const parent = await api.post('/executions', { service: 'content-service' })
  const child = await api.post('/executions', { service: 'content-service', parentExecutionId: parent.$id })
  await page.goto(`/executions/${parent.$id}`)
  await hydrated(page)
  await expect(header(page).getByRole('link', { name: '1 execution' })).toHaveAttribute('href', `/executions?parent=${parent.$id}`)
  await header(page).getByRole('button', { name: /More/ }).click()
  await page.getByRole('menuitem', { name: 'Copy execution id' }).click()
  await expect(page.getByText('Copied execution id')).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(parent.$id)
  // Escape closes it; the keyboard reaches every item.
  await header(page).getByRole('button', { name: /More/ }).click()
  await expect(page.getByRole('menu')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('menu')).toHaveCount(0)
  await header(page).getByRole('button', { name: /More/ }).click()
  await page.getByRole('menuitem', { name: 'Its child executions' }).click()
  await expect(page).toHaveURL(new RegExp(`/executions\\?parent=${parent.$id}`))
  await expect(page.locator('tbody a[data-row-link]')).toHaveText([child.$id])
})

test('restore a failed execution to a checkpoint: the steps it had finished stay, the rest are asked again', async ({ page }) => {
  const api = rest(page)
  const { $id } = await api.post('/executions', { service: 'integration-service', steps: [{ id: 'extract' }, { id: 'load' }] })
  await api.post(`/executions/${$id}/start`, {})
  await api.post(`/executions/${$id}/steps`, { id: 'extract' })
  await api.post(`/executions/${$id}/steps/extract/complete`, { output: { rows: 40 } })
  await api.post(`/executions/${$id}/checkpoints`, {
    step: 'extract',
    state: { currentStep: 1, totalSteps: 2, completedSteps: ['extract'], pendingSteps: ['load'], variables: { cursor: 40 }, results: { extract: { rows: 40 } } },
  })
  await api.post(`/executions/${$id}/steps`, { id: 'load' })
  await api.post(`/executions/${$id}/fail`, { code: 'WAREHOUSE_DOWN', message: 'the warehouse refused the load', step: 'load', recoverable: true })
  await page.goto(`/executions/${$id}`)
  await hydrated(page)
  await expect(header(page).getByText('● live')).toBeVisible()
  const checkpoints = page.getByRole('region', { name: /Checkpoints/ }).or(page.locator('section[aria-labelledby="checkpoints-heading"]'))
  await checkpoints.getByRole('button', { name: 'Restore…' }).click()
  const dialog = page.getByRole('alertdialog').or(page.getByRole('dialog', { name: /Restore the checkpoint/ }))
  await expect(dialog).toContainText('The 1 step finished by')
  await dialog.getByRole('button', { name: 'Restore and retry' }).click()
  await expect(header(page).getByText('retry', { exact: true })).toBeVisible()
  const trace = page.getByRole('list', { name: 'step waterfall' })
  await expect(trace.getByRole('button', { name: /^extract/ })).toContainText('completed')
  await expect(trace.getByRole('button', { name: /^load/ })).toContainText('pending')
  await expect(page.getByText('checkpoint.restored').first()).toBeVisible()
  const steps = (await api.get(`/executions/${$id}`)).steps as { id: string; status: string }[]
  expect(steps.map((s) => [s.id, s.status])).toEqual([
    ['extract', 'completed'],
    ['load', 'pending'],
  ])
})
