// What changes on the server changes on screen, through the signed-in subscription, without a reload.
import { expect, test } from './fixtures'
import { rest } from './sign-in'

test('a pause made elsewhere shows on an open execution page without reload', async ({ page }) => {
  const api = rest(page)
  const { $id } = await api.post('/executions', { service: 'sdr-service', steps: [{ id: 'draft' }] })
  await api.post(`/executions/${$id}/start`, {})
  await page.goto(`/executions/${$id}`)
  await expect(page.getByText('● live')).toBeVisible()
  const header = page.locator('main h1').locator('..')
  await expect(header.getByText('running', { exact: true })).toBeVisible()
  let reloaded = false
  page.on('load', () => (reloaded = true))
  await api.post(`/executions/${$id}/pause`, {})
  await expect(header.getByText('paused', { exact: true })).toBeVisible()
  await api.post(`/executions/${$id}/logs`, { logs: [{ level: 'info', message: 'a line written while the page is open' }] })
  await expect(page.getByText('a line written while the page is open')).toBeVisible()
  expect(reloaded).toBe(false)
})

test('the Version field moves live with a step boundary, as the step does', async ({ page }) => {
  const api = rest(page)
  const { $id } = await api.post('/executions', { service: 'sdr-service', steps: [{ id: 'draft' }, { id: 'send' }] })
  await api.post(`/executions/${$id}/start`, {})
  await page.goto(`/executions/${$id}`)
  await expect(page.getByText('● live')).toBeVisible()
  const version = Number(await page.getByTestId('version').textContent())
  const { version: stored } = await api.get(`/executions/${$id}`)
  expect(version).toBe(stored)
  // A step's start reads nothing back (live-patch.ts): its event says the version its change left.
  await api.post(`/executions/${$id}/steps`, { id: 'draft' })
  await expect(page.getByTestId('version')).toHaveText(String(version + 1))
  await api.post(`/executions/${$id}/steps/draft/complete`, { output: { words: 10 } })
  await expect(page.getByTestId('version')).toHaveText(String((await api.get(`/executions/${$id}`)).version))
})
