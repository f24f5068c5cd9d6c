// Launch and replay as an operator does them: the launchpad's form from a workflow's input
// schema (checks beside each field, then the server's refusal, then a start that runs to the
// end); a replay with edited input linked back to its original; a rerun from a step that carries
// the steps before it over (they do not run again) and runs the rest to completion on the engine.
// Screenshots in light and dark at 1280 and 390 px; no console errors.
import { expect, expectConsoleErrors, test, type Page } from './fixtures'
import { E2E } from './env'
import { hydrated, rest, seriousViolations } from './sign-in'

const WORKFLOW = 'onboarding-e2e'
const template = {
  id: WORKFLOW,
  name: 'Customer onboarding (e2e)',
  service: 'sdr-service',
  inputSchema: {
    type: 'object',
    required: ['company', 'seats'],
    additionalProperties: false,
    properties: {
      company: { type: 'string', minLength: 2, description: 'The customer’s legal name' },
      seats: { type: 'integer', minimum: 1, maximum: 500, default: 10 },
      plan: { enum: ['starter', 'team', 'enterprise'], default: 'team' },
      trial: { type: 'boolean', default: false, description: 'A 14-day trial first' },
      contacts: { type: 'array', items: { type: 'string' }, description: 'Who to welcome' },
    },
  },
  steps: [
    { id: 'prepare', type: 'sys.wait', duration: 300 },
    { id: 'provision', type: 'sys.wait', duration: 300 },
    { id: 'welcome', type: 'sys.wait', duration: 300 },
  ],
}

const header = (page: Page) => page.getByRole('region', { name: 'execution' })

/** The refusals a test provokes on purpose (400 from `procedure`): declared to the console guard. */
const refusedOnPurpose = (page: Page, procedure: string) =>
  expectConsoleErrors(page, new RegExp(`^HTTP 400: POST \\S+/api/trpc/${procedure.replace('.', '\\.')}\\b`), new RegExp(`^console\\.error: Failed to load resource: .*400`))

async function completed(api: ReturnType<typeof rest>, id: string) {
  await expect.poll(async () => (await api.get(`/executions/${id}`)).status, { timeout: 30_000 }).toBe('completed')
}

