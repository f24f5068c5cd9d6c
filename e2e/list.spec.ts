// The executions list as an operator uses it: filters in the URL (shared, reloaded), exclusions,
// live arrivals, bulk cancel of everything matching with the count shown first, saved views,
// and an accessibility scan.
import { expect, test, type Page } from './fixtures'
import { hydrated, rest, seriousViolations } from './sign-in'

async function makeExecutions(page: Page, tag: string) {
  const api = rest(page)
  const failed = await api.post('/executions', { service: 'sdr-service', tags: [tag], priority: 'high' })
  await api.post(`/executions/${failed.$id}/start`, {})
  await api.post(`/executions/${failed.$id}/fail`, { code: 'API_TIMEOUT', message: 'the CRM did not answer', recoverable: true })
  const running = await api.post('/executions', { service: 'sdr-service', tags: [tag] })
  await api.post(`/executions/${running.$id}/start`, {})
  const queued = await api.post('/executions', { service: 'content-service', tags: [tag] })
  return { failed: failed.$id as string, running: running.$id as string, queued: queued.$id as string }
}

const rowLinks = (page: Page) => page.locator('tbody a[data-row-link]')

test('filters go into the URL: a shared link shows the same executions, and a filter can exclude', async ({ page, browser }) => {
  const tag = `share-${Date.now()}`
  const ids = await makeExecutions(page, tag)
  await page.goto(`/executions?tag=${tag}`)
  await hydrated(page)
  await expect(rowLinks(page)).toHaveCount(3)

  await page.getByText('Status:').click()
  await page.getByRole('button', { name: 'Status is failed' }).click()
  await expect(page).toHaveURL(/status=failed/)
  await expect(rowLinks(page)).toHaveText([ids.failed])
  await page.screenshot({ path: test.info().outputPath('executions-list-filtered.png'), fullPage: true })

  // The link, opened by someone else, shows the same view.
  const url = page.url()
  const other = await (await browser.newContext({ storageState: test.info().project.use.storageState as string })).newPage()
  await other.goto(url)
  await hydrated(other)
  await expect(rowLinks(other)).toHaveText([ids.failed])
  await expect(other.getByText('Status: failed')).toBeVisible()
  await other.close()

  // Excluding: everything of the tag but the failed one; and it survives a reload.
  await page.getByRole('button', { name: 'Status is failed' }).click()
  await page.getByRole('button', { name: 'Status is not failed' }).click()
  await expect(page).toHaveURL(/notStatus=failed/)
  await expect(rowLinks(page)).toHaveCount(2)
  await page.reload()
  await hydrated(page)
  await expect(rowLinks(page)).toHaveCount(2)
  await expect(rowLinks(page).filter({ hasText: ids.failed })).toHaveCount(0)
})

