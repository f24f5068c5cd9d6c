// Whatever workers report — log lines, error messages, tags, outputs — is shown as text: markup
// in it is never parsed, and script in it never runs.
import { expect, test } from './fixtures'
import { hydrated, rest } from './sign-in'

const LOG = '<img src=x onerror="window.__pwned=\'log\'">log line'
const ERROR = '<script>window.__pwned="error"</script>boom <b>bold</b>'
const TAG = '<i>tag</i>'
const OUTPUT = "<svg onload=window.__pwned='output'></svg>"

test('markup in logs, errors, tags and outputs is shown as text and never runs', async ({ page }) => {
  const api = rest(page)
  const execution = await api.post('/executions', { service: 'content-service', tags: [TAG], steps: [{ id: 'draft' }] })
  const id: string = execution.$id
  await api.post(`/executions/${id}/start`, {})
  await api.post(`/executions/${id}/steps`, { id: 'draft' })
  await api.post(`/executions/${id}/steps/draft/complete`, { output: { html: OUTPUT } })
  await api.post(`/executions/${id}/logs`, { logs: [{ level: 'error', message: LOG }] })
  await api.post(`/executions/${id}/fail`, { code: 'VALIDATION_ERROR', message: ERROR, recoverable: false })

  await page.goto(`/executions/${id}`)
  await hydrated(page)
  await expect(page.getByText(LOG)).toBeVisible()
  await expect(page.getByText(ERROR)).toBeVisible()
  await expect(page.getByTestId('tags')).toHaveText(TAG)
  // The rows come rendered from the server: wait until the page is live (hydrated) to click one.
  await expect(page.getByText('● live')).toBeVisible()
  await page.getByRole('list', { name: 'step waterfall' }).getByRole('button', { name: /draft/ }).click()
  await page.getByText('output', { exact: true }).click()
  // (The step's own output panel; the result panel above shows the same output, also as text.)
  await expect(page.locator('pre:not([data-testid="result-output"])').filter({ hasText: OUTPUT })).toBeVisible()
  // None of it became elements, and none of it ran.
  await expect(page.locator('main img[src="x"], main script, main svg[onload], main b, main i')).toHaveCount(0)
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined()
  await page.screenshot({ path: test.info().outputPath('execution-with-hostile-input.png'), fullPage: true })

  await page.goto(`/executions?q=${id}`)
  await hydrated(page)
  await expect(page.getByText(TAG)).toBeVisible()
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined()
})
