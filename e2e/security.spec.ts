// What a page of another site can do to a signed-in operator: frame the console under a decoy
// (clickjacking) — refused by the browser on the console's word — and send them through the
// sign-in page to an address of its choosing — never followed.
import { createServer } from 'node:http'
import { expect, expectConsoleErrors, test } from './fixtures'
import { E2E } from './env'

test('another site cannot frame the console, even for an operator who is signed in', async ({ page }) => {
  // A page of another site (another port of this machine: the browser lets a local page frame a local one).
  const decoy = createServer((_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(`<!doctype html><title>Win a prize</title><p>Click the big button!</p><iframe id="bait" src="${E2E.base}/executions" width="1200" height="800"></iframe>`),
  )
  await new Promise<void>((resolve) => decoy.listen(E2E.port + 52, '127.0.0.1', resolve))
  try {
    expectConsoleErrors(
      page,
      /^console\.error: Framing '\S+' violates the following Content Security Policy directive: "frame-ancestors 'none'"/,
      /^request failed: GET \S+\/executions — net::ERR_BLOCKED_BY_RESPONSE$/,
    )
    const framed = page.waitForResponse((res) => res.url() === `${E2E.base}/executions`)
    await page.goto(`http://127.0.0.1:${E2E.port + 52}/`)
    // The console answered the frame's request (the operator's cookie went with it) ...
    const answer = await framed
    expect(answer.status()).toBe(200)
    expect(answer.headers()['x-frame-options']).toBe('DENY')
    expect(answer.headers()['content-security-policy']).toContain("frame-ancestors 'none'")
    // ... and the browser showed none of it: no console inside, nothing to click.
    await expect(page.getByText('Click the big button!')).toBeVisible()
    const frame = page.frameLocator('#bait')
    await page.waitForTimeout(500)
    await expect(frame.getByRole('heading', { name: 'Executions' })).toHaveCount(0)
    await expect(frame.getByRole('button')).toHaveCount(0)
  } finally {
    await new Promise((resolve) => decoy.close(resolve))
  }
})

test('signing in never sends the operator to another site, however `next` is spelled', async ({ browser }) => {
  // One spelling here (sign-ins are rate-limited; test/local-path.test.ts has the others): a
  // backslash after the slash, which the browser reads as `//evil.example`, and which was followed.
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
  await page.goto(`/sign-in?next=${encodeURIComponent('/\\evil.example/collect')}`)
  await page.getByLabel('Email').fill(E2E.admin.email)
  await page.getByLabel('Password').fill(E2E.admin.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(`${E2E.base}/executions`)
  expect(left).toEqual([])
  await context.close()
})