test('filter popovers close on a click outside and on Escape; every filter is a chip that removes it; the count follows', async ({ page }) => {
  const tag = `chips-${Date.now()}`
  const ids = await makeExecutions(page, tag)
  await page.goto(`/executions?tag=${tag}`)
  await hydrated(page)
  const count = page.getByTestId('result-count')
  await expect(count).toHaveText('3 executions')

  // Escape closes a filter's popover; so does a click anywhere else.
  await page.getByRole('button', { name: /^Status:/ }).click()
  await expect(page.getByRole('dialog', { name: 'Status filter' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog', { name: 'Status filter' })).toBeHidden()
  await page.getByRole('button', { name: /^Priority:/ }).click()
  await expect(page.getByRole('dialog', { name: 'Priority filter' })).toBeVisible()
  await page.getByRole('heading', { name: 'Executions' }).click()
  await expect(page.getByRole('dialog', { name: 'Priority filter' })).toBeHidden()

  // A filter becomes a chip, the count and the rows follow, and failures bring the Error column.
  await page.getByRole('button', { name: /^Status:/ }).click()
  await page.getByRole('button', { name: 'Status is failed' }).click()
  await page.keyboard.press('Escape')
  await expect(page).toHaveURL(/status=failed/)
  const chips = page.getByRole('list', { name: 'active filters' })
  await expect(chips.getByText('status is failed')).toBeVisible()
  await expect(chips.getByText(`tagged ${tag}`)).toBeVisible()
  await expect(count).toHaveText('1 execution')
  await expect(rowLinks(page)).toHaveText([ids.failed])
  await expect(page.getByRole('columnheader', { name: 'Error' })).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: ids.failed })).toContainText('API_TIMEOUT')
  await page.screenshot({ path: test.info().outputPath('executions-list-chips.png') })

  // Removing the chip removes the filter from the view and the URL.
  await chips.getByRole('listitem').filter({ hasText: 'status is failed' }).getByRole('button', { name: 'Remove filter' }).click()
  await expect(page).not.toHaveURL(/status=failed/)
  await expect(count).toHaveText('3 executions')
  await expect(rowLinks(page)).toHaveCount(3)

  // The search applies as one types.
  await page.getByLabel('Search').fill(ids.running)
  await expect(page).toHaveURL(new RegExp(`q=${ids.running}`))
  await expect(rowLinks(page)).toHaveText([ids.running])
  await expect(chips.getByText(`search “${ids.running}”`)).toBeVisible()
  await expect(count).toHaveText('1 execution')
})

test('a row’s own actions: retry a failed execution and cancel a running one from the list', async ({ page }) => {
  const tag = `row-${Date.now()}`
  const ids = await makeExecutions(page, tag)
  await page.goto(`/executions?tag=${tag}`)
  await hydrated(page)
  const row = (id: string) => page.getByRole('row').filter({ has: page.locator('a[data-row-link]', { hasText: id }) })
  await row(ids.failed).hover()
  await row(ids.failed)
    .getByRole('button', { name: `retry ${ids.failed}` })
    .click()
  await expect(page.getByText(`Retried ${ids.failed}`)).toBeVisible()
  await expect(row(ids.failed).getByText('retry', { exact: true })).toBeVisible()
  // A failed one has no cancel; a running one has no retry.
  await expect(row(ids.running).getByRole('button', { name: `retry ${ids.running}` })).toHaveCount(0)
  await row(ids.running).hover()
  await row(ids.running)
    .getByRole('button', { name: `cancel ${ids.running}` })
    .click()
  const dialog = page.getByRole('dialog', { name: `Cancel ${ids.running}?` })
  await dialog.getByLabel('Reason (recorded on the execution)').fill('duplicate run')
  await dialog.getByRole('button', { name: 'Cancel execution' }).click()
  await expect(row(ids.running).getByText('cancelled', { exact: true })).toBeVisible()
  expect(((await rest(page).get(`/executions/${ids.running}`)) as { status: string }).status).toBe('cancelled')
})

test('a new execution matching the filter appears without a reload', async ({ page }) => {
  const tag = `live-${Date.now()}`
  await page.goto(`/executions?tag=${tag}`)
  await hydrated(page)
  await expect(page.getByText('No executions match these filters.')).toBeVisible()
  await expect(page.getByText('● live')).toBeVisible()
  let reloaded = false
  page.on('load', () => (reloaded = true))
  const created = await rest(page).post('/executions', { service: 'sdr-service', tags: [tag] })
  await expect(rowLinks(page)).toHaveText([created.$id])
  expect(reloaded).toBe(false)
})

