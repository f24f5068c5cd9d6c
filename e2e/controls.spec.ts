// Operator controls on executions the engine keeps busy: the demo's 1,000-step batch at full
// speed moves its version many times a second, and every button still lands — pause (seen in a
// second page without reload), resume, cancel with a reason, Shift+P, and a bulk cancel.
import { expect, test, type Page } from './fixtures'
import { hydrated, rest } from './sign-in'

test.describe.configure({ timeout: 180_000 })

const header = (page: Page) => page.getByRole('region', { name: 'execution' })

/** A 1,000-step batch running on the engine, some way in. */
async function busyBatch(page: Page): Promise<string> {
  const api = rest(page)
  const { $id } = await api.post('/workflows/batch-processing/executions', {})
  await expect
    .poll(
      async () => {
        const e = await api.get(`/executions/${$id}`)
        return e.status === 'running' ? e.metrics.stepsCompleted : -1
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(10)
  return $id
}

test('pause lands on five busy batches, each seen in a second page without reload; resume, cancel with a reason and Shift+P land too', async ({ page, context }) => {
  const api = rest(page)
  const second = await context.newPage()
  for (let i = 0; i < 5; i++) {
    const id = await busyBatch(page)
    await page.goto(`/executions/${id}`)
    await hydrated(page)
    await second.goto(`/executions/${id}`)
    await hydrated(second)
    await expect(header(second).getByText('● live')).toBeVisible()
    let reloaded = false
    const onLoad = () => (reloaded = true)
    second.on('load', onLoad)
    await expect(header(page).getByText('running', { exact: true })).toBeVisible()
    const before = (await api.get(`/executions/${id}`)).version

    await page.getByRole('button', { name: 'Pause' }).click()
    await expect(header(page).getByText('paused', { exact: true })).toBeVisible()
    await expect(header(second).getByText('paused', { exact: true })).toBeVisible()
    await expect(header(page).getByRole('alert')).toHaveCount(0) // nothing refused
    const paused = await api.get(`/executions/${id}`)
    expect(paused.status).toBe('paused')
    expect(paused.version).toBeGreaterThan(before + 1) // the engine had moved it on meanwhile

    if (i === 0) {
      await page.getByRole('button', { name: 'Resume' }).click()
      await expect(header(second).getByText('running', { exact: true })).toBeVisible()
      // Shift+P on a running batch whose version moves while the key is pressed.
      await page.waitForTimeout(500)
      await page.locator('body').press('Shift+P')
      await expect(header(second).getByText('paused', { exact: true })).toBeVisible()
      await page.getByRole('button', { name: 'Resume' }).click()
      await expect(header(page).getByText('running', { exact: true })).toBeVisible()
      await page.waitForTimeout(500)
      await page.getByRole('button', { name: 'Cancel' }).click()
      const dialog = page.getByRole('dialog', { name: 'Cancel this execution?' })
      await dialog.getByLabel('Reason').fill('wrong input file')
      await dialog.getByRole('button', { name: 'Cancel execution' }).click()
      await expect(header(page).getByText('cancelled', { exact: true })).toBeVisible()
      await expect(header(second).getByText('wrong input file')).toBeVisible()
      // A step it was running when cancelled no longer reads as running: it stopped with it.
      await expect(page.getByRole('list', { name: 'step waterfall' }).getByText('running', { exact: true })).toHaveCount(0)
      expect((await api.get(`/executions/${id}`)).cancelReason).toBe('wrong input file')
    } else {
      await api.post(`/executions/${id}/cancel`, { reason: 'test done' })
    }
    expect(reloaded).toBe(false)
    second.off('load', onLoad)
    if (i === 0) await page.screenshot({ path: test.info().outputPath('busy-batch-cancelled.png'), fullPage: true })
  }
})

test('a bulk cancel of running batches lands for every row', async ({ page }) => {
  const api = rest(page)
  const tag = `busy-${Date.now()}`
  const ids: string[] = []
  for (let i = 0; i < 3; i++) ids.push((await api.post('/workflows/batch-processing/executions', { tags: [tag] })).$id)
  await expect
    .poll(async () => (await Promise.all(ids.map((id) => api.get(`/executions/${id}`)))).every((e) => e.status === 'running' && e.metrics.stepsCompleted > 5), { timeout: 30_000 })
    .toBe(true)
  await page.goto(`/executions?tag=${tag}&status=running`)
  await hydrated(page)
  for (const id of ids) await page.getByRole('checkbox', { name: `select ${id}` }).check()
  await page.getByRole('button', { name: 'Cancel 3 selected' }).click()
  const dialog = page.getByRole('dialog', { name: 'Cancel 3 executions?' })
  await dialog.getByLabel('Reason (recorded on each execution)').fill('stop the import')
  await dialog.getByRole('button', { name: 'Cancel 3 executions' }).click()
  await expect(page.getByText('Cancelled 3 executions')).toBeVisible()
  for (const id of ids) expect(await api.get(`/executions/${id}`)).toMatchObject({ status: 'cancelled', cancelReason: 'stop the import' })
})

test('the execution page names who runs it: an outside service over the API, a workflow on the engine', async ({ page }) => {
  const api = rest(page)
  // An outside service's execution, waiting for the service to start it.
  const outside = await api.post('/executions', { service: 'support-triage-service', steps: [{ id: 'classify' }] })
  await page.goto(`/executions/${outside.$id}`)
  await hydrated(page)
  await expect(page.getByTestId('runner')).toHaveText('Support Ticket Triage over the API')
  await expect(header(page).getByText('waiting for Support Ticket Triage to start it')).toBeVisible()
  // A batch the engine runs names its workflow.
  const id = await busyBatch(page)
  await page.goto(`/executions/${id}`)
  await hydrated(page)
  await expect(page.getByTestId('runner')).toHaveText('Batch Data Processing v1 on the engine')
  await api.post(`/executions/${id}/cancel`, {})
})
