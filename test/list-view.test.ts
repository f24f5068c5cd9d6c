// The executions list's URL: what an operator shares is exactly the view they see.
import { describe, expect, it } from 'vitest'
import { parseView, viewSearch, withFilter, DEFAULT_COLUMNS } from '@/components/executions/list-view'

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

  it('goes back to the first page when a filter changes, and clears emptied filters', () => {
    const view = parseView({ status: 'failed', cursor: 'abc' })
    const next = withFilter(view, { status: [], search: 'acme' })
    expect(viewSearch(next)).toBe('q=acme')
  })
})
