// The console guard: every spec imports `test` and `expect` from here. For every page of a test —
// the `page` fixture's, a second page of its context, and pages of contexts the test opens itself
// with `browser.newContext()` — it records console errors, uncaught page errors, failed requests
// and answers of 400 or more from the console's own origin, and fails the test at its end listing
// them. A request aborted because its page went elsewhere (a navigation, including a client-side
// one or a router refresh, or the page closing), or a link prefetch Next's router called off, is
// not a failure. A test that provokes an error on purpose says which, narrowly, with
// `expectConsoleErrors(page, /pattern/)`; an expectation that nothing matched fails too, so none
// outlives its reason (`allowConsoleErrors` for what only timing decides).
import { test as base, expect, type Browser, type BrowserContext, type Page, type Request } from '@playwright/test'
import { E2E } from './env'

export { expect }
export type { Page } from '@playwright/test'

type Problem = { page: Page | null; text: string; request?: Request }
type Expectation = { page: Page; pattern: RegExp; matched: number; optional: boolean }

/** What the running test's pages did wrong, and what it said it expects. */
class Guard {
  readonly problems: Problem[] = []
  readonly expectations: Expectation[] = []
  /**
   * How many times each page has navigated: its main frame's URL changed (client-side included),
   * or its router fetched a page (a navigation or a refresh: an RSC request that is no prefetch).
   */
  private readonly navigations = new WeakMap<Page, number>()
  /** The navigation count of a request's page when it was sent. */
  private readonly sentAt = new WeakMap<Request, number>()
  /** Pages being closed (by the test or with their context): what they were loading stops with them. */
  private readonly closing = new WeakSet<Page>()
  private readonly hooked = new WeakSet<BrowserContext>()
  private stopped = false

  hook(context: BrowserContext) {
    if (this.hooked.has(context)) return
    this.hooked.add(context)
    const closeContext = context.close.bind(context)
    context.close = async (options) => {
      for (const page of context.pages()) this.closing.add(page)
      return closeContext(options)
    }
    const onPage = (page: Page) => {
      this.navigations.set(page, 0)
      const closePage = page.close.bind(page)
      page.close = async (options) => {
        this.closing.add(page)
        return closePage(options)
      }
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) this.navigations.set(page, (this.navigations.get(page) ?? 0) + 1)
      })
    }
    context.pages().forEach(onPage)
    context.on('page', onPage)
    context.on('close', () => context.pages().forEach((p) => this.closing.add(p)))

    context.on('console', (message) => {
      if (message.type() !== 'error') return
      const at = message.location().url
      this.add(message.page(), `console.error: ${message.text()}${at ? ` (at ${at})` : ''}`)
    })
    context.on('weberror', (error) => this.add(error.page(), `page error: ${error.error().stack ?? error.error().message}`))
    context.on('request', (request) => {
      const page = safePage(request)
      if (!page) return
      const count = this.navigations.get(page) ?? 0
      this.sentAt.set(request, count)
      const headers = request.headers()
      if (headers.rsc === '1' && !headers['next-router-prefetch']) this.navigations.set(page, count + 1)
    })
    context.on('requestfailed', (request) => {
      const page = safePage(request)
      const errorText = request.failure()?.errorText ?? 'failed'
      if (errorText === 'net::ERR_ABORTED' && page && this.closing.has(page)) return
      this.add(page, `request failed: ${request.method()} ${request.url()} — ${errorText}`, request)
    })
    context.on('response', (response) => {
      if (response.status() < 400 || new URL(response.url()).origin !== E2E.base) return
      const request = response.request()
      this.add(safePage(request), `HTTP ${response.status()}: ${request.method()} ${response.url()}`)
    })
  }

  private add(page: Page | null, text: string, request?: Request) {
    if (!this.stopped) this.problems.push({ page, text, request })
  }

  /**
   * Aborted because its page went elsewhere: it navigated (or its router fetched another page or
   * refreshed this one) after sending it, or it was closing; or a prefetch of a link that Next's
   * router called off itself (it cancels what it guessed the operator might open when it
   * reprioritises: nothing was asked for, nothing failed). Any other failure, and any error answer
   * to a prefetch, still counts.
   */
  private abortedByNavigation(problem: Problem) {
    const { page, request } = problem
    if (!page || !request || request.failure()?.errorText !== 'net::ERR_ABORTED') return false
    if (this.closing.has(page) || page.isClosed()) return true
    const headers = request.headers()
    if (headers.rsc === '1' && headers['next-router-prefetch'] === '1') return true
    return (this.navigations.get(page) ?? 0) > (this.sentAt.get(request) ?? Infinity)
  }

  /** What nothing expected, and the expectations nothing met. */
  report(): string[] {
    this.stopped = true
    const unexpected: string[] = []
    for (const problem of this.problems) {
      if (this.abortedByNavigation(problem)) {
        if (process.env.GUARD_DEBUG) console.log(`(guard: left out) ${problem.text}`)
        continue
      }
      const expected = this.expectations.filter((e) => (problem.page === null || e.page === problem.page) && e.pattern.test(problem.text))
      for (const e of expected) e.matched++
      if (expected.length === 0) unexpected.push(problem.text)
    }
    const unmet = this.expectations.filter((e) => e.matched === 0 && !e.optional).map((e) => `expected, but nothing matched: ${e.pattern}`)
    return [...unexpected, ...unmet]
  }
}

function safePage(request: Request): Page | null {
  try {
    return request.frame().page()
  } catch {
    return null // a service worker's request, or one whose frame is gone
  }
}

let current: Guard | null = null

/**
 * The console errors, failed requests or error answers `page` is meant to show in this test, each
 * a pattern for one line of the guard's report (`console.error: …`, `page error: …`, `request
 * failed: GET <url> — <reason>`, `HTTP 403: POST <url>`). Each must match something.
 */
export function expectConsoleErrors(page: Page, ...patterns: RegExp[]) {
  declare(page, patterns, false)
}

/**
 * Like expectConsoleErrors, for what `page` logs or not depending on timing (a stream the page
 * closes itself may or may not be cut while still open): allowed, not required.
 */
export function allowConsoleErrors(page: Page, ...patterns: RegExp[]) {
  declare(page, patterns, true)
}

function declare(page: Page, patterns: RegExp[], optional: boolean) {
  if (!current) throw new Error('expectConsoleErrors is for tests that import `test` from e2e/fixtures')
  for (const pattern of patterns) current.expectations.push({ page, pattern, matched: 0, optional })
}

export const test = base.extend<{ consoleGuard: void }>({
  consoleGuard: [
    async ({ browser, context }, use) => {
      const guard = new Guard()
      current = guard
      guard.hook(context)
      // Contexts (and pages) the test makes itself are watched the same way.
      const { newContext, newPage } = browser
      browser.newContext = async (...args: Parameters<Browser['newContext']>) => {
        const made = await newContext.apply(browser, args)
        guard.hook(made)
        return made
      }
      browser.newPage = async (...args: Parameters<Browser['newPage']>) => {
        const made = await newPage.apply(browser, args)
        guard.hook(made.context())
        return made
      }
      try {
        await use()
      } finally {
        browser.newContext = newContext
        browser.newPage = newPage
        current = null
      }
      const report = guard.report()
      if (report.length > 0) throw new Error(`The browser console was not clean:\n${report.map((line) => `  - ${line}`).join('\n')}`)
    },
    { auto: true },
  ],
})
