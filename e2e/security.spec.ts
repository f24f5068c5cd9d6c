// What a page of another site can do to a signed-in operator: frame the console under a decoy
// (clickjacking) — refused by the browser on the console's word — and send them through the
// sign-in page to an address of its choosing — never followed.
import { expect, expectConsoleErrors, test } from './fixtures'
import { E2E } from './env'

test('another site cannot frame the console, even for an operator who is signed in', async ({ page }) => {
  await page.route(`${E2E.strangerOrigin}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>Win a prize</title><p>Click the big button!</p><iframe id="bait" src="${E2E.base}/executions" width="1200" height="800"></iframe>`,
    }),
  )
  expectConsoleErrors(page, /Refused to (display|frame)/)
  const framed = page.waitForResponse((res) => res.url() === `${E2E.base}/executions`)
  await page.goto(`${E2E.strangerOrigin}/`)
  // The console answered the frame's request (the operator's cookie went with it) ...
  const answer = await framed
  expect(answer.headers()['x-frame-options']).toBe('DENY')
  expect(answer.headers()['content-security-policy']).toContain("frame-ancestors 'none'")
  // ... and the browser showed none of it: no console inside, nothing to click.
  const frame = page.frameLocator('#bait')
  await expect(page.getByText('Click the big button!')).toBeVisible()
  await page.waitForTimeout(500)
  await expect(frame.getByRole('heading', { name: 'Executions' })).toHaveCount(0)
  await expect(frame.getByRole('button')).toHaveCount(0)
})

test('signing in never sends the operator to another site, however `next` is spelled', async ({ browser }) => {
  for (const next of ['/\\evil.example/collect', '//evil.example/collect', '/\t/evil.example/collect', 'https://evil.example/collect']) {
    const context = await browser.newContext({ storageState: undefined })
    const page = await context.newPage()
    const left: string[] = []
    await context.route('**/*', (route) => {
      if (!route.request().url().startsWith(E2E.base)) {
        left.push(route.request().url())
        return route.abort()
      }
      return route.continue()
    })
    await page.goto(`/sign-in?next=${encodeURIComponent(next)}`)
    await page.getByLabel('Email').fill(E2E.admin.email)
    await page.getByLabel('Password').fill(E2E.admin.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page).toHaveURL(`${E2E.base}/executions`)
    expect(left, `next=${JSON.stringify(next)}`).toEqual([])
    await context.close()
  }
})
