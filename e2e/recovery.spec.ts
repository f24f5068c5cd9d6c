// Recovery strategies on their page: an operator adds one (a refused one says why), disables and
// enables it, edits it into another type, and removes it; a strategy applied by supervision to a
// step a service reported failed shows in its count and on the execution's timeline.
import { expect, expectConsoleErrors, test } from './fixtures'
import { hydrated, rest } from './sign-in'

test('an operator adds, disables, edits and removes a recovery strategy; a refused one says why', async ({ page }) => {
  const name = `Back off on timeouts ${Date.now()}`
  await page.goto('/recovery')
  await hydrated(page)
  await expect(page.getByRole('heading', { name: 'Recovery strategies', level: 1 })).toBeVisible()
  const form = page.getByRole('form', { name: 'New strategy' })

  // Refused by the server (more than 20 retries): its reason is shown and nothing is added.
  expectConsoleErrors(page, /^HTTP 400: POST \S+\/api\/trpc\/recovery\.add\b/, /^console\.error: Failed to load resource: .* 400 .*\/api\/trpc\/recovery\.add\b/)
  await form.getByLabel('Name').fill(name)
  await form.getByLabel('Error codes').fill('API_TIMEOUT, NETWORK_*')
  await form.getByLabel('Does').selectOption('RETRY')
  await form.getByLabel('Max retries').evaluate((el: HTMLInputElement) => el.removeAttribute('max'))
  await form.getByLabel('Max retries').fill('50')
  await form.getByRole('button', { name: 'Add strategy' }).click()
  // Said by the field's label with the value sent, not the input path ("retry.maxRetries").
  await expect(form.getByRole('alert')).toContainText(/^Max retries: .* \(got "50"\)$/)
  await expect(form.getByRole('alert')).not.toContainText('retry.maxRetries')
  await expect(page.getByRole('row').filter({ hasText: name })).toHaveCount(0)

  await form.getByLabel('Max retries').fill('3')
  await form.getByLabel('First wait (s)').fill('1')
  await form.getByLabel(/^Service/).selectOption('integration-service')
  await form.getByRole('button', { name: 'Add strategy' }).click()
  const row = page.getByRole('row').filter({ hasText: name })
  await expect(row).toContainText('Retry up to 3 times after 1 s, ×2 each time')
  await expect(row).toContainText('API_TIMEOUT, NETWORK_*')
  await expect(row).toContainText('service integration-service')
  await expect(row).toContainText('0 times')

  await row.getByRole('button', { name: `Disable strategy ${name}` }).click()
  await expect(row).toContainText('disabled')
  await page.reload()
  await hydrated(page)
  await expect(row).toContainText('disabled')
  await row.getByRole('button', { name: `Enable strategy ${name}` }).click()
  await expect(row.getByText('disabled', { exact: true })).toHaveCount(0)

  await row.getByRole('button', { name: `Edit strategy ${name}` }).click()
  const edit = page.getByRole('form', { name: `Edit strategy "${name}"` })
  // A bad code in an edit: named by its label and the code as typed, not "patch.applicableErrors.1".
  expectConsoleErrors(page, /^HTTP 400: POST \S+\/api\/trpc\/recovery\.update\b/, /^console\.error: Failed to load resource: .* 400 .*\/api\/trpc\/recovery\.update\b/)
  await edit.getByLabel('Error codes').fill('API_TIMEOUT, network-down')
  await edit.getByRole('button', { name: 'Save strategy' }).click()
  await expect(edit.getByRole('alert')).toHaveText('Error codes: an error code such as API_TIMEOUT, a prefix such as API_*, or * for every code (got "network-down")')
  await edit.getByLabel('Error codes').fill('API_TIMEOUT, NETWORK_*')
  await edit.getByLabel('Does').selectOption('CHECKPOINT_RESTORE')
  await edit.getByRole('textbox', { name: 'Checkpoint' }).fill('load')
  await edit.getByRole('button', { name: 'Save strategy' }).click()
  await expect(row).toContainText('Restore the checkpoint of step load')
  await expect(page.getByRole('form', { name: 'New strategy' })).toBeVisible()

  await row.getByRole('button', { name: `Remove strategy ${name}` }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Remove strategy' }).click()
  await expect(row).toHaveCount(0)
  await page.reload()
  await hydrated(page)
  await expect(page.getByRole('row').filter({ hasText: name })).toHaveCount(0)
})

test('a strategy applied to a reported step failure is counted on the page and told on the timeline', async ({ page }) => {
  const name = `Optional enrichment ${Date.now()}`
  const code = `ENRICH_MISSING_${Date.now()}`
  const api = rest(page)
  await api.post('/recovery-strategies', { name, applicableErrors: [code], type: 'SKIP', serviceId: 'support-triage-service' })
  const e = await api.post('/executions', { service: 'support-triage-service' })
  await api.post(`/executions/${e.$id}/start`, {})
  await api.post(`/executions/${e.$id}/steps`, { id: 'enrich' })
  await api.post(`/executions/${e.$id}/steps/enrich/fail`, { error: { code, message: 'no firmographics' } })

  await page.goto('/recovery')
  await hydrated(page)
  const row = page.getByRole('row').filter({ hasText: name })
  // Supervision looks every second.
  await expect(async () => {
    await page.reload()
    await hydrated(page)
    await expect(row).toContainText('1 time', { timeout: 1_000 })
  }).toPass({ timeout: 20_000 })
  await page.screenshot({ path: test.info().outputPath('recovery.png'), fullPage: true })

  await page.goto(`/executions/${e.$id}`)
  await hydrated(page)
  const timeline = page.getByRole('region', { name: /^Timeline/ })
  await expect(timeline).toContainText(`recovery.applied · enrich · ${name} on ${code}: Skipped step enrich after ${code}; the execution goes on`)
  await expect(timeline).toContainText('step.skipped · enrich')
})

test('an admin of several organisations picks whose strategy it is, sees each one’s organisation, and falls back to a task', async ({ page }) => {
  const suffix = Date.now().toString(36)
  await page.goto('/recovery')
  await hydrated(page)
  const form = page.getByRole('form', { name: 'New strategy' })
  const picker = form.getByLabel('Organisation')
  // Organisations offered and shown by name, sent by id.
  expect(await picker.locator('option').count()).toBeGreaterThan(1)
  const option = picker.locator('option').last()
  const [chosen, chosenName] = [(await option.getAttribute('value'))!, (await option.textContent())!]
  expect(chosenName).not.toBe(chosen)
  await rest(page).post('/task-definitions', { id: `by-hand-${suffix}`, version: '1.0.0', name: 'By hand', timeout: 60_000, organizationId: chosen })

  const name = `Hand it over ${suffix}`
  await picker.selectOption(chosen)
  await form.getByLabel('Name').fill(name)
  await form.getByLabel('Error codes').fill('MODEL_ERROR')
  await form.getByLabel('Does').selectOption('FALLBACK')
  await form.getByLabel(/^Fall back to/).selectOption('task')
  // A task that does not exist there: refused, saying where to find valid ones.
  expectConsoleErrors(page, /^HTTP 400: POST \S+\/api\/trpc\/recovery\.add\b/, /^console\.error: Failed to load resource: .* 400 .*\/api\/trpc\/recovery\.add\b/)
  await form.getByLabel('Fallback task').fill(`no-such-${suffix}`)
  await form.getByRole('button', { name: 'Add strategy' }).click()
  await expect(form.getByRole('alert')).toContainText(`no task definition "no-such-${suffix}" in organisation ${chosen}`)
  await form.getByLabel('Fallback task').fill(`by-hand-${suffix}`)
  await form.getByRole('button', { name: 'Add strategy' }).click()
  const row = page.getByRole('row').filter({ hasText: name })
  await expect(row).toContainText(`Run the step again as task by-hand-${suffix}, for a worker`)
  await expect(row.getByRole('cell').nth(1)).toHaveText(chosenName)
  await expect(page.getByRole('columnheader', { name: 'Organisation' })).toBeVisible()
  const saved = ((await rest(page).get('/recovery-strategies')) as { name: string; organizationId: string }[]).find((s) => s.name === name)!
  expect(saved.organizationId).toBe(chosen)
  await row.getByRole('button', { name: `Remove strategy ${name}` }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Remove strategy' }).click()
  await expect(row).toHaveCount(0)
})
