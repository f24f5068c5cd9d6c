// Signs the admin in once through the sign-in page; the specs reuse the session (Better Auth
// allows three sign-ins per address every ten seconds).
import { expect, expectConsoleErrors, test as setup } from './fixtures'
import { E2E } from './env'
import { rest, signIn } from './sign-in'

setup('the admin signs in', async ({ page }) => {
  await page.goto('/executions')
  await expect(page).toHaveURL(/\/sign-in/) // signed out: sent to sign in
  await page.getByLabel('Email').fill(E2E.admin.email)
  await page.getByLabel('Password').fill('not the password')
  // The wrong password is refused: a 401, which the browser logs.
  expectConsoleErrors(page, /^HTTP 401: POST \S+\/api\/auth\/sign-in\/email$/, /^console\.error: Failed to load resource: .* 401 .*\/api\/auth\/sign-in\/email\)$/)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.locator('form').getByRole('alert')).toContainText(/invalid/i)
  await signIn(page)
  await page.context().storageState({ path: E2E.adminState })
  // The demo worker (a process the console starts) has registered the demo's workflows.
  await expect
    .poll(async () => ((await rest(page).get('/workflows')) as { key: string; template?: unknown }[]).some((w) => w.key === 'batch-processing'), { timeout: 60_000 })
    .toBe(true)
})
