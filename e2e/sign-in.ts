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
})

/** Waits until the page's client code has taken over (the server sends the markup first). */
export async function hydrated(page: Page) {
  await page.locator('html[data-hydrated="1"]').waitFor({ state: 'attached' })
}
