// The command palette as an operator uses it: ⌘K (Ctrl+K), an execution's id, Enter — and a
// page or a saved view the same way; Escape closes it.
import { expect, test } from './fixtures'
import { hydrated, rest } from './sign-in'

test('the command palette opens an execution by its id, a page and the list search’s finds', async ({ page }) => {
  const { $id } = await rest(page).post('/executions', { service: 'sdr-service', tags: ['palette'] })
  await page.goto('/executions')
  await hydrated(page)
  const palette = page.getByRole('dialog', { name: 'Command palette' })

  await page.keyboard.press('ControlOrMeta+k')
  await expect(palette).toBeVisible()
  await palette.getByRole('combobox').fill($id)
  await expect(palette.getByRole('option', { name: `Open execution ${$id}` })).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(new RegExp(`/executions/${$id}$`))
  await expect(palette).toBeHidden()

  // A page, by part of its name.
  await page.keyboard.press('ControlOrMeta+k')
  await palette.getByRole('combobox').fill('workers')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/workers$/)

  // What the list's search finds: part of the id is enough.
  await page.getByRole('button', { name: /Jump to/ }).click()
  await palette.getByRole('combobox').fill($id.slice(0, -4))
  await expect(palette.getByRole('option', { name: new RegExp($id) })).toBeVisible()
  await page.screenshot({ path: test.info().outputPath('command-palette.png') })
  await page.keyboard.press('Escape')
  await expect(palette).toBeHidden()
})

test('on an execution’s page the palette runs what its status allows: pause, resume, and cancel through the confirmation', async ({ page }) => {
  const api = rest(page)
  const { $id } = await api.post('/executions', { service: 'sdr-service', tags: ['palette'] })
  await api.post(`/executions/${$id}/start`, {})
  await page.goto(`/executions/${$id}`)
  await hydrated(page)
  const header = page.getByRole('region', { name: 'execution' })
  await expect(header.getByText('● live')).toBeVisible()
  const palette = page.getByRole('dialog', { name: 'Command palette' })

  await page.keyboard.press('ControlOrMeta+k')
  await palette.getByRole('combobox').fill('this execution')
  // A running execution may be paused or cancelled, not resumed or started.
  await expect(palette.getByRole('option', { name: /Pause this execution/ })).toBeVisible()
  await expect(palette.getByRole('option', { name: /Resume this execution/ })).toHaveCount(0)
  await palette.getByRole('option', { name: /Pause this execution/ }).click()
  await expect(header.getByText('paused', { exact: true })).toBeVisible()

  await page.keyboard.press('ControlOrMeta+k')
  await palette.getByRole('combobox').fill('resume')
  await page.keyboard.press('Enter')
  await expect(header.getByText('running', { exact: true })).toBeVisible()

  await page.keyboard.press('ControlOrMeta+k')
  await palette.getByRole('combobox').fill('cancel this')
  await page.keyboard.press('Enter')
  const confirm = page.getByRole('alertdialog').or(page.getByRole('dialog', { name: /Cancel this execution/ }))
  await expect(confirm).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(header.getByText('running', { exact: true })).toBeVisible()
})
