// Resources as an operator meets them (docs/resources.md): a resource of one seat, a workflow
// whose human step needs it; the second execution waits — its page says for what and how many are
// ahead, the Resources page shows the seat in use and the demand waiting — until the first's step
// is done, when the seat goes to it at once and the first's page shows what it held.
import { expect, expectConsoleErrors, test } from './fixtures'
import { E2E } from './env'
import { hydrated, seriousViolations } from './sign-in'

test('a step waits for a resource, says so, and gets it when the holder releases it', async ({ page }) => {
  const suffix = Date.now().toString(36)
  const headers = { origin: E2E.base }
  const post = async (path: string, data: unknown) => {
    const res = await page.request.post(`/api${path}`, { data, headers })
    expect(res.status(), `${path}: ${await res.text()}`).toBeLessThan(300)
    return res.json()
  }
  const organizationId = (await (await page.request.get('/api/services/support-triage-service')).json()).provider
  const organizationName = (await (await page.request.get(`/api/organizations/${organizationId}`)).json()).name
  expect(organizationName).not.toBe(organizationId)
  const name = `Reviewer seats ${suffix}`
  await post('/resources', { name, type: `seat-${suffix}`, capacity: 1, unit: 'seats', costPerUnit: 3, organizationId })
  await post('/workflow-templates', {
    id: `seated-${suffix}`,
    name: `Seated review ${suffix}`,
    service: 'support-triage-service',
    steps: [{ id: 'review', type: 'human', name: 'Review', resources: [{ type: `seat-${suffix}`, amount: 1 }] }],
  })
  const first = await post(`/workflows/seated-${suffix}/executions`, { input: {} })
  await expect(async () => {
    const usage = await (await page.request.get(`/api/executions/${first.$id}/resources`)).json()
    expect(usage).toMatchObject([{ status: 'allocated', name }])
  }).toPass({ timeout: 15_000 })
  const second = await post(`/workflows/seated-${suffix}/executions`, { input: {} })

  // The waiting execution says what it waits for.
  await page.goto(`/executions/${second.$id}`)
  await hydrated(page)
  await expect(page.getByTestId('resource-wait')).toContainText(`Waiting for resource ${name} (0 ahead)`, { timeout: 15_000 })
  await expect(page.getByRole('table').filter({ hasText: 'What its steps held' })).toContainText('waiting (priority 5)')

  // The Resources page: the seat in use, one step waiting, the chart drawn.
  await page.goto('/resources')
  await hydrated(page)
  const card = page.getByRole('article', { name })
  await expect(card.getByTestId('in-use')).toHaveText('1 seat')
  await expect(card.getByTestId('waiting')).toHaveText('1 seat · 1 step')
  await expect(card.getByRole('meter', { name: `${name} in use` })).toHaveAttribute('aria-valuenow', '1')
  await expect(card.locator('[data-chart-state="ready"]')).toBeVisible({ timeout: 15_000 })
  // Whose it is (the admin sees several organisations' resources), and what the chart draws: peaks per bucket.
  await expect(card.getByTestId('organization')).toHaveText(`organisation ${organizationName}`)
  await expect(card).toContainText('Peak seats in use and waiting in each 2-minute bucket')
  // Its time axis in 24-hour times, as the rest of the console ("14:02", never "2:02 PM").
  const ticks = card.locator('.recharts-cartesian-axis-tick-value')
  await expect.poll(async () => (await ticks.allTextContents()).filter((t) => t.includes(':')).length).toBeGreaterThan(1)
  const labels = await ticks.allTextContents()
  expect(labels.join(' ')).not.toMatch(/AM|PM/i)
  for (const time of labels.filter((t) => t.includes(':'))) expect(time).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/)
  // In dark, the capacity is drawn in a light red that reads on the dark page (6:1), not the 600 for white.
  const capacityStroke = () =>
    card
      .locator('.recharts-line .recharts-curve')
      .first()
      .evaluate((el) => getComputedStyle(el).stroke)
  expect(await capacityStroke()).toBe('rgb(220, 38, 38)')
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect(page.locator('html')).toHaveClass(/\bdark\b/)
  expect(await capacityStroke()).toBe('rgb(248, 113, 113)')
  await page.emulateMedia({ colorScheme: 'light' })
  expect(await seriousViolations(page)).toEqual([])

  // The holder's person completes the step: the seat goes to the waiting one.
  await post(`/executions/${first.$id}/steps/review/complete`, { output: { approved: true } })
  await expect(card.getByTestId('waiting')).toHaveText('none', { timeout: 15_000 })
  await expect(card.getByTestId('in-use')).toHaveText('1 seat')

  await page.goto(`/executions/${second.$id}`)
  await hydrated(page)
  await expect(page.getByText('Waiting on a person:')).toBeVisible({ timeout: 15_000 })
  await expect(page.getByTestId('resource-wait')).toHaveCount(0)

  await page.goto(`/executions/${first.$id}`)
  await hydrated(page)
  const held = page.getByRole('table').filter({ hasText: 'What its steps held' })
  await expect(held.getByRole('row').filter({ hasText: name })).toContainText('released (completed)')
  await expect(held.getByRole('row').filter({ hasText: name })).toContainText('100%')
  expect(await seriousViolations(page)).toEqual([])
})

test('an admin of several organisations adds a resource to the one they pick; a capacity below a requirement is refused, saying why', async ({ page }) => {
  const suffix = Date.now().toString(36)
  await page.goto('/resources')
  await hydrated(page)
  const form = page.getByRole('form', { name: 'Add a resource' })
  const picker = form.getByLabel('Organisation')
  // Organisations offered and shown by name, sent by id.
  expect(await picker.locator('option').count()).toBeGreaterThan(1)
  const option = picker.locator('option').last()
  const [chosen, chosenName] = [(await option.getAttribute('value'))!, (await option.textContent())!]
  expect(chosenName).not.toBe(chosen)
  await picker.selectOption(chosen)
  const name = `Lab benches ${suffix}`
  await form.getByLabel('Name').fill(name)
  await form.getByLabel('Type (what steps require)').fill(`bench-${suffix}`)
  await form.getByLabel('Capacity').fill('4')
  await form.getByRole('button', { name: 'Add resource' }).click()
  const card = page.getByRole('article', { name })
  await expect(card.getByTestId('organization')).toHaveText(`organisation ${chosenName}`)
  const created = ((await (await page.request.get('/api/resources')).json()) as { name: string; organizationId: string }[]).find((r) => r.name === name)!
  expect(created.organizationId).toBe(chosen)

  // A task definition needs 3: a capacity of 2 could never serve it.
  const res = await page.request.post('/api/task-definitions', {
    data: { id: `bench-task-${suffix}`, version: '1.0.0', name: 'Bench work', timeout: 60_000, resources: [{ type: `bench-${suffix}`, amount: 3 }], organizationId: chosen },
    headers: { origin: E2E.base },
  })
  expect(res.status(), await res.text()).toBe(201)
  expectConsoleErrors(page, /^HTTP 400: POST \S+\/api\/trpc\/resources\.update\b/, /^console\.error: Failed to load resource: .* 400 .*\/api\/trpc\/resources\.update\b/)
  await card.getByLabel(`${name} capacity`).fill('2')
  await card.getByRole('button', { name: 'Change' }).click()
  await expect(card.getByRole('alert')).toContainText(`task definition bench-task-${suffix}@1.0.0 requires 3`)
  await expect(card).toContainText('4 units')
})
