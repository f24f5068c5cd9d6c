// The "Alerts on this execution" control: an operator sets a cost alert on a running execution's
// page (a refused one says why), sees it fire once the execution's cost passes it — on the control
// and on the timeline — and removes it.
import { expect, test } from '@playwright/test'
import { hydrated, rest } from './sign-in'

test('an alert set on the execution page fires when its cost passes, and is removed', async ({ page }) => {
  const api = rest(page)
  const e = await api.post('/executions', { service: 'support-triage-service' })
  await api.post(`/executions/${e.$id}/start`, {})
  await page.goto(`/executions/${e.$id}`)
  await hydrated(page)

  const control = page.getByTestId('execution-alerts')
  await control.locator('summary').click()
  await expect(control.getByText('No alerts on this execution.')).toBeVisible()
  const form = control.getByRole('form', { name: 'Add an alert' })

  // A refusal names what was wrong, and adds nothing.
  await form.getByLabel('Dollars').fill('lots')
  await form.getByRole('button', { name: 'Add alert' }).click()
  await expect(control.getByRole('alert')).toContainText('enter a number of dollars')
  await expect(control.getByTestId('execution-alert')).toHaveCount(0)

  await form.getByLabel('Dollars').fill('5')
  await form.getByLabel('Name (optional)').fill('Over budget')
  await form.getByRole('button', { name: 'Add alert' }).click()
  const alert = control.getByTestId('execution-alert').filter({ hasText: 'Over budget' })
  await expect(alert).toContainText('armed')
  await expect(alert).toContainText('cost > $5')

  // The service reports its cost: past $5 the alert fires, once.
  await api.post(`/executions/${e.$id}/metrics`, { cost: 6.5 })
  await expect(alert).toContainText('fired', { timeout: 20_000 })
  await expect(alert).toContainText('Over budget: cost is $6.5 (cost > $5)')
  await page.screenshot({ path: test.info().outputPath('execution-alerts.png'), fullPage: true })

  await alert.getByRole('button', { name: /^Remove alert/ }).click()
  await expect(control.getByTestId('execution-alert')).toHaveCount(0)
  const events = (await (await page.request.get(`/api/executions/${e.$id}/events`)).json()) as { items: { type: string }[] }
  expect(events.items.filter((x) => x.type === 'execution.alert')).toHaveLength(1)
})
