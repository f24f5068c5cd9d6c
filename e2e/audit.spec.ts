// The audit trail as an admin reads it: changes made through the API, filtered by action, by
// execution and by who acted (a person or an API key, chosen by name), the filters in the URL
// (kept on reload), names instead of ids, links to the execution and to the actor, bad filters
// said and left out, no serious accessibility violations light or dark, a phone's width — and
// nothing of it for anyone but an admin.
import { expect, test, type Page } from './fixtures'
import { E2E } from './env'
import { hydrated, rest, seriousViolations } from './sign-in'

/** The actions of the rows shown, newest first (a phone shows each row's in a cell of its own). */
const actionsShown = (page: Page) => page.locator('tbody a[data-audit-action]').filter({ visible: true })
/** The rows of an action. */
const row = (page: Page, action: string) =>
  page.locator('tbody tr').filter({ has: page.locator('a[data-audit-action]').filter({ visible: true, hasText: new RegExp(`^${action.replaceAll('.', '\\.')}$`) }) })

/** Two executions cancelled and one left queued, by the signed-in admin through the REST API. */
async function audited(page: Page) {
  const api = rest(page)
  const cancelled = (await api.post('/executions', { service: 'sdr-service' })).$id as string
  await api.post(`/executions/${cancelled}/cancel`, { reason: 'audit e2e' })
  const alsoCancelled = (await api.post('/executions', { service: 'content-service' })).$id as string
  await api.post(`/executions/${alsoCancelled}/cancel`, {})
  const queued = (await api.post('/executions', { service: 'sdr-service' })).$id as string
  return { cancelled, alsoCancelled, queued }
}

test('filters by action and by execution, in the URL; names who acted; links to the execution and to the actor', async ({ page }) => {
  const ids = await audited(page)
  const [entry] = (await rest(page).get(`/audit?executionId=${ids.cancelled}&action=execution.cancelled`)).items as { actorId: string }[]
  const adminId = entry!.actorId

  await page.goto('/audit')
  await hydrated(page)
  await expect(page.getByRole('heading', { name: 'Audit trail' })).toBeVisible()

  // By action: a list of the actions recorded; it applies as soon as one is picked.
  await page.getByRole('combobox', { name: 'Action', exact: true }).selectOption('execution.cancelled')
  await expect(page).toHaveURL(/[?&]action=execution\.cancelled(&|$)/)
  await expect(actionsShown(page).first()).toHaveText('execution.cancelled')
  for (const action of await actionsShown(page).allTextContents()) expect(action).toBe('execution.cancelled')
  for (const id of [ids.cancelled, ids.alsoCancelled]) await expect(page.getByRole('link', { name: id, exact: true })).toBeVisible()
  // Beside each execution, what it runs (here: its service, by name).
  const sdr = await rest(page).get('/services/sdr-service')
  await expect(row(page, 'execution.cancelled').filter({ hasText: ids.cancelled }).locator('[data-audit-runs]').filter({ visible: true })).toHaveText(sdr.name)
  await expect(page.getByRole('link', { name: ids.queued, exact: true })).toHaveCount(0)

  // And by execution: both filters in the URL, one row.
  await page.getByRole('textbox', { name: 'Execution', exact: true }).fill(ids.cancelled)
  await page.getByRole('textbox', { name: 'Execution', exact: true }).press('Enter')
  await expect(page).toHaveURL(new RegExp(`[?&]execution=${ids.cancelled}(&|$)`))
  await expect(page).toHaveURL(/action=execution\.cancelled/)
  await expect(actionsShown(page)).toHaveText(['execution.cancelled'])
  const chips = page.getByRole('list', { name: 'active filters' })
  await expect(chips.getByText('action is execution.cancelled')).toBeVisible()
  await expect(chips.getByText(`execution ${ids.cancelled}`)).toBeVisible()

  // Removing the action's chip leaves the execution's whole trail; a reload keeps it.
  await chips.getByRole('listitem').filter({ hasText: 'action is execution.cancelled' }).getByRole('link', { name: 'Remove filter' }).click()
  await expect(page).not.toHaveURL(/action=/)
  await expect(actionsShown(page)).toHaveText(['execution.cancelled', 'execution.created'])
  await page.reload()
  await hydrated(page)
  await expect(page.getByRole('textbox', { name: 'Execution', exact: true })).toHaveValue(ids.cancelled)
  await expect(actionsShown(page)).toHaveText(['execution.cancelled', 'execution.created'])

  // Names, not ids: the admin's name and email; the id only on hover.
  const cancel = row(page, 'execution.cancelled')
  const who = cancel.getByRole('link', { name: 'Administrator' })
  await expect(who).toBeVisible()
  await expect(who).toHaveAttribute('title', `user ${adminId}`)
  await expect(cancel.getByText(E2E.admin.email).filter({ visible: true })).toBeVisible()
  expect(await cancel.innerText()).not.toContain(adminId)
  // The exact time on hover, the relative one shown.
  const time = cancel.locator('time')
  await expect(time).toHaveText(/just now|\d+ s ago|\d+ min ago/)
  await expect(time).toHaveAttribute('title', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/)
  // Everything else in the entry's details, ids included.
  await cancel.getByRole('button', { name: /^Details/ }).click()
  const details = page.getByRole('dialog', { name: /^Entry \d+$/ })
  await expect(details).toContainText(adminId)
  await expect(details).toContainText('"status": "cancelled"')
  await page.keyboard.press('Escape')
  await page.screenshot({ path: test.info().outputPath('audit-of-an-execution.png'), fullPage: true })

  // The execution's link opens it.
  await cancel.getByRole('link', { name: ids.cancelled }).click()
  await expect(page).toHaveURL(new RegExp(`/executions/${ids.cancelled}$`))
  await expect(page.getByText(ids.cancelled).first()).toBeVisible()

  // The actor's link opens their row on the Users and keys page.
  await page.goBack()
  await hydrated(page)
  await row(page, 'execution.cancelled').getByRole('link', { name: 'Administrator' }).click()
  await expect(page).toHaveURL(new RegExp(`/admin#user-${adminId}$`))
  await expect(page.locator(`[id="user-${adminId}"]`)).toContainText(E2E.admin.email)
  await expect(page.locator(`[id="user-${adminId}"]`)).toBeInViewport()
})

