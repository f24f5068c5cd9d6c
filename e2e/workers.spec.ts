// The operator's view of work run by workers outside the console: a team registers a task and a
// template, a worker (here the protocol over HTTP, as the SDK speaks it) claims and completes a
// task; the Workers page shows the worker, the queue and the task; the Definitions page draws the
// workflow's steps; the execution page names the worker that ran the step.
import { expect, test } from './fixtures'
import { E2E } from './env'
import { hydrated, seriousViolations } from './sign-in'

test('workers, their queues and tasks, the definitions, and who ran a step', async ({ page }) => {
  const suffix = Date.now().toString(36)
  const headers = { origin: E2E.base }
  const post = async (path: string, data: unknown) => {
    const res = await page.request.post(`/api${path}`, { data, headers })
    expect(res.status(), `${path}: ${await res.text()}`).toBeLessThan(300)
    return res.json()
  }
  // The admin belongs to every organisation: the tasks go to the one that provides the service.
  const organizationId = (await (await page.request.get('/api/services/support-triage-service')).json()).provider
  await post('/task-definitions', { id: `summarise-${suffix}`, version: '1.0.0', name: 'Summarise a ticket', timeout: 60_000, organizationId })
  await post('/task-definitions', { id: `orphan-${suffix}`, version: '1.0.0', name: 'Nobody serves this', timeout: 60_000, organizationId })
  await post('/workflow-templates', {
    id: `triage-${suffix}`,
    name: `Triage ${suffix}`,
    service: 'support-triage-service',
    steps: [
      { id: 'summarise', type: 'task', task: `summarise-${suffix}` },
      { id: 'review', type: 'human', condition: '__steps__.summarise.outputData.urgent == true' },
      { id: 'archive', type: 'task', task: `orphan-${suffix}`, dependsOn: ['summarise'] },
    ],
  })
  const execution = await post(`/workflows/triage-${suffix}/executions`, { input: { ticket: 4711 } })
  const worker = await post('/workers', { name: `summariser-${suffix}`, version: '2.1.0', tasks: [{ task: `summarise-${suffix}` }], concurrency: 3, organizationId })
  const [claimed] = await post(`/workers/${worker.id}/claim`, { max: 1, waitMs: 10_000 })
  expect(claimed).toMatchObject({ executionId: execution.$id, stepId: 'summarise' })
  await post(`/tasks/${claimed.taskId}/start`, { leaseToken: claimed.leaseToken })
  await post(`/tasks/${claimed.taskId}/complete`, { leaseToken: claimed.leaseToken, output: { urgent: false, summary: 'printer on fire' } })

  // The Workers page: the worker, the orphaned queue warned about, the task that ran.
  await expect(async () => {
    await page.goto('/workers')
    await expect(page.getByRole('alert').filter({ hasText: 'No live worker serves' })).toContainText(`orphan-${suffix}`)
  }).toPass({ timeout: 15_000 })
  const workerRow = page
    .getByRole('row')
    .filter({ hasText: `summariser-${suffix}` })
    .first()
  await expect(workerRow).toContainText('live')
  await expect(workerRow).toContainText('0 of 3')
  await page
    .getByRole('link', { name: `summarise-${suffix}` })
    .first()
    .click()
  await expect(page).toHaveURL(new RegExp(`task=summarise-${suffix}`))
  await expect(page.getByRole('row').filter({ hasText: execution.$id })).toContainText('COMPLETED')
  expect(await seriousViolations(page)).toEqual([])

  // The Definitions page: the task's versions and the workflow's steps drawn.
  await page.goto('/definitions')
  await expect(page.getByRole('row').filter({ hasText: `summarise-${suffix}` })).toContainText('1.0.0')
  const graph = page.getByRole('img', { name: `steps of Triage ${suffix}` })
  await expect(graph).toBeVisible()
  await expect(graph.locator('g')).toHaveCount(3)
  const card = page.getByRole('article', { name: `workflow Triage ${suffix}` })
  // Its service by name; the legend because the review step is conditional.
  const service = await (await page.request.get('/api/services/support-triage-service')).json()
  await expect(card).toContainText(`service ${service.name}`)
  await expect(card).toContainText('dashed steps are conditional')
  expect(await seriousViolations(page)).toEqual([])

  // The execution page: the step says which worker ran it.
  await page.goto(`/executions/${execution.$id}`)
  await hydrated(page)
  await page
    .getByRole('button', { name: /summarise/ })
    .first()
    .click()
  const attempts = page.getByRole('table', { name: 'task attempts' })
  await expect(attempts).toContainText(`summariser-${suffix} 2.1.0`)
  await expect(attempts).toContainText('COMPLETED')
  // The next step's task waits with no live worker for its type: the runner line says so, not "waiting for a person…".
  await expect(page.getByTestId('runner-waiting')).toHaveText(`no live worker serves orphan-${suffix}`, { timeout: 15_000 })
  // A second version of the template: the Definitions page shows the newest and lets the operator pick the first.
  const v2 = await post('/workflow-templates', {
    id: `triage-${suffix}`,
    name: `Triage ${suffix}`,
    service: 'support-triage-service',
    steps: [{ id: 'summarise', type: 'task', task: `summarise-${suffix}` }],
  })
  expect(v2.version).toBe(2)
  await page.goto('/definitions')
  const versions = page.getByRole('navigation', { name: `versions of Triage ${suffix}` })
  await expect(versions.getByRole('link', { name: 'v2' })).toHaveAttribute('aria-current', 'page')
  await expect(page.getByRole('img', { name: `steps of Triage ${suffix} v2` }).locator('g')).toHaveCount(1)
  await expect(page.getByRole('article', { name: `workflow Triage ${suffix}` })).not.toContainText('dashed steps are conditional')
  await versions.getByRole('link', { name: 'v1' }).click()
  await expect(page.getByRole('img', { name: `steps of Triage ${suffix} v1` }).locator('g')).toHaveCount(3)
  await expect(page.getByRole('article', { name: `workflow Triage ${suffix}` })).toContainText('dashed steps are conditional')
})

test('the Workers page stays current without a reload: a worker that connects appears', async ({ page }) => {
  const suffix = Date.now().toString(36)
  await page.goto('/workers')
  let reloaded = false
  page.on('load', () => (reloaded = true))
  const organizationId = (await (await page.request.get('/api/services/support-triage-service')).json()).provider
  const res = await page.request.post('/api/workers', {
    data: { name: `late-joiner-${suffix}`, version: '1.0.0', tasks: [{ task: `late-${suffix}` }], concurrency: 1, organizationId },
    headers: { origin: E2E.base },
  })
  expect(res.status()).toBe(201)
  await expect(page.getByRole('row').filter({ hasText: `late-joiner-${suffix}` })).toBeVisible({ timeout: 15_000 })
  expect(reloaded).toBe(false)
})