/** The page in light and dark, at 1280 and 390 px wide. */
async function screenshots(page: Page, name: string) {
  for (const theme of ['light', 'dark']) {
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.getByLabel('colour theme').selectOption(theme)
    expect(await seriousViolations(page), `${name} in ${theme}`).toEqual([])
    await page.screenshot({ path: test.info().outputPath(`${name}-${theme}-1280.png`), fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} fits a phone`).toBeLessThanOrEqual(390)
    await page.screenshot({ path: test.info().outputPath(`${name}-${theme}-390.png`), fullPage: true })
  }
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.getByLabel('colour theme').selectOption('light')
}

test.beforeEach(async ({ page }) => {
  await rest(page).post('/workflow-templates', template)
})

test('the launchpad starts a run with schema-valid input and shows the refusal of an invalid one', async ({ page }) => {
  refusedOnPurpose(page, 'workflows.start')
  const api = rest(page)
  await page.goto('/executions')
  await hydrated(page)
  // From the sidebar, to the workflow.
  await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Launch' }).click()
  await expect(page.getByRole('heading', { name: 'Launch a workflow' })).toBeVisible()
  await page.getByLabel('Workflow', { exact: true }).selectOption(WORKFLOW)
  await expect(page.getByText("input checked against the workflow's input schema")).toBeVisible()
  // Defaults filled in, descriptions as hints.
  await expect(page.getByLabel('seats')).toHaveValue('10')
  await expect(page.getByLabel('plan')).toHaveValue('1')
  await expect(page.getByText('The customer’s legal name')).toBeVisible()
  await screenshots(page, 'launchpad')

  // Checked in the browser first: nothing is sent.
  await page.getByLabel('company').fill('A')
  await page.getByLabel('seats').fill('0')
  await page.getByRole('button', { name: 'Launch' }).click()
  await expect(page.getByText('company must NOT have fewer than 2 characters')).toBeVisible()
  await expect(page.getByText('seats must be >= 1')).toBeVisible()
  await expect(page).toHaveURL(/\/launch/)

  // What only the server checks (the items of a list): its refusal, by field; nothing started.
  await page.getByLabel('company').fill('Acme Corp')
  await page.getByLabel('seats').fill('25')
  await page.getByLabel('contacts').fill('["ann@acme.test", 7]')
  await page.getByRole('button', { name: 'Launch' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'contacts.1: must be string' })).toBeVisible()
  await expect(page.getByText('contacts must be string')).toBeVisible()
  await expect(page).toHaveURL(/\/launch/)
  await page.screenshot({ path: test.info().outputPath('launchpad-refused.png'), fullPage: true })

  // As JSON: an extra field is refused by name.
  await page.getByLabel('Edit as JSON').check()
  await page.getByLabel('Input (JSON)').fill('{ "company": "Acme Corp", "seats": 25, "region": "eu" }')
  await page.getByRole('button', { name: 'Launch' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'must NOT have additional properties (region)' })).toBeVisible()
  await page.getByLabel('Input (JSON)').fill('{ "company": "Acme Corp", "seats": 25, "contacts": ["ann@acme.test"] }')
  await page.getByLabel('Edit as JSON').uncheck()
  await expect(page.getByLabel('contacts')).toHaveValue('[\n  "ann@acme.test"\n]')
  await page.getByLabel('plan').selectOption('enterprise')
  await page.getByLabel('trial').check()
  // An admin of several organisations: the run is the service's provider's unless another is chosen.
  await expect(page.getByLabel('For', { exact: true })).toHaveValue('')

  await page.getByRole('button', { name: 'Launch' }).click()
  await page.waitForURL(/\/executions\/exec_/)
  const id = page.url().split('/').at(-1)!
  await expect(header(page).getByText('completed', { exact: true })).toBeVisible({ timeout: 30_000 })
  expect((await api.get(`/executions/${id}`)).context.input).toEqual({ company: 'Acme Corp', seats: 25, plan: 'enterprise', trial: true, contacts: ['ann@acme.test'] })
  const provider = ((await api.get('/services/sdr-service')) as { provider: string }).provider
  expect(((await api.get(`/executions/${id}/relations`)) as { customer: { $id: string } }).customer.$id).toBe(provider)
})

test('replay with edited input: a new execution with that input, linked back to its original', async ({ page }) => {
  refusedOnPurpose(page, 'executions.replay')
  const api = rest(page)
  const original = await api.post(`/workflows/${WORKFLOW}/executions`, { input: { company: 'Initech', seats: 5 } })
  await completed(api, original.$id)
  await page.goto(`/executions/${original.$id}`)
  await hydrated(page)
  await page.getByRole('button', { name: 'Replay…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Replay with edited input' })
  await expect(dialog.getByLabel('company')).toHaveValue('Initech')
  await expect(dialog.getByLabel('seats')).toHaveValue('5')
  // The server's refusal, in the dialog: nothing starts.
  await dialog.getByLabel('Edit as JSON').check()
  await dialog.getByLabel('Input (JSON)').fill('{ "company": "Initech", "seats": 9000 }')
  await dialog.getByRole('button', { name: 'Run with this input' }).click()
  await expect(dialog.getByRole('alert').filter({ hasText: 'seats: must be <= 500' })).toBeVisible()
  await dialog.getByLabel('Edit as JSON').uncheck()
  await dialog.getByLabel('company').fill('Initech Europe')
  await dialog.getByLabel('seats').fill('8')
  await page.screenshot({ path: test.info().outputPath('replay-dialog.png') })
  await dialog.getByRole('button', { name: 'Run with this input' }).click()

  await page.waitForURL((url) => /\/executions\/exec_/.test(url.pathname) && !url.pathname.endsWith(original.$id))
  const replay = page.url().split('/').at(-1)!
  await expect(header(page).getByText('Replay of')).toBeVisible()
  await expect(header(page).getByRole('link', { name: original.$id })).toBeVisible()
  await expect(header(page).getByText('completed', { exact: true })).toBeVisible({ timeout: 30_000 })
  const got = await api.get(`/executions/${replay}`)
  expect(got.context.input).toMatchObject({ company: 'Initech Europe', seats: 8 })
  expect(got.workflowTemplateVersionId).toBe(original.workflowTemplateVersionId)
  await screenshots(page, 'replay')

  // The original lists it.
  await header(page).getByRole('link', { name: original.$id }).click()
  await expect(page.getByTestId('replays').getByRole('link', { name: replay })).toBeVisible()
  expect((await api.get(`/executions/${original.$id}`)).context.input).toEqual({ company: 'Initech', seats: 5 })
})

test('rerun from a step keeps the steps before it (carried over, not rerun) and runs the rest to completion', async ({ page }) => {
  const api = rest(page)
  const original = await api.post(`/workflows/${WORKFLOW}/executions`, { input: { company: 'Hooli', seats: 3 } })
  await completed(api, original.$id)
  await page.goto(`/executions/${original.$id}`)
  await hydrated(page)
  await page
    .getByRole('list', { name: 'step waterfall' })
    .getByRole('button', { name: /^provision/ })
    .click()
  await page.getByRole('region', { name: 'step provision' }).getByRole('button', { name: 'Rerun from here' }).click()
  const dialog = page.getByRole('dialog', { name: 'Rerun from step provision?' })
  await dialog.getByRole('button', { name: 'Rerun from this step' }).click()

  await page.waitForURL((url) => /\/executions\/exec_/.test(url.pathname) && !url.pathname.endsWith(original.$id))
  const rerun = page.url().split('/').at(-1)!
  await expect(header(page).getByText('Rerun of')).toBeVisible()
  await expect(header(page).getByText('completed', { exact: true })).toBeVisible({ timeout: 30_000 })
  const waterfall = page.getByRole('list', { name: 'step waterfall' })
  await expect(waterfall.getByRole('button', { name: /^prepare/ })).toContainText('carried over')
  await expect(waterfall.getByRole('button', { name: /^provision/ })).not.toContainText('carried over')
  await waterfall.getByRole('button', { name: /^prepare/ }).click()
  await expect(page.getByRole('region', { name: 'step prepare' })).toContainText(`Carried over from ${original.$id}`)

  // prepare did not run in the rerun (no attempt, no start); provision and welcome ran on the engine.
  const steps = Object.fromEntries(((await api.get(`/executions/${rerun}/steps`)) as { id: string }[]).map((s) => [s.id, s]))
  expect(steps.prepare).toMatchObject({ status: 'completed', attempt: 0, metadata: { carriedFrom: original.$id } })
  expect(steps.prepare).not.toHaveProperty('startedAt')
  expect(steps.provision).toMatchObject({ status: 'completed', attempt: 1 })
  expect(steps.welcome).toMatchObject({ status: 'completed', attempt: 1 })
  expect((await api.get(`/executions/${rerun}`)).context.input).toEqual({ company: 'Hooli', seats: 3 })
  await screenshots(page, 'rerun')
})

test('a viewer is shown no launch, replay or rerun control, and the server refuses them', async ({ page, browser }) => {
  const api = rest(page)
  const original = await api.post(`/workflows/${WORKFLOW}/executions`, { input: { company: 'Vandelay', seats: 2 } })
  await completed(api, original.$id)
  await page.goto('/admin')
  const form = page.getByRole('form', { name: 'add a user' })
  await form.getByLabel('email').fill('launch-viewer@e2e.local')
  await form.getByLabel('name').fill('Lou Viewer')
  await form.getByLabel('password').fill('viewer-password')
  await form.getByLabel('role').selectOption('viewer')
  await form.getByLabel('organisations').selectOption('org-services-do')
  await form.getByRole('button', { name: 'Add user' }).click()
  await expect(page.getByRole('cell', { name: 'launch-viewer@e2e.local' })).toBeVisible()

  const context = await browser.newContext({ storageState: undefined })
  const viewer = await context.newPage()
  await viewer.goto(`/executions/${original.$id}`)
  await viewer.getByLabel('Email').fill('launch-viewer@e2e.local')
  await viewer.getByLabel('Password').fill('viewer-password')
  await viewer.getByRole('button', { name: 'Sign in' }).click()
  await expect(viewer).toHaveURL(new RegExp(`/executions/${original.$id}$`))
  await hydrated(viewer)
  await expect(viewer.getByRole('heading', { name: 'Steps (3)' })).toBeVisible()
  await expect(viewer.getByRole('button', { name: 'Replay…' })).toHaveCount(0)
  await viewer
    .getByRole('list', { name: 'step waterfall' })
    .getByRole('button', { name: /^provision/ })
    .click()
  await expect(viewer.getByRole('region', { name: 'step provision' })).toBeVisible()
  await expect(viewer.getByRole('button', { name: 'Rerun from here' })).toHaveCount(0)
  await expect(viewer.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Launch' })).toHaveCount(0)
  await viewer.goto('/launch')
  await expect(viewer.getByText('may look at executions but not start them')).toBeVisible()
  await expect(viewer.getByRole('button', { name: 'Launch' })).toHaveCount(0)
  for (const [path, data] of [
    [`/api/workflows/${WORKFLOW}/executions`, { input: { company: 'Vandelay', seats: 2 } }],
    [`/api/executions/${original.$id}/replay`, { input: { company: 'Vandelay', seats: 2 } }],
    [`/api/executions/${original.$id}/rerun`, { fromStep: 'provision' }],
  ] as const) {
    const refused = await viewer.request.post(path, { data, headers: { origin: E2E.base } })
    expect(refused.status(), path).toBe(403)
  }
  await context.close()
})
