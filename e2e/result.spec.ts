// Seed 000's ExecutionResult on the execution page: a completed execution's summary, output (with
// Copy), artifacts as named, typed links with their sizes, and metadata; a failed one's partial
// output; what a service reported shown as text, never markup, and only http(s) artifacts linked.
// And the run trace's time axis: no two tick labels touch, at 1280 and 390 px, light and dark,
// with a screenshot of each to look at.
import { expect, test, type Page } from './fixtures'
import { E2E } from './env'
import { hydrated, rest } from './sign-in'

const VIEWPORTS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
] as const
const THEMES = ['light', 'dark'] as const

/** A 1,900-character artifact name (a service's generated file name). */
const LONG_ARTIFACT = `https://files.services.do/exports/${'lead-scoring-export-'.repeat(95)}.csv`

/** A completed execution with two steps spread over a couple of seconds, and a result. */
async function completed(page: Page) {
  const api = rest(page)
  const { $id } = await api.post('/executions', { service: 'content-service', steps: [{ id: 'draft' }, { id: 'publish' }] })
  await api.post(`/executions/${$id}/start`, {})
  await api.post(`/executions/${$id}/steps`, { id: 'draft' })
  await page.waitForTimeout(1_300)
  await api.post(`/executions/${$id}/steps/draft/complete`, { output: { words: 1200 } })
  await api.post(`/executions/${$id}/steps`, { id: 'publish' })
  await page.waitForTimeout(900)
  await api.post(`/executions/${$id}/steps/publish/complete`, {})
  await api.post(`/executions/${$id}/complete`, {
    success: true,
    summary: 'Blog post published <img src=x onerror="document.title=`pwned`">',
    output: { post: { title: 'Q3 results', url: 'https://blog.example.com/q3' }, words: 1200 },
    artifacts: [
      'https://files.services.do/content/blog-post-456.md',
      'https://files.services.do/images/featured%20image.jpg',
      'javascript:alert(1)',
      LONG_ARTIFACT,
      'reports/q3/summary.pdf',
    ],
    metadata: { model: 'gpt-4', artifactSizes: { 'https://files.services.do/images/featured%20image.jpg': 1_572_864 } },
  })
  return $id as string
}

test('a completed execution shows its result: summary, output with Copy, artifacts, metadata', async ({ page, context }) => {
  const id = await completed(page)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: E2E.base })
  await page.goto(`/executions/${id}`)
  await hydrated(page)
  const panel = page.getByRole('region', { name: /^Result/ })
  await expect(panel).toBeVisible()
  await expect(panel.getByText('succeeded')).toBeVisible()
  // Markup a service reported is text.
  await expect(panel.getByTestId('result-summary')).toHaveText('Blog post published <img src=x onerror="document.title=`pwned`">')
  expect(await page.title()).not.toBe('pwned')
  await expect(panel.locator('img')).toHaveCount(0)
  // Output, as indented JSON, copied as it is shown.
  await expect(panel.getByTestId('result-output')).toContainText('"title": "Q3 results"')
  await panel.getByRole('button', { name: 'Copy output' }).click()
  await expect(panel.getByRole('button', { name: 'Copy output' })).toHaveText('Copied')
  expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual({ post: { title: 'Q3 results', url: 'https://blog.example.com/q3' }, words: 1200 })
  // Artifacts: named by their file, typed by their extension, sized when the metadata says.
  const artifacts = panel.getByTestId('result-artifacts').getByRole('listitem')
  await expect(artifacts).toHaveCount(5)
  await expect(artifacts.nth(0).getByRole('link', { name: 'blog-post-456.md' })).toHaveAttribute('href', 'https://files.services.do/content/blog-post-456.md')
  await expect(artifacts.nth(0)).toContainText('Markdown')
  await expect(artifacts.nth(1).getByRole('link', { name: 'featured image.jpg' })).toHaveAttribute('rel', 'noopener noreferrer nofollow')
  await expect(artifacts.nth(1)).toContainText('JPEG image · 1.5 MB')
  // Not http(s): shown, never a link.
  await expect(artifacts.nth(2).getByRole('link')).toHaveCount(0)
  await expect(artifacts.nth(2)).toContainText('javascript:alert(1)')
  // A 1,900-character name: cut in the middle (its extension kept), the whole in its title, inside the panel.
  const long = artifacts.nth(3).getByTestId('artifact-name')
  await expect(long).toHaveAttribute('title', LONG_ARTIFACT)
  await expect(long).toHaveText(/^lead-scoring-export-.*….*\.csv$/)
  expect((await long.textContent())!.length).toBeLessThanOrEqual(80)
  await expect(artifacts.nth(3)).toContainText('CSV')
  const [box, panelBox] = [(await long.boundingBox())!, (await panel.boundingBox())!]
  expect(box.x + box.width).toBeLessThanOrEqual(panelBox.x + panelBox.width)
  // A relative path, as given: not only its last segment.
  await expect(artifacts.nth(4).getByTestId('artifact-name')).toHaveText('reports/q3/summary.pdf')
  await expect(panel.getByTestId('result-metadata')).toContainText('"model": "gpt-4"')
  await expect(panel.getByTestId('result-metadata')).not.toContainText('artifactSizes')
  // Seed 004's timestamps: its last activity is shown.
  await expect(page.getByTestId('last-activity')).not.toHaveText('—')
})

