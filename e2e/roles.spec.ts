// An admin adds a viewer; the viewer reads an execution but is shown no lifecycle buttons, and the
// server refuses the change anyway.
import { expect, test } from './fixtures'
import { E2E } from './env'
import { rest } from './sign-in'

test('a viewer sees executions without the buttons a viewer may not use', async ({ page, browser }) => {
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

  // The viewer, in a browser of their own.
  const context = await browser.newContext({ storageState: undefined })
  const viewer = await context.newPage()
  // Through a link to the execution: signing in brings the viewer back to it (the link survives sign-in).
  await viewer.goto(`/executions/${$id}?tab=steps`)
  await expect(viewer).toHaveURL(/\/sign-in\?next=/)
  await viewer.getByLabel('Email').fill('viewer@e2e.local')
  await viewer.getByLabel('Password').fill('viewer-password')
  await viewer.getByRole('button', { name: 'Sign in' }).click()
  await expect(viewer).toHaveURL(new RegExp(`/executions/${$id}\\?tab=steps$`))
  await expect(viewer.getByText('viewer@e2e.local · viewer')).toBeVisible()
  await expect(viewer.getByRole('heading', { name: 'Steps (1)' })).toBeVisible()
  await expect(viewer.getByRole('button', { name: 'Cancel' })).toHaveCount(0)
  await expect(viewer.getByRole('link', { name: 'Audit trail' })).toHaveCount(0)
  await viewer.screenshot({ path: test.info().outputPath('execution-as-viewer.png'), fullPage: true })
  const refused = await viewer.request.post(`/api/executions/${$id}/cancel`, { data: { reason: 'no' }, headers: { origin: E2E.base } })
  expect(refused.status()).toBe(403)
  await viewer.getByRole('button', { name: 'Sign out' }).click()
  await expect(viewer).toHaveURL(/\/sign-in/)
  await viewer.goto(`/executions/${$id}`)
  await expect(viewer).toHaveURL(/\/sign-in/)
  await context.close()
})
