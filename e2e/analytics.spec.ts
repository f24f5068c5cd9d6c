// Failure analytics as an operator uses it: a failure group followed to its executions, resolved,
// and reopened when the failure recurs; charts that print formatted numbers, title their axes,
// say when they are loading, failed or empty, and fit a phone; then an accessibility scan of
// every page.
import { expect, test, type Page } from './fixtures'
import { hydrated, rest, seriousViolations } from './sign-in'

async function fail(page: Page, message: string) {
  const api = rest(page)
  const e = await api.post('/executions', { service: 'integration-service', tags: ['analytics-e2e'] })
  await api.post(`/executions/${e.$id}/start`, {})
  await api.post(`/executions/${e.$id}/fail`, { code: 'WEBHOOK_REJECTED', step: 'notify', message, recoverable: true })
  return e.$id as string
}

test('follow a failure group to its executions, resolve it, and see it reopen when it recurs', async ({ page }) => {
  const run = Date.now()
  const ids = [await fail(page, `partner endpoint answered 502 for order ${run}1`), await fail(page, `partner endpoint answered 503 for order ${run}2`)]
  await page.goto('/analytics?service=integration-service&range=24h')
  await hydrated(page)
  await expect(page.getByRole('heading', { name: 'Failure analytics' })).toBeVisible()
  const row = page.getByRole('row').filter({ hasText: 'partner endpoint answered <n> for order <id>' })
  await expect(row).toHaveCount(1)
  await expect(row.getByRole('cell', { name: '2', exact: true })).toBeVisible()
  await expect(page.locator('figure', { hasText: 'Failure rate' }).first()).toBeVisible()
  await page.screenshot({ path: test.info().outputPath('failure-analytics.png'), fullPage: true })

  await row.getByRole('link', { name: /executions of WEBHOOK_REJECTED/ }).click()
  await expect(page).toHaveURL(/\/executions\?.*group=/)
  await expect(page.locator('tbody a[data-row-link]')).toHaveCount(2)
  for (const id of ids) await expect(page.locator('tbody a[data-row-link]', { hasText: id })).toBeVisible()

  await page.goBack()
  await row.getByRole('button', { name: 'Resolve' }).click()
  await expect(row.getByText('resolved', { exact: true })).toBeVisible()
  await fail(page, `partner endpoint answered 500 for order ${run}3`)
  await page.reload()
  await hydrated(page)
  await expect(page.getByRole('row').filter({ hasText: 'partner endpoint answered <n> for order <id>' }).getByText('reopened', { exact: true })).toBeVisible()
})

test('a group’s “Retry all” shows a dry run first — what would be retried — and then does just that', async ({ page }) => {
  const run = Date.now()
  const message = (n: number) => `ledger export refused batch ${run}${n} (code 77${n})`
  const ids = [await fail(page, message(1)), await fail(page, message(2))]
  await page.goto('/analytics?service=integration-service&range=24h')
  await hydrated(page)
  const row = page.getByRole('row').filter({ hasText: 'ledger export refused batch <id> (code <n>)' })
  await row.getByRole('button', { name: 'Retry all' }).click()
  const dialog = page.getByRole('dialog', { name: 'Retry the failed executions of this group?' })
  await expect(dialog.getByRole('region', { name: 'dry run' })).toContainText('Dry run: 2 would be retried (of 2).')
  // Nothing changed yet.
  for (const id of ids) expect(((await rest(page).get(`/executions/${id}`)) as { status: string }).status).toBe('failed')
  await dialog.getByRole('button', { name: 'Retry 2' }).click()
  await expect(page.getByText('Retried 2 of 2')).toBeVisible()
  for (const id of ids) expect(((await rest(page).get(`/executions/${id}`)) as { status: string }).status).toBe('retry')
})

