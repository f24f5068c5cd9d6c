// The notification centre as a user meets it: an execution they started fails, the bell in the
// shell counts it, its popover links to the execution (opening it marks it read), the centre
// marks all read; the Watch toggle on the execution page; an admin's notification channel with a
// test send whose failed attempt (no SMTP server here) is shown with its reason and next try.
import { expect, test } from './fixtures'
import { hydrated, rest, seriousViolations } from './sign-in'

test('the bell counts a failure of an execution I started; opening it reads it; the centre marks all read', async ({ page }) => {
  const api = rest(page)
  await api.post('/notifications/read', { all: true })
  // Started by me (this admin's session): I watch them, so their failures are told to me.
  const failed = async () => {
    const x = await api.post('/executions', { service: 'support-triage-service' })
    await api.post(`/executions/${x.$id}/start`, {})
    await api.post(`/executions/${x.$id}/fail`, { code: 'MODEL_ERROR', message: 'the model refused' })
    return x as { $id: string }
  }
  const other = await failed()
  const e = await failed()

  await page.goto('/executions')
  await hydrated(page)
  const bell = page.getByRole('button', { name: /^Notifications: \d+ unread$/ })
  await expect(bell).toBeVisible()
  await expect(bell.getByTestId('unread-count')).toHaveText(/^[1-9]\d*$/)
  await bell.click()
  const popover = page.getByRole('dialog', { name: 'Notifications' })
  const item = popover.getByRole('link', { name: new RegExp(`Execution ${e.$id} of .* failed \\(MODEL_ERROR\\)`) })
  await expect(item).toBeVisible()
  expect(await seriousViolations(page)).toEqual([])
  await page.screenshot({ path: test.info().outputPath('notifications-popover.png') })
  await item.click()
  await expect(page).toHaveURL(new RegExp(`/executions/${e.$id}$`))
  await hydrated(page)
  // I watch what I started; the toggle turns it off and on.
  const watch = page.getByRole('button', { name: 'Watching' })
  await expect(watch).toHaveAttribute('aria-pressed', 'true')
  await watch.click()
  await expect(page.getByRole('button', { name: 'Watch', exact: true })).toHaveAttribute('aria-pressed', 'false')
  await page.getByRole('button', { name: 'Watch', exact: true }).click()
  await expect(page.getByRole('button', { name: 'Watching' })).toBeVisible()

  // In the centre it is read now, the other not yet; mark all read clears the bell.
  await page.goto('/notifications')
  await hydrated(page)
  await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible()
  const entries = page.getByRole('list', { name: 'notifications' }).getByRole('listitem')
  await expect(entries.filter({ hasText: e.$id })).toHaveCount(1)
  await expect(entries.filter({ hasText: e.$id })).not.toContainText('unread')
  await expect(entries.filter({ hasText: other.$id })).toContainText('unread')
  await page.screenshot({ path: test.info().outputPath('notifications-unread.png'), fullPage: true })
  await page.getByRole('button', { name: 'Mark all read' }).click()
  await expect(page.getByRole('button', { name: 'Notifications', exact: true }).first()).toBeVisible()
  await expect(page.getByTestId('unread-count')).toHaveCount(0)
  await page.getByRole('link', { name: 'Unread' }).click()
  await expect(page.getByText('Nothing unread.')).toBeVisible()
  expect(await seriousViolations(page)).toEqual([])
  await page.screenshot({ path: test.info().outputPath('notifications.png'), fullPage: true })
})

test('an admin adds an email channel, sends a test, and sees the failed attempt with its reason', async ({ page }) => {
  const name = `On call ${Date.now()}`
  await page.goto('/notification-channels')
  await hydrated(page)
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Recipients (comma-separated)').fill('oncall@example.com, lead@example.com')
  await page.getByLabel('Review due').check()
  // The admin has several organisations: picked and shown by name, never by id.
  const picked = page.getByLabel('Organisation').locator('option').last()
  const [organizationId, organizationName] = [(await picked.getAttribute('value'))!, (await picked.textContent())!]
  expect(organizationName).not.toBe(organizationId)
  await page.getByLabel('Organisation').selectOption(organizationId)
  await page.getByRole('button', { name: 'Add channel' }).click()
  const channel = page.getByRole('list', { name: 'notification channels' }).getByRole('listitem').filter({ hasText: name })
  await expect(channel.getByTestId('organization')).toHaveText(organizationName)
  await expect(channel).toContainText('To oncall@example.com, lead@example.com')
  await expect(channel).toContainText('Alert fired, Execution failed, Review due')
  await channel.getByRole('button', { name: 'Send test' }).click()
  await channel.getByRole('button', { name: 'Deliveries' }).click()
  const delivery = channel
    .getByRole('table', { name: 'deliveries' })
    .getByRole('row')
    .filter({ hasText: `Test notification: ${name}` })
  // This console has no SMTP server: the attempt fails saying so, and waits for its next try.
  await expect(delivery).toContainText('SMTP_URL', { timeout: 15_000 })
  await expect(delivery).toContainText('next try')
  // (axe once the toasts have gone: their colours are the toast library's.)
  await expect(page.locator('[data-sonner-toast]')).toHaveCount(0, { timeout: 15_000 })
  expect(await seriousViolations(page)).toEqual([])
  await page.screenshot({ path: test.info().outputPath('notification-channels.png'), fullPage: true })
  await channel.getByRole('button', { name: 'Remove' }).click()
  await page
    .getByRole('dialog', { name: `Remove ${name}?` })
    .getByRole('button', { name: 'Remove' })
    .click()
  await expect(channel).toHaveCount(0)
})
