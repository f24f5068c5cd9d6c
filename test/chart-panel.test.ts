// A chart panel says what it is doing: loading, failed (with a retry), empty, or drawn.
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { ChartPanel, type ChartPanelProps } from '@/components/ui/ChartPanel'

const render = (props: Partial<ChartPanelProps>) =>
  renderToStaticMarkup(createElement(ChartPanel, { title: 'Failure rate', description: 'per day', ...props }, createElement('svg', { 'data-chart': '' })))

describe('ChartPanel', () => {
  it('draws the chart under its title when there is data', () => {
    const html = render({ footer: createElement('ul', null, 'legend') })
    expect(html).toContain('data-chart-state="ready"')
    expect(html).toContain('<figcaption>')
    expect(html).toContain('Failure rate')
    expect(html).toContain('data-chart=""')
    expect(html).toContain('legend')
  })
  it('shows a busy placeholder as tall as the chart while loading', () => {
    const html = render({ loading: true, height: 220 })
    expect(html).toContain('aria-busy="true"')
    expect(html).toContain('role="status"')
    expect(html).toContain('height:220px')
    expect(html).not.toContain('data-chart=""')
  })
  it('says why it could not load, with a retry, before anything else', () => {
    const html = render({ loading: true, empty: true, error: 'database is locked', onRetry: () => {} })
    expect(html).toContain('data-chart-state="error"')
    expect(html).toContain('role="alert"')
    expect(html).toContain('Could not load this chart: database is locked')
    expect(html).toContain('Try again')
  })
  it('says what there is none of when empty, and hides the legend', () => {
    const html = render({ empty: 'No failures in this range.', footer: createElement('ul', null, 'legend') })
    expect(html).toContain('data-chart-state="empty"')
    expect(html).toContain('No failures in this range.')
    expect(html).not.toContain('legend')
    expect(render({ empty: true })).toContain('Nothing to show.')
  })
  it('keeps the chart, dimmed and busy, while newer data is on its way', () => {
    const html = render({ updating: true })
    expect(html).toContain('aria-busy="true"')
    expect(html).toContain('opacity-50')
    expect(html).toContain('data-chart=""')
  })
})