test('“Retry all” says what its dry run found, not the group’s count, when some are already being retried', async ({ page }) => {
  const run = Date.now()
  const message = (n: number) => `invoice sync rejected page ${run}${n} (code 88${n})`
  const ids = [await fail(page, message(1)), await fail(page, message(2)), await fail(page, message(3))]
  // One is retried on its own: the group still counts it (waiting to retry), the retry would not.
  await rest(page).post(`/executions/${ids[0]}/retry`, {})
  await page.goto('/analytics?service=integration-service&range=24h')
  await hydrated(page)
  const row = page.getByRole('row').filter({ hasText: 'invoice sync rejected page <id> (code <n>)' })
  await expect(row.getByRole('cell', { name: '3', exact: true })).toBeVisible()
  await row.getByRole('button', { name: 'Retry all' }).click()
  const dialog = page.getByRole('dialog', { name: 'Retry the failed executions of this group?' })
  await expect(dialog.getByRole('region', { name: 'dry run' })).toContainText('Dry run: 2 would be retried (of 2).')
  await expect(dialog.getByText(/^2 failed executions of WEBHOOK_REJECTED in /)).toBeVisible()
  await expect(dialog.getByText(/^3 failed executions/)).toHaveCount(0)
  await expect(dialog.getByText(/The group counts 3 in this range/)).toBeVisible()
  await page.screenshot({ path: test.info().outputPath('retry-all-dialog.png') })
  await dialog.getByRole('button', { name: 'Retry 2' }).click()
  await expect(page.getByText('Retried 2 of 2')).toBeVisible()
})

/** The panel (a figure) titled `title`. */
const panel = (page: Page, title: string) => page.locator('figure').filter({ has: page.locator('figcaption > span:first-child', { hasText: new RegExp(`^${title}$`) }) })

test('the charts print formatted numbers, title their axes, and name their series', async ({ page }) => {
  await fail(page, `partner endpoint answered 504 for order ${Date.now()}`)
  await page.goto('/analytics?range=24h')
  await hydrated(page)
  await expect(page.locator('figure[data-chart-state="ready"]')).toHaveCount(7)
  // Every bar of the breakdowns drawn, each with its name and value.
  const codes = panel(page, 'Failures by error code')
  await expect(codes.locator('svg text', { hasText: 'WEBHOOK_REJECTED' })).toBeVisible()
  await expect(codes.locator('svg .recharts-bar-rectangle').first()).toBeVisible()
  // Titled axes, and a legend where a chart has more than one series.
  const rate = panel(page, 'Failure rate')
  await expect(rate.locator('svg text', { hasText: 'Hour (UTC)' })).toBeVisible()
  await expect(rate.locator('svg text', { hasText: /^Failure rate$/ })).toBeVisible()
  await expect(rate.locator('svg text', { hasText: /^\d+(\.\d)?%$/ }).first()).toBeVisible()
  const executions = panel(page, 'Executions')
  // Cancelled is its own series, not lumped with what has not ended.
  for (const series of ['completed', 'failed', 'cancelled', 'not ended yet']) await expect(executions.locator('.recharts-legend-item-text', { hasText: series })).toBeVisible()
  await expect(rate).toContainText('cancelled ones not counted')
  // The duration axis in one unit: never "0 ms" under "4m 0s".
  const durationTexts = await page
    .getByRole('figure', { name: /^Average duration \(completed\)/ })
    .locator('svg text')
    .allTextContents()
  const durationTicks = durationTexts.filter((t) => /^\d+(\.\d)? (ms|s|min|h)$/.test(t))
  expect(durationTicks.length).toBeGreaterThan(1)
  expect(new Set(durationTicks.map((t) => t.split(' ')[1])).size).toBe(1)
  expect(durationTexts.filter((t) => /^\d+[hm] \d+[ms]$/.test(t))).toEqual([])
  await expect(panel(page, 'Average cost per execution').locator('svg text', { hasText: /^\$\d/ }).first()).toBeVisible()
  // A tooltip that prints its value formatted.
  const bar = codes.locator('svg .recharts-bar-rectangle').first()
  await bar.hover()
  await expect(codes.locator('.recharts-tooltip-wrapper')).toContainText(/failures\s*[\d,]+$/)
  // No raw float anywhere on the page: 0.05309734513274336 reads 5.3%.
  const text = await page.locator('main').innerText()
  expect(text).not.toMatch(/\d\.\d{5,}/)
  expect(text).toMatch(/Failure rate\s+(\d+(\.\d)?%|<0\.1%|>99\.9%|—)/)
})

