// An alert rule fires on the console's own measurements; the operator acknowledges it on the
// alerts page.
import { expect, expectConsoleErrors, test } from './fixtures'
import { E2E } from './env'
import { hydrated, rest } from './sign-in'

test('a fired alert is acknowledged from the alerts page', async ({ page }) => {
  const name = `Support failing ${Date.now()}`
  // Rules are an admin's, through tRPC (superjson over HTTP, as the console's own pages send it).
  const created = await page.request.post('/api/trpc/alerts.createRule', {
    data: { json: { name, metric: 'failures', serviceId: 'support-triage-service', operator: 'gte', threshold: 1, windowMs: 600_000 } },
    headers: { origin: E2E.base },
  })
  expect(created.status(), await created.text()).toBe(200)
  const api = rest(page)
  const e = await api.post('/executions', { service: 'support-triage-service' })
  await api.post(`/executions/${e.$id}/start`, {})
  await api.post(`/executions/${e.$id}/fail`, { code: 'MODEL_ERROR', message: 'the model refused', recoverable: true })

  await page.goto('/alerts')
  await hydrated(page)
  const row = page.getByRole('row').filter({ hasText: name })
  await expect(async () => {
    await page.reload()
    await hydrated(page)
    await expect(row.getByText('firing', { exact: true })).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 20_000 })
  await expect(page.getByText(`${name}: failures ≥ 1 for support-triage-service`)).toBeVisible()
  await row.getByRole('button', { name: 'Acknowledge' }).click()
  await expect(row.getByText('acknowledged', { exact: true })).toBeVisible()
  await page.screenshot({ path: test.info().outputPath('alerts.png'), fullPage: true })
})

test('an admin adds, pauses, resumes and deletes a rule on the alerts page; a refused rule says why', async ({ page }) => {
  const name = `Slow batches ${Date.now()}`
  await page.goto('/alerts')
  await hydrated(page)
  const form = page.getByRole('form', { name: 'New rule' })

  // Refused by the server (a window over 30 days): its reason is shown and nothing is added.
  expectConsoleErrors(page, /^HTTP 400: POST \S+\/api\/trpc\/alerts\.createRule\b/, /^console\.error: Failed to load resource: .* 400 .*\/api\/trpc\/alerts\.createRule\b/)
  await form.getByLabel('Name').fill(name)
  await form.getByLabel('Watches').selectOption('metric')
  await form.getByLabel(/^Aggregate/).selectOption('max')
  await form.getByLabel(/^Of/).selectOption('durationMs')
  await form.getByLabel('Service').selectOption('batch-processing-service')
  await form.getByLabel('Fires when').selectOption('gt')
  await form.getByLabel('Threshold').fill('60000')
  await form.getByLabel('Window (minutes)').fill('50000')
  await form.getByRole('button', { name: 'Add rule' }).click()
  // Said by the field's label and the value as the form asked for it, not the input path ("windowMs").
  await expect(form.getByRole('alert')).toContainText(/^Window: .* \(got "50000 min"\)$/)
  await expect(page.getByText(`${name}:`)).toHaveCount(0)

  await form.getByLabel('Window (minutes)').fill('15')
  await form.getByLabel('Sustained for (minutes)').fill('2')
  await form.getByRole('button', { name: 'Add rule' }).click()
  const rule = page
    .getByRole('region', { name: /^Rules/ })
    .getByRole('listitem')
    .filter({ hasText: name })
  await expect(rule).toContainText(`${name}: max of durationMs > 60000 for batch-processing-service over 15m 0s, for 2m 0s`)
  await expect(form.getByRole('alert')).toHaveCount(0)

  // Its buttons' names carry its id: two rules of one name would still be told apart.
  await expect(rule.getByRole('button', { name: new RegExp(`^Pause rule ${name} \\(\\S+\\)$`) })).toBeVisible()
  await expect(rule.getByRole('button', { name: new RegExp(`^Delete rule ${name} \\(\\S+\\)$`) })).toBeVisible()
  await rule.getByRole('button', { name: `Pause rule ${name}` }).click()
  await expect(rule).toContainText('(paused)')
  await page.reload()
  await hydrated(page)
  await expect(rule).toContainText('(paused)')
  await rule.getByRole('button', { name: `Resume rule ${name}` }).click()
  await expect(rule).not.toContainText('(paused)')

  await rule.getByRole('button', { name: `Delete rule ${name}` }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Delete rule' }).click()
  await expect(rule).toHaveCount(0)
  await page.reload()
  await hydrated(page)
  await expect(page.getByText(`${name}:`)).toHaveCount(0)
})
