// The executions list's URL: what an operator shares is exactly the view they see.
import { describe, expect, it } from 'vitest'
import { parseView, viewSearch, withFilter, DEFAULT_COLUMNS } from '@/components/executions/list-view'
import { chipsOf, failureGroupLabel } from '@/components/executions/FilterChips'

describe('the list view in the URL', () => {
  it('round-trips every filter, exclusion, sort, page and column choice', () => {
    const search =
      'status=failed,retry&notService=batch-processing-service&priority=urgent&notAssignee=human&tag=vip&notTag=test&error=API_TIMEOUT' +
      '&from=2026-11-01T00:00:00.000Z&to=2026-11-02T00:00:00.000Z&q=acme&costMin=0.5&tokensMax=9000&sort=cost&order=asc&cols=status,cost,error&cursor=abc'
    const view = parseView(new URLSearchParams(search))
    expect(view.filter).toEqual({
      status: ['failed', 'retry'],
      notService: ['batch-processing-service'],
      priority: ['urgent'],
      notAssigneeType: ['human'],
      tag: ['vip'],
      notTag: ['test'],
      errorCode: ['API_TIMEOUT'],
      createdFrom: '2026-11-01T00:00:00.000Z',
      createdTo: '2026-11-02T00:00:00.000Z',
      search: 'acme',
      costMin: 0.5,
      tokensMax: 9000,
    })
    expect([view.sort, view.order, view.cursor, view.columns]).toEqual(['cost', 'asc', 'abc', ['status', 'cost', 'error']])
    expect(parseView(new URLSearchParams(viewSearch(view)))).toEqual(view)
  })

  it('drops what the filter does not allow instead of failing, and keeps URLs short', () => {
    const view = parseView({ status: 'failed,exploded', priority: 'someday', costMin: 'lots', sort: 'name', cols: 'status,nonsense' })
    expect(view.filter).toEqual({ status: ['failed'] })
    expect([view.sort, view.columns]).toEqual(['createdAt', ['status']])
    expect(viewSearch(parseView({}))).toBe('')
    expect(parseView({}).columns).toEqual(DEFAULT_COLUMNS)
  })

  it('reads a repeated list parameter as every value, as the comma-separated form, in the browser and on the server', () => {
    const want = { status: ['failed'], notService: ['sdr-service', 'integration-service'] }
    // The browser's URLSearchParams (get() gave only the first) and Next's searchParams record (an array).
    expect(parseView(new URLSearchParams('status=failed&notService=sdr-service&notService=integration-service')).filter).toEqual(want)
    expect(parseView({ status: 'failed', notService: ['sdr-service', 'integration-service'] }).filter).toEqual(want)
    expect(parseView(new URLSearchParams('status=failed&notService=sdr-service,integration-service')).filter).toEqual(want)
    // Both forms at once, and a value written twice, once.
    expect(parseView(new URLSearchParams('tag=a,b&tag=c&tag=a&priority=high&priority=urgent&cols=status&cols=cost')).filter).toEqual({
      tag: ['a', 'b', 'c'],
      priority: ['high', 'urgent'],
    })
    expect(parseView(new URLSearchParams('cols=status&cols=cost')).columns).toEqual(['status', 'cost'])
    // The console writes the short form back.
    expect(viewSearch(parseView(new URLSearchParams('notService=a&notService=b')))).toBe('notService=a%2Cb')
    // A single-valued parameter keeps its first value.
    expect(parseView(new URLSearchParams('q=acme&q=other')).filter).toEqual({ search: 'acme' })
  })

  it('goes back to the first page when a filter changes, and clears emptied filters', () => {
    const view = parseView({ status: 'failed', cursor: 'abc' })
    const next = withFilter(view, { status: [], search: 'acme' })
    expect(viewSearch(next)).toBe('q=acme')
  })
})

describe('the Error column and the filter chips', () => {
  it('shows the Error column by default when the view asks for failures, and follows the filter until columns are chosen', () => {
    expect(parseView({}).columns).not.toContain('error')
    const failed = parseView({ status: 'failed' })
    expect(failed.columns).toContain('error')
    expect(viewSearch(failed)).toBe('status=failed') // the default is not written into the URL
    expect(parseView({ group: '0123456789abcdef0123' }).columns).toContain('error')
    // Leaving the failures behind takes the default column with it…
    expect(withFilter(failed, { status: ['running'] }).columns).not.toContain('error')
    // …but columns an operator chose stay as chosen.
    const chosen = parseView({ status: 'failed', cols: 'status,service' })
    expect(withFilter(chosen, { status: ['running'] }).columns).toEqual(['status', 'service'])
  })

  it('names every active filter as a chip whose removal clears exactly that filter', () => {
    const view = parseView(
      new URLSearchParams('status=failed&notService=sdr-service&group=0123456789abcdef0123&q=acme&costMin=0.5&tokensMax=9000&tag=vip&parent=exec_1&from=2026-11-01T00:00:00.000Z'),
    )
    const chips = chipsOf(view.filter, { 'sdr-service': 'AI SDR Outreach' })
    expect(chips.map((c) => c.label)).toEqual([
      'search “acme”',
      'status is failed',
      'service is not AI SDR Outreach',
      'tagged vip',
      'failure group 01234567',
      'created from 2026-11-01 00:00:00 UTC',
      'cost ≥ $0.50',
      'tokens ≤ 9,000',
      'children of exec_1',
    ])
    expect(chips).toHaveLength(Object.keys(view.filter).length)
    for (const chip of chips) {
      const next = withFilter(view, chip.remove)
      expect(Object.keys(next.filter)).toHaveLength(Object.keys(view.filter).length - 1)
    }
    expect(viewSearch(withFilter(view, chips.find((c) => c.key === 'errorGroup')!.remove))).not.toContain('group=')
  })

  it('names a failure group by its error, not its hash, where an execution of it is at hand', () => {
    const view = parseView({ group: '0123456789abcdef0123' })
    const label = failureGroupLabel({ code: 'API_TIMEOUT', message: 'External API timeout after 30s calling https://crm.example/x' })
    expect(label).toBe('API_TIMEOUT: External API timeout after <n>s calling <url>')
    expect(chipsOf(view.filter, {}, label).map((c) => c.label)).toEqual([`failure group ${label}`])
    expect(chipsOf(view.filter, {}, failureGroupLabel(undefined)).map((c) => c.label)).toEqual(['failure group 01234567'])
  })
})
