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