test('an API key is chosen by name; a bad filter is said and left out; no serious violations light or dark; a phone’s width', async ({ page, browser }) => {
  // A key made on the Users and keys page, then used through the API.
  await page.goto('/admin')
  await hydrated(page)
  const keyName = `audit bot ${Date.now()}`
  const form = page.getByRole('form', { name: 'create an API key' })
  await form.getByLabel('key name').fill(keyName)
  await form.getByRole('button', { name: 'Create key' }).click()
  const key = (await page.getByRole('status').locator('code').textContent())!
  const bearer = { authorization: `Bearer ${key}` }
  const created = await page.request.post('/api/executions', { data: { service: 'sdr-service' }, headers: bearer })
  expect(created.status()).toBeLessThan(300)
  const { $id } = await created.json()
  expect((await page.request.post(`/api/executions/${$id}/start`, { data: {}, headers: bearer })).status()).toBeLessThan(300)

  await page.goto('/audit')
  await hydrated(page)
  const actor = page.getByRole('combobox', { name: 'Actor', exact: true })
  const option = actor.locator('option', { hasText: keyName })
  await expect(option).toHaveText(new RegExp(`^${keyName} · .+`))
  await actor.selectOption((await option.getAttribute('value'))!)
  await expect(page).toHaveURL(/[?&]actor=key_/)
  await expect(actionsShown(page)).toHaveText(['execution.started', 'execution.created'])
  const started = row(page, 'execution.started')
  await expect(started.getByRole('link', { name: keyName })).toHaveAttribute('href', /^\/admin#key-key_/)
  await expect(started.getByText(/^API key · /).filter({ visible: true })).toBeVisible()
  await expect(page.getByRole('list', { name: 'active filters' }).getByText(`by ${keyName}`)).toBeVisible()

  for (const theme of ['light', 'dark']) {
    await page.getByLabel('colour theme').selectOption(theme)
    expect(await seriousViolations(page), theme).toEqual([])
  }
  await page.screenshot({ path: test.info().outputPath('audit-by-key-dark.png'), fullPage: true })
  await page.getByLabel('colour theme').selectOption('light')

  // An actor id that names no one is said to be unknown, not shown as if it were a name.
  await page.goto('/audit?actor=nonsense')
  await hydrated(page)
  await expect(page.getByRole('list', { name: 'active filters' })).toContainText('by an unknown actor (nonsense)')

  // What could never be a filter is said and left out; the rest still applies.
  await page.goto(`/audit?action=execution.started&from=not-a-date&execution=${'x'.repeat(300)}`)
  await hydrated(page)
  const alert = page.getByRole('main').getByRole('alert')
  await expect(alert).toContainText('Left out of the filters')
  await expect(alert).toContainText('“not-a-date” is not a time')
  await expect(alert).toContainText('execution id is over 200 characters')
  await expect(actionsShown(page).first()).toHaveText('execution.started')
  // A page link to no entry is refused in words, not a broken page.
  await page.goto('/audit?before=999999999')
  await expect(page.getByRole('main').getByRole('alert')).toContainText('no audit entry 999999999')
  await expect(page.getByRole('link', { name: 'Show the newest entries' })).toBeVisible()

  // On a phone: nothing but the table may scroll sideways, and the rows say who, what and which execution.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: test.info().project.use.storageState as string })
  const small = await phone.newPage()
  await small.goto(`/audit?execution=${$id}`)
  await hydrated(small)
  await expect(actionsShown(small)).toHaveText(['execution.started', 'execution.created'])
  await expect(small.getByRole('link', { name: keyName }).first()).toBeVisible()
  await expect(small.getByRole('link', { name: $id }).first()).toBeVisible()
  expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await small.screenshot({ path: test.info().outputPath('audit-phone.png'), fullPage: true })
  await phone.close()
})

test('anyone but an admin reads none of it', async ({ page, browser }) => {
  const email = `audit-viewer-${Date.now()}@e2e.local`
  const created = await page.request.post('/api/trpc/users.create', {
    data: { json: { email, name: 'Audit Viewer', password: 'viewer-password', role: 'operator', organizations: ['org-services-do'] } },
    headers: { origin: E2E.base },
  })
  expect(created.status(), await created.text()).toBe(200)
  const context = await browser.newContext({ storageState: undefined })
  const operator = await context.newPage()
  await operator.goto('/sign-in')
  await operator.getByLabel('Email').fill(email)
  await operator.getByLabel('Password').fill('viewer-password')
  await operator.getByRole('button', { name: 'Sign in' }).click()
  await expect(operator).toHaveURL(/\/executions/)
  await operator.goto('/audit?action=user.signedIn')
  await expect(operator.getByRole('main').getByRole('alert')).toHaveText('Only admins read the audit trail.')
  await expect(operator.locator('table')).toHaveCount(0)
  expect((await operator.request.get('/api/audit')).status()).toBe(403)
  await context.close()
})
