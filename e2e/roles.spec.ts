// An admin adds a viewer; the viewer reads an execution but is shown no lifecycle buttons, and the
// server refuses the change anyway.
import { expect, test } from '@playwright/test'
import { E2E } from './env'
import { rest, signIn } from './sign-in'

test('a viewer sees executions without the buttons a viewer may not use', async ({ page }) => {
  await signIn(page)
  const { $id } = await rest(page).post('/executions', { service: 'sdr-service', steps: [{ id: 'draft' }] })
  await page.goto(`/executions/${$id}`)
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible()

  // The admin adds a viewer of the provider organisation on the admin page.
  await page.getByRole('link', { name: 'Users and keys' }).click()
  const form = page.getByRole('form', { name: 'add a user' })
  await form.getByLabel('email').fill('viewer@e2e.local')
  await form.getByLabel('name').fill('Vera Viewer')
  await form.getByLabel('password').fill('viewer-password')
  await form.getByLabel('role').selectOption('viewer')
  await form.getByLabel('organisations').selectOption('org-services-do')
  await form.getByRole('button', { name: 'Add user' }).click()
  await expect(page.getByRole('cell', { name: 'viewer@e2e.local' })).toBeVisible()
  await page.screenshot({ path: test.info().outputPath('admin-users-and-keys.png'), fullPage: true })
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/sign-in/)

  await signIn(page, { email: 'viewer@e2e.local', password: 'viewer-password' })
  await page.goto(`/executions/${$id}`)
  await expect(page.getByText('viewer@e2e.local · viewer')).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Steps (1)' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Cancel' })).toHaveCount(0)
  await expect(page.getByRole('link', { name: 'Audit trail' })).toHaveCount(0)
  await page.screenshot({ path: test.info().outputPath('execution-as-viewer.png'), fullPage: true })
  const refused = await page.request.post(`/api/executions/${$id}/cancel`, { data: { reason: 'no' }, headers: { origin: E2E.base } })
  expect(refused.status()).toBe(403)
})
