// The Users and keys page as an admin of several organisations: organisations by name, the key
// form defaulting to the organisation that provides the most services, and a key revoked through
// the console's own confirmation (not the browser's).
import { expect, test } from './fixtures'
import { hydrated } from './sign-in'

test('API keys: organisations by name, the main provider by default, revoked after the console’s confirmation', async ({ page }) => {
  const services = (await (await page.request.get('/api/services')).json()) as { items?: { provider?: string }[] } | { provider?: string }[]
  const list = Array.isArray(services) ? services : (services.items ?? [])
  const provided = new Map<string, number>()
  for (const s of list) if (s.provider) provided.set(s.provider, (provided.get(s.provider) ?? 0) + 1)
  const most = Math.max(...provided.values())

  await page.goto('/admin')
  await hydrated(page)
  const form = page.getByRole('form', { name: 'create an API key' })
  const organisation = form.getByLabel('organisation')
  const chosen = await organisation.inputValue()
  expect(provided.get(chosen), `${chosen} provides the most services`).toBe(most)
  // Shown by name: the option's text is not its id.
  const shown = (await organisation.locator('option:checked').textContent())!.trim()
  expect(shown).not.toBe(chosen)

  const keyName = `revoke me ${Date.now()}`
  await form.getByLabel('key name').fill(keyName)
  await form.getByRole('button', { name: 'Create key' }).click()
  const key = page.getByRole('row').filter({ hasText: keyName })
  await expect(key).toContainText(shown)
  await expect(key).not.toContainText(chosen)

  let native = false
  page.on('dialog', (d) => ((native = true), void d.dismiss()))
  await key.getByRole('button', { name: `Revoke key ${keyName}` }).click()
  const dialog = page.getByRole('dialog', { name: `Revoke key "${keyName}"?` })
  await dialog.getByRole('button', { name: 'Keep' }).click()
  await expect(key).not.toContainText('revoked')
  await key.getByRole('button', { name: `Revoke key ${keyName}` }).click()
  await dialog.getByRole('button', { name: 'Revoke key' }).click()
  await expect(key).toContainText('revoked')
  expect(native).toBe(false)
})

test('a user added, then removed after the console’s confirmation, is gone from the list and cannot sign in', async ({ page, browser }) => {
  await page.goto('/admin')
  await hydrated(page)
  const email = `leaving-${Date.now()}@console.local`
  const form = page.getByRole('form', { name: 'add a user' })
  await form.getByLabel('email').fill(email)
  await form.getByLabel('name').fill('Leaving')
  await form.getByLabel('password').fill('long enough password')
  await form.getByLabel('organisations').selectOption({ index: 0 })
  await form.getByRole('button', { name: 'Add user' }).click()
  const row = page.getByRole('row').filter({ hasText: email })
  await expect(row).toBeVisible()
  // No Remove on the admin's own row.
  await expect(
    page
      .getByRole('row')
      .filter({ hasText: 'admin@' })
      .getByRole('button', { name: /^Remove/ }),
  ).toHaveCount(0)

  // The email names its own cell alone (the row's Remove is described by it, not named).
  await expect(page.getByRole('cell', { name: email })).toHaveCount(1)
  await expect(row.getByRole('button', { name: 'Remove', exact: true })).toHaveAccessibleDescription(email)
  await row.getByRole('button', { name: 'Remove', exact: true }).click()
  await page
    .getByRole('dialog', { name: `Remove ${email}?` })
    .getByRole('button', { name: 'Remove user' })
    .click()
  await expect(row).toHaveCount(0)
  // Its account went with its last organisation.
  const stranger = await browser.newContext({ storageState: { cookies: [], origins: [] } })
  const origin = new URL(page.url()).origin
  const signIn = await stranger.request.post(`${origin}/api/auth/sign-in/email`, { headers: { origin }, data: { email, password: 'long enough password' } })
  expect(signIn.status()).toBe(401)
  await stranger.close()
})

test('on a phone every column and action of users, keys, failure groups and workers is in view, and the add-user form is labelled', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: test.info().project.use.storageState as string })
  const page = await context.newPage()
  /** Whether every element the locator finds is inside the screen's width. */
  const inView = (locator: ReturnType<typeof page.locator>) =>
    locator.evaluateAll((els) => els.filter((el) => el.getClientRects().length).every((el) => el.getBoundingClientRect().left >= 0 && el.getBoundingClientRect().right <= 390))
  await page.goto('/admin')
  await hydrated(page)
  await expect(page.getByRole('combobox', { name: /^role of / }).first()).toBeVisible()
  expect(await inView(page.locator('main table select, main table button, main table td'))).toBe(true)
  const form = page.getByRole('form', { name: 'add a user' })
  for (const label of ['Email', 'Name', 'Password (at least 8 characters)', 'Role', 'Organisations']) await expect(form.getByLabel(label, { exact: true })).toBeVisible()
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await page.screenshot({ path: test.info().outputPath('phone-admin.png'), fullPage: true })

  await page.goto('/workers')
  await hydrated(page)
  await expect(page.getByRole('table').first()).toBeVisible()
  expect(await inView(page.locator('main table.stack-table td'))).toBe(true)

  await page.goto('/analytics?range=30d')
  await hydrated(page)
  const groups = page.getByRole('region', { name: /^Failure groups/ })
  if ((await groups.locator('tbody tr').count()) > 0) {
    await expect(groups.locator('tbody tr').first().getByRole('button', { name: 'Retry all' })).toBeVisible()
    expect(await inView(groups.locator('td, td button, td a'))).toBe(true)
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await context.close()
})
