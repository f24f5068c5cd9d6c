import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'
import { E2E } from './env'

/** Signs in through the sign-in page, as an operator would. */
export async function signIn(page: Page, who = E2E.admin) {
  await page.goto('/sign-in')
  await page.getByLabel('Email').fill(who.email)
  await page.getByLabel('Password').fill(who.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/executions/)
}

/** The REST API with the page's session (and the console's Origin, as its own pages send). */
export const rest = (page: Page) => ({
  post: async (path: string, data: unknown) => {
    const res = await page.request.post(`/api${path}`, { data, headers: { origin: E2E.base } })
    expect(res.status(), `${path}: ${await res.text()}`).toBeLessThan(300)
    return res.json()
  },
  get: async (path: string) => {
    const res = await page.request.get(`/api${path}`)
    expect(res.status(), `${path}: ${await res.text()}`).toBe(200)
    return res.json()
  },
})

/** Waits until the page's client code has taken over (the server sends the markup first). */
export async function hydrated(page: Page) {
  await page.locator('html[data-hydrated="1"]').waitFor({ state: 'attached' })
}

/** axe's serious and critical violations on the page as it is now, named with their first elements. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    )
}
