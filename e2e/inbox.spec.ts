// The reviewer inbox as a reviewer uses it: every step waiting on a person across executions,
// the soonest due first with a countdown, filtered by service and assignee, reviewed in place.
import { expect, test, type Page } from './fixtures'
import { hydrated, rest, seriousViolations } from './sign-in'

async function awaitingReview(page: Page, service: string, name: string, reviewer: string, dueInMs: number) {
  const api = rest(page)
  const { $id } = await api.post('/executions', {
    service,
    steps: [{ id: 'review', name, type: 'human', assignee: { type: 'human', id: reviewer.toLowerCase().replace(/\s+/g, '-'), name: reviewer } }],
  })
  await api.post(`/executions/${$id}/start`, {})
  await api.post(`/executions/${$id}/steps`, { id: 'review', type: 'human', dueAt: new Date(Date.now() + dueInMs).toISOString(), input: { draft: `${name} draft` } })
  return $id as string
}

test('the inbox lists steps waiting on a person, soonest due first, filters them and completes or rejects one in place', async ({ page }) => {
  const tag = Date.now().toString(36)
  const late = await awaitingReview(page, 'content-service', `Legal check ${tag}`, 'Rita Reviewer', -5 * 60_000)
  const soon = await awaitingReview(page, 'content-service', `Editorial review ${tag}`, 'Sam Editor', 30 * 60_000)
  const other = await awaitingReview(page, 'support-triage-service', `Refund approval ${tag}`, 'Rita Reviewer', 2 * 3_600_000)

  await page.goto('/inbox')
  await hydrated(page)
  const list = page.getByRole('list', { name: 'steps waiting on a person' })
  const mine = list.getByRole('listitem').filter({ hasText: tag })
  await expect(mine).toHaveCount(3)
  // Soonest due first: the overdue one, then the one due in half an hour, then the other.
  await expect(mine.nth(0)).toContainText(`Legal check ${tag}`)
  await expect(mine.nth(0)).toContainText(/overdue by \d+ min/)
  await expect(mine.nth(1)).toContainText(/due in (29|30) min/)
  await expect(mine.nth(2)).toContainText(`Refund approval ${tag}`)
  expect(await seriousViolations(page)).toEqual([])

  // Filters: by assignee, then by service too; the URL follows.
  await page.getByLabel('Assignee').selectOption('Rita Reviewer')
  await expect(page).toHaveURL(/assignee=Rita\+Reviewer/)
  await expect(mine).toHaveCount(2)
  await page.getByLabel('Service').selectOption('support-triage-service')
  await expect(mine).toHaveCount(1)
  await expect(mine.first()).toContainText(other)
  await page.getByLabel('Service').selectOption('')
  await page.getByLabel('Assignee').selectOption('')
  await expect(mine).toHaveCount(3)

  // Complete one in place: it leaves the inbox; reject another with a reason.
  await mine.filter({ hasText: soon }).getByRole('button', { name: 'Review' }).click()
  const review = page.getByRole('form', { name: `review Editorial review ${tag}` })
  await review.getByLabel('Output (JSON)').fill('{ "approved": true }')
  await review.getByRole('button', { name: 'Complete step' }).click()
  await expect(mine).toHaveCount(2)
  await mine.filter({ hasText: late }).getByRole('button', { name: 'Review' }).click()
  const legal = page.getByRole('form', { name: `review Legal check ${tag}` })
  await legal.getByLabel('Reason for rejecting').fill('claims not backed by a source')
  await legal.getByRole('button', { name: 'Reject step' }).click()
  await expect(mine).toHaveCount(1)
  const steps = (await rest(page).get(`/executions/${late}/steps`)) as { id: string; status: string }[]
  expect(steps.find((s) => s.id === 'review')?.status).toBe('failed')
  await page.screenshot({ path: test.info().outputPath('review-inbox.png'), fullPage: true })
})