test('a failed execution shows the output of the steps it finished', async ({ page }) => {
  const api = rest(page)
  const { $id } = await api.post('/executions', { service: 'sdr-service', steps: [{ id: 'research' }, { id: 'send' }] })
  await api.post(`/executions/${$id}/start`, {})
  await api.post(`/executions/${$id}/steps`, { id: 'research' })
  await api.post(`/executions/${$id}/steps/research/complete`, { output: { leads: ['Acme', 'Globex'] } })
  await api.post(`/executions/${$id}/steps`, { id: 'send' })
  await api.post(`/executions/${$id}/fail`, { code: 'EMAIL_SERVICE_ERROR', message: 'mail server down', step: 'send' })
  await page.goto(`/executions/${$id}`)
  await hydrated(page)
  const panel = page.getByRole('region', { name: 'Partial output' })
  await expect(panel).toBeVisible()
  await expect(panel.getByTestId('result-output')).toContainText('"Globex"')
  await expect(panel.getByTestId('result-output')).toContainText('"research"')
  await expect(page.getByRole('region', { name: /^Result/ })).toHaveCount(0)
})

test('the run trace of an execution with no steps says so instead of drawing ticks over 1 ms', async ({ page }) => {
  const { $id } = await rest(page).post('/executions', { service: 'sdr-service' })
  await page.goto(`/executions/${$id}`)
  await hydrated(page)
  await expect(page.getByTestId('trace-axis-empty')).toHaveText('no steps yet')
  await expect(page.getByTestId('trace-tick')).toHaveCount(0)
})

/** A completed run of the seeded history with several steps over minutes: labels like "+2m 30s". */
async function seededLongRun(page: Page): Promise<string | null> {
  const { items } = (await rest(page).get('/executions?status=completed&limit=50')) as { items: { $id: string; metrics?: { stepsTotal?: number; duration?: number } }[] }
  return items.find((e) => (e.metrics?.stepsTotal ?? 0) >= 3 && (e.metrics?.duration ?? 0) >= 60_000)?.$id ?? null
}

test('the run trace’s time-axis labels never touch, at 1280 and 390 px, light and dark', async ({ page, browser }) => {
  const id = await completed(page)
  const long = await seededLongRun(page)
  for (const viewport of VIEWPORTS) {
    for (const theme of THEMES) {
      const context = await browser.newContext({ viewport, colorScheme: theme, storageState: test.info().project.use.storageState as string })
      await context.addInitScript(
        ({ t, origin }) => {
          if (location.origin === origin) localStorage.setItem('theme', t)
        },
        { t: theme, origin: E2E.base },
      )
      const shot = await context.newPage()
      await shot.goto(`/executions/${id}`)
      await hydrated(shot)
      await expect(shot.locator('html')).toHaveClass(new RegExp(`\\b${theme}\\b`))
      const ticks = shot.getByTestId('trace-tick')
      // Measured, the axis draws more than its two ends where they fit.
      await expect(ticks.last()).toBeVisible()
      if (viewport.width === 1280) await expect.poll(() => ticks.count()).toBeGreaterThan(2)
      await expectApart(shot, `${viewport.width}px ${theme}`)
      await expect(shot.getByRole('region', { name: /^Result/ })).toBeVisible()
      await shot.screenshot({ path: test.info().outputPath(`execution-result-${viewport.width}-${theme}.png`), fullPage: true })
      if (long) {
        await shot.goto(`/executions/${long}`)
        await hydrated(shot)
        await expect(ticks.last()).toBeVisible()
        await expectApart(shot, `${viewport.width}px ${theme}, ${long}`)
        await shot.getByTestId('trace-axis').screenshot({ path: test.info().outputPath(`trace-axis-long-${viewport.width}-${theme}.png`) })
      }
      await context.close()
    }
  }
})

/** No two tick labels of the trace's axis touch, and none runs past its ends. */
async function expectApart(shot: Page, what: string) {
  await shot.evaluate(() => document.fonts.ready)
  const ticks = shot.getByTestId('trace-tick')
  const boxes = await ticks.evaluateAll((spans) => spans.map((s) => s.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right })))
  const texts = await ticks.allTextContents()
  const axis = (await shot.getByTestId('trace-axis').boundingBox())!
  const label = `${what}: ${texts.join(' | ')} on ${Math.round(axis.width)} px`
  for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.left, `${label}: "${texts[i - 1]}" and "${texts[i]}" overlap`).toBeGreaterThanOrEqual(boxes[i - 1]!.right + 2)
  expect(boxes[0]!.left, label).toBeGreaterThanOrEqual(axis.x - 1)
  expect(boxes.at(-1)!.right, label).toBeLessThanOrEqual(axis.x + axis.width + 1)
  test.info().annotations.push({ type: 'trace axis', description: label })
}