test('cancel everything a filter matches, after seeing how many', async ({ page }) => {
  const tag = `bulk-${Date.now()}`
  const ids = await makeExecutions(page, tag)
  const done = await rest(page).post('/executions', { service: 'sdr-service', tags: [tag] })
  await rest(page).post(`/executions/${done.$id}/start`, {})
  await rest(page).post(`/executions/${done.$id}/complete`, { success: true, output: null, summary: 'done' })
  await page.goto(`/executions?tag=${tag}`)
  await hydrated(page)
  await expect(rowLinks(page)).toHaveCount(4)
  await page.getByRole('button', { name: 'Cancel all matching…' }).click()
  // The completed one cannot be cancelled, so three.
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByRole('heading', { name: 'Cancel 3 executions matching this filter?' })).toBeVisible()
  await dialog.getByLabel('Reason (recorded on each execution)').fill('campaign withdrawn')
  await dialog.getByRole('button', { name: 'Cancel 3 executions' }).click()
  await expect(page.getByText('Cancelled 3 executions')).toBeVisible()
  for (const id of [ids.failed, ids.running, ids.queued]) {
    await expect(page.getByRole('row').filter({ hasText: id }).getByText('cancelled', { exact: true })).toBeVisible()
  }
  await expect(page.getByRole('row').filter({ hasText: done.$id }).getByText('completed', { exact: true })).toBeVisible()
})

