// An alert rule fires on the console's own measurements; the operator acknowledges it on the
// alerts page.
import { expect, test } from '@playwright/test'
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