test('a range with nothing in it shows every panel empty; the next range keeps the charts, busy, until it arrives', async ({ page }) => {
  await page.goto('/analytics?from=2001-01-01T00:00:00.000Z&to=2001-01-08T00:00:00.000Z')
  await hydrated(page)
  await expect(page.locator('figure[data-chart-state="empty"]')).toHaveCount(7)
  await expect(panel(page, 'Failures by error code')).toContainText('No failures in this range.')
  await expect(panel(page, 'Executions')).toContainText('No executions in this range.')
  await expect(page.getByText('No failures in this range.', { exact: true }).last()).toBeVisible()

  // The next view renders on the server first: until it arrives the charts stay, marked busy.
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route(/\/analytics\?(.*&)?range=30d/, async (route) => {
    await held
    await route.continue()
  })
  await page.getByRole('button', { name: 'last 30d' }).click()
  await expect(page.locator('figure[aria-busy="true"]')).toHaveCount(7)
  release()
  await expect(page.getByRole('button', { name: 'last 30d' })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.locator('figure[aria-busy="true"]')).toHaveCount(0)
  await expect(page.locator('figure[data-chart-state="ready"]')).toHaveCount(7)
})

test('on a phone the charts fit the screen and keep their labels', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: test.info().project.use.storageState as string })
  const page = await context.newPage()
  await page.goto('/analytics')
  await hydrated(page)
  await expect(page.locator('figure[data-chart-state="ready"]')).toHaveCount(7)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  // No panel, nor the chart in it, wider than the screen or than itself.
  const overflowing = await page.locator('main figure').evaluateAll((figures) =>
    figures
      .filter((f) => {
        const box = f.getBoundingClientRect()
        const chart = f.querySelector('.recharts-wrapper')?.getBoundingClientRect()
        return box.left < 0 || box.right > 390 || f.scrollWidth > f.clientWidth || (chart && (chart.left < box.left || chart.right > box.right))
      })
      .map((f) => f.querySelector('figcaption')?.textContent),
  )
  expect(overflowing).toEqual([])
  await expect(panel(page, 'Failures by error code').locator('svg text', { hasText: 'Failures' })).toBeVisible()
  await page.screenshot({ path: test.info().outputPath('phone-analytics.png'), fullPage: true })
  await context.close()
})

for (const path of ['/executions', '/analytics', '/alerts', '/admin', '/audit']) {
  test(`no serious or critical accessibility violations on ${path}, light and dark`, async ({ page }) => {
    await page.goto(path)
    await hydrated(page)
    await expect(page.locator('main h1')).toBeVisible()
    // The charts drawn (they load after the page) before the scan.
    if (path === '/analytics') await expect(page.locator('figure[data-chart-state="ready"]').first()).toBeVisible()
    for (const theme of ['light', 'dark']) {
      await page.getByLabel('colour theme').selectOption(theme)
      expect(await seriousViolations(page)).toEqual([])
    }
    await page.screenshot({ path: test.info().outputPath(`page${path.replaceAll('/', '-')}.png`), fullPage: true })
  })
}

test('usable on a phone: the list and an execution fit the screen', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: test.info().project.use.storageState as string })
  const page = await context.newPage()
  await page.goto('/executions')
  // Nothing but the table scrolls sideways: the page itself is as wide as the screen, from the
  // server's render (exact start times, the widest cells) to the hydrated page's.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await hydrated(page)
  await expect(page.locator('tbody a[data-row-link]').first()).toBeVisible()
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await page.screenshot({ path: test.info().outputPath('phone-executions.png'), fullPage: true })
  await page.locator('tbody a[data-row-link]').first().click()
  await expect(page.getByRole('heading', { name: /^Steps/ })).toBeVisible()
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await page.screenshot({ path: test.info().outputPath('phone-execution.png'), fullPage: true })
  await context.close()
})

test('the sign-in page has no serious or critical accessibility violations', async ({ browser }) => {
  const context = await browser.newContext({ storageState: undefined })
  const page = await context.newPage()
  await page.goto('/sign-in')
  await hydrated(page)
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
  expect(await seriousViolations(page)).toEqual([])
  await page.screenshot({ path: test.info().outputPath('page-sign-in.png'), fullPage: true })
  await context.close()
})
