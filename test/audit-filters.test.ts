// The audit page's URL: what it keeps, what it leaves out (and says so), and the query it asks.
import { describe, expect, it } from 'vitest'
import { auditHref, auditInput, auditSearch, fromTimeField, parseAuditView, parseTime, toTimeField } from '@/components/audit/audit-filters'
import { auditQuerySchema } from '@/server/domain/schemas'

describe('parseTime', () => {
  it('reads a date, a time to the minute or second (UTC without a zone), and ISO 8601 with a zone', () => {
    expect(parseTime('2026-01-31')).toBe('2026-01-31T00:00:00.000Z')
    expect(parseTime('2026-01-31T09:30')).toBe('2026-01-31T09:30:00.000Z')
    expect(parseTime('2026-01-31T09:30Z')).toBe('2026-01-31T09:30:00.000Z')
    expect(parseTime('2026-01-31 09:30:15')).toBe('2026-01-31T09:30:15.000Z')
    expect(parseTime('2026-01-31T09:30:15.250Z')).toBe('2026-01-31T09:30:15.250Z')
    expect(parseTime('2026-01-31T09:30+02:00')).toBe('2026-01-31T07:30:00.000Z')
  })

  it('reaches to the end of the day or minute given, for the end of a range', () => {
    expect(parseTime('2026-01-31', { end: true })).toBe('2026-01-31T23:59:59.999Z')
    expect(parseTime('2026-01-31T09:30Z', { end: true })).toBe('2026-01-31T09:30:59.999Z')
    expect(parseTime('2026-01-31T09:30:15Z', { end: true })).toBe('2026-01-31T09:30:15.000Z')
  })

  it('refuses what is not a real time', () => {
    for (const text of ['', 'yesterday', '2026-02-30', '2026-13-01', '2026-01-31T25:00', '31/01/2026', '2026-01-31T09:30Zjunk', '1e12'])
      expect(parseTime(text), text).toBeUndefined()
  })
})

describe('parseAuditView', () => {
  it('takes every filter and the page from the URL', () => {
    const view = parseAuditView(new URLSearchParams('actor=usr_1&action=execution.cancelled&execution=exe_9&from=2026-01-01&to=2026-01-31T18:00Z&before=42'))
    expect(view).toEqual({
      filters: { actor: 'usr_1', action: 'execution.cancelled', execution: 'exe_9', from: '2026-01-01', to: '2026-01-31T18:00Z' },
      before: 42,
      ignored: [],
    })
  })

  it("reads Next's searchParams too: a repeated key gives its first value; blanks are no filter", () => {
    expect(parseAuditView({ action: ['user.signedIn', 'apiKey.revoked'], actor: '  ', execution: '' })).toEqual({
      filters: { action: 'user.signedIn' },
      before: undefined,
      ignored: [],
    })
  })

  it('leaves out what could never be a filter and says why, keeping the rest', () => {
    const view = parseAuditView(
      new URLSearchParams({ action: "x'); DROP TABLE", execution: 'e'.repeat(201), from: 'last tuesday', actor: 'key_1', before: '-3', to: '2026-01-01T00:00Z' }),
    )
    expect(view.filters).toEqual({ actor: 'key_1', to: '2026-01-01T00:00Z' })
    expect(view.before).toBeUndefined()
    expect(view.ignored).toHaveLength(4)
    expect(view.ignored.join(' | ')).toMatch(/is not an action.*execution id is over 200.*“last tuesday” is not a time.*page link/)
  })

  it('leaves out a range that ends before it starts', () => {
    const view = parseAuditView(new URLSearchParams('from=2026-02-01&to=2026-01-01&action=user.role'))
    expect(view.filters).toEqual({ action: 'user.role' })
    expect(view.ignored).toEqual(['the time range ends (2026-01-01) before it starts (2026-02-01)'])
    // One day from and to: that whole day.
    expect(parseAuditView(new URLSearchParams('from=2026-01-01&to=2026-01-01')).ignored).toEqual([])
  })

  it('asks the server for what its schema takes, whatever the URL held', () => {
    const urls = [
      '',
      'from=2026-01-31T09:30&to=2026-01-31',
      'actor=a&action=b.c&execution=%20x%20&before=7',
      'from=2026-99-99&action=..&before=1.5',
      `execution=${'x'.repeat(300)}`,
    ]
    for (const url of urls) expect(auditQuerySchema.safeParse(auditInput(parseAuditView(new URLSearchParams(url)), 100)).success, url).toBe(true)
    expect(auditInput(parseAuditView(new URLSearchParams('from=2026-01-31T09:30Z&to=2026-01-31')), 100)).toMatchObject({
      from: '2026-01-31T09:30:00.000Z',
      to: '2026-01-31T23:59:59.999Z',
    })
  })
})

describe('auditSearch and auditHref', () => {
  it('write the filters in a fixed order, unset ones left out, and read back the same view', () => {
    const filters = { to: '2026-01-31T18:00Z', execution: 'exe 9', action: 'execution.view', actor: 'usr_1' }
    expect(auditSearch(filters, 12)).toBe('actor=usr_1&action=execution.view&execution=exe+9&to=2026-01-31T18%3A00Z&before=12')
    expect(parseAuditView(new URLSearchParams(auditSearch(filters, 12)))).toEqual({ filters, before: 12, ignored: [] })
    expect(auditHref({})).toBe('/audit')
    expect(auditHref({ action: undefined, execution: 'e' })).toBe('/audit?execution=e')
  })
})

describe('the time fields', () => {
  it('show a URL time to the minute in UTC (the end of a range rounded up) and give back the minute', () => {
    expect(toTimeField('2026-01-31T09:30:15+01:00')).toBe('2026-01-31T08:30')
    expect(toTimeField('2026-01-31', { end: true })).toBe('2026-01-31T23:59')
    expect(toTimeField(undefined)).toBe('')
    expect(fromTimeField('2026-01-31T08:30')).toBe('2026-01-31T08:30Z')
    expect(fromTimeField('')).toBeUndefined()
  })
})
