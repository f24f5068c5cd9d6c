// Failure analytics as an operator uses it: a failure group followed to its executions, resolved,
// and reopened when the failure recurs; then an accessibility scan of every page.
import { expect, test, type Page } from '@playwright/test'
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
  await expect(page.getByText('Failure rate over time (%)')).toBeVisible()
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

for (const path of ['/executions', '/analytics', '/alerts', '/admin', '/audit']) {
  test(`no serious or critical accessibility violations on ${path}, light and dark`, async ({ page }) => {
    await page.goto(path)
    await hydrated(page)
    await expect(page.locator('main h1')).toBeVisible()
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
  await hydrated(page)
  await expect(page.locator('tbody a[data-row-link]').first()).toBeVisible()
  // Nothing but the table scrolls sideways: the page itself is as wide as the screen.
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