test('a saved view is there for the team and opens the same filters', async ({ page }) => {
  const tag = `view-${Date.now()}`
  const ids = await makeExecutions(page, tag)
  await page.goto(`/executions?tag=${tag}&status=running`)
  await hydrated(page)
  await page.getByText(/^Saved views \(/).click()
  await page.getByLabel('view name').fill(`Running ${tag}`)
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText(`Saved view “Running ${tag}” for the team`)).toBeVisible()
  await page.goto('/executions')
  await hydrated(page)
  await page.getByText(/^Saved views \(/).click()
  await page.getByRole('link', { name: `Running ${tag}` }).click()
  await expect(page).toHaveURL(new RegExp(`status=running`))
  await expect(rowLinks(page)).toHaveText([ids.running])
})

test('the list has no serious or critical accessibility violations, in light and dark', async ({ page }) => {
  await page.goto('/executions')
  await hydrated(page)
  await expect(rowLinks(page).first()).toBeVisible()
  for (const theme of ['light', 'dark']) {
    await page.getByLabel('colour theme').selectOption(theme)
    expect(await seriousViolations(page)).toEqual([])
    await page.screenshot({ path: test.info().outputPath(`executions-list-${theme}.png`), fullPage: true })
  }
})

test('a cut cell shows its whole text in a tooltip on hover', async ({ page }) => {
  const api = rest(page)
  const tag = `tooltip-${Date.now()}`
  const message = `the partner's CRM answered with a very long complaint about the request it got, ending in ${tag}`
  const e = await api.post('/executions', { service: 'sdr-service', tags: [tag] })
  await api.post(`/executions/${e.$id}/start`, {})
  await api.post(`/executions/${e.$id}/fail`, { code: 'API_TIMEOUT', message, recoverable: true })
  await page.goto(`/executions?tag=${tag}&status=failed`)
  await hydrated(page)
  const cell = page.locator('tbody tr').first().getByText(`API_TIMEOUT: ${message}`)
  await expect(cell).toBeVisible()
  expect(await cell.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true) // (it is cut)
  await cell.hover()
  await expect(page.getByRole('tooltip')).toContainText(message)
  await page.keyboard.press('Escape')
  await expect(page.getByRole('tooltip')).toHaveCount(0)
})

test('select all on the page, then one less; a header sorts by its column and turns the order round', async ({ page }) => {
  const tag = `select-${Date.now()}`
  const api = rest(page)
  const ids = await makeExecutions(page, tag)
  await api.post(`/executions/${ids.running}/metrics`, { cost: 2.5 })
  await page.goto(`/executions?tag=${tag}`)
  await hydrated(page)
  await expect(rowLinks(page)).toHaveCount(3)
  const all = page.getByRole('checkbox', { name: 'select all on this page' })
  await all.check()
  await expect(page.getByRole('button', { name: 'Cancel 3 selected' })).toBeVisible()
  await page.getByRole('checkbox', { name: `select ${ids.queued}` }).uncheck()
  await expect(page.getByRole('button', { name: 'Cancel 2 selected' })).toBeVisible()
  expect(await all.evaluate((el: HTMLInputElement) => el.indeterminate && !el.checked)).toBe(true)
  await all.check()
  await all.uncheck()
  await expect(page.getByRole('button', { name: /selected$/ })).toHaveCount(0)

  const cost = page.getByRole('columnheader', { name: /^Cost/ })
  await cost.getByRole('button').click()
  await expect(page).toHaveURL(/sort=cost/)
  await expect(cost).toHaveAttribute('aria-sort', 'descending')
  await expect(rowLinks(page).first()).toHaveText(ids.running)
  await cost.getByRole('button').click()
  await expect(cost).toHaveAttribute('aria-sort', 'ascending')
  await expect(rowLinks(page).last()).toHaveText(ids.running)
})

test('at 1280 px the list fits its box and a row’s actions are in view, the Error column of a view of failures included', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, storageState: test.info().project.use.storageState as string })
  const page = await context.newPage()
  const tag = `fit-${Date.now()}`
  const ids = await makeExecutions(page, tag)
  for (const query of ['status=failed', `tag=${tag}`, `tag=${tag}&status=failed`]) {
    await page.goto(`/executions?${query}`)
    await hydrated(page)
    await expect(rowLinks(page).first()).toBeVisible()
    if (query.includes('failed')) await expect(page.getByRole('columnheader', { name: 'Error' })).toBeVisible()
    const { table, box } = await page.locator('table.executions-table').evaluate((t) => ({ table: t.scrollWidth, box: t.parentElement!.clientWidth }))
    expect(table, query).toBeLessThanOrEqual(box)
  }
  // A failed row's Retry and Cancel show on hover, whole, inside the window.
  const row = page.getByRole('row').filter({ has: page.locator('a[data-row-link]', { hasText: ids.failed }) })
  await row.hover()
  for (const name of [`retry ${ids.failed}`, `cancel ${ids.failed}`]) {
    const button = row.getByRole('button', { name })
    await expect(button).toBeVisible()
    const at = (await button.boundingBox())!
    expect(at.x + at.width).toBeLessThanOrEqual(1280)
    // Nothing is drawn over it.
    expect(await button.evaluate((b) => b.contains(document.elementFromPoint(b.getBoundingClientRect().x + 4, b.getBoundingClientRect().y + 4)))).toBe(true)
  }
  // The cut error says the whole in a tooltip.
  const error = row.getByText(/^API_TIMEOUT: the CRM did not answer/)
  await expect(error).toBeVisible()
  await page.screenshot({ path: test.info().outputPath('executions-failed-1280.png') })
  await context.close()
})

test('a list parameter repeated in the URL keeps every value, as the comma-separated form does', async ({ page }) => {
  const tag = `repeat-${Date.now()}`
  const ids = await makeExecutions(page, tag)
  const services = (await rest(page).get('/services')) as { $id: string; name: string }[]
  const name = (id: string) => services.find((s) => s.$id === id)!.name
  for (const query of [`tag=${tag}&notService=sdr-service&notService=integration-service`, `tag=${tag}&notService=sdr-service,integration-service`]) {
    await page.goto(`/executions?${query}`)
    await hydrated(page)
    const chips = page.getByRole('list', { name: 'active filters' })
    await expect(chips.getByText(`service is not ${name('sdr-service')}, ${name('integration-service')}`)).toBeVisible()
    await expect(page.getByTestId('result-count')).toHaveText('1 execution')
    await expect(rowLinks(page)).toHaveText([ids.queued])
  }
  // The REST API reads the repeated form the same way.
  const listed = (await rest(page).get(`/executions?tag=${tag}&notService=sdr-service&notService=integration-service`)) as { items: { $id: string }[] }
  expect(listed.items.map((e) => e.$id)).toEqual([ids.queued])
})
