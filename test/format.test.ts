// Durations and assignees as the pages print them: never "7m 60s".
import { describe, expect, it } from 'vitest'
import {
  formatAssignee,
  formatAverageDuration,
  formatBucket,
  formatBucketTick,
  formatCompact,
  formatCost,
  formatCount,
  formatCurrency,
  formatDuration,
  formatKind,
  naturalCompare,
  formatPercent,
  formatRelative,
} from '@/components/format'

describe('formatDuration', () => {
  it('carries rounded seconds into minutes and minutes into hours', () => {
    expect(formatDuration(850)).toBe('850 ms')
    expect(formatDuration(12_340)).toBe('12.3 s')
    expect(formatDuration(59_960)).toBe('1m 0s')
    expect(formatDuration(7 * 60_000 + 59_600)).toBe('8m 0s')
    expect(formatDuration(7 * 60_000 + 12_400)).toBe('7m 12s')
    expect(formatDuration(3 * 3_600_000 + 5 * 60_000)).toBe('3h 5m')
    expect(formatDuration(undefined)).toBe('—')
  })
})

describe('formatAssignee', () => {
  it('names the kind, who, and the model when it says more', () => {
    expect(formatAssignee({ type: 'ai-agent', name: 'Claude Analyst', model: 'claude-sonnet-4' })).toBe('AI agent · Claude Analyst · claude-sonnet-4')
    expect(formatAssignee({ type: 'ai-agent', model: 'claude-haiku' })).toBe('AI agent · claude-haiku')
    expect(formatAssignee({ type: 'human', name: 'Sarah Editor' })).toBe('person · Sarah Editor')
    expect(formatAssignee({ type: 'system', id: 'batch-processor' })).toBe('system · batch-processor')
    expect(formatAssignee(undefined)).toBe('—')
  })
})

describe('formatRelative', () => {
  const now = Date.parse('2026-12-02T12:00:00.000Z')
  const ago = (ms: number) => new Date(now - ms).toISOString()
  it('says how long ago (or how soon) in the largest whole unit, and the date past a month', () => {
    expect(formatRelative(ago(2_000), now)).toBe('just now')
    expect(formatRelative(ago(42_000), now)).toBe('42 s ago')
    expect(formatRelative(ago(5 * 60_000 + 59_000), now)).toBe('5 min ago')
    expect(formatRelative(ago(3 * 3_600_000), now)).toBe('3 h ago')
    expect(formatRelative(ago(2 * 86_400_000), now)).toBe('2 d ago')
    expect(formatRelative(ago(-10 * 60_000), now)).toBe('in 10 min')
    expect(formatRelative(ago(40 * 86_400_000), now)).toBe('2026-10-23')
    expect(formatRelative('not a time', now)).toBe('—')
  })
})

describe('formatCount', () => {
  it('separates thousands and rounds to a whole', () => {
    expect(formatCount(0)).toBe('0')
    expect(formatCount(999)).toBe('999')
    expect(formatCount(12_345)).toBe('12,345')
    expect(formatCount(1_234_567.6)).toBe('1,234,568')
    expect(formatCount(-4_200)).toBe('-4,200')
    expect(formatCount(null)).toBe('—')
    expect(formatCount(Number.NaN)).toBe('—')
  })
})

describe('formatCompact', () => {
  it('shortens large counts for axis ticks', () => {
    expect(formatCompact(950)).toBe('950')
    expect(formatCompact(1_234)).toBe('1.2K')
    expect(formatCompact(3_400_000)).toBe('3.4M')
    expect(formatCompact(0.5)).toBe('0.5')
    expect(formatCompact(undefined)).toBe('—')
  })
})

describe('formatPercent', () => {
  it('prints a ratio with one decimal where it says something, never a raw float', () => {
    expect(formatPercent(0.05309734513274336)).toBe('5.3%')
    expect(formatPercent(0.5)).toBe('50%')
    expect(formatPercent(0)).toBe('0%')
    expect(formatPercent(1)).toBe('100%')
    expect(formatPercent(0.1234, 2)).toBe('12.34%')
    expect(formatPercent(0.25, 0)).toBe('25%')
    expect(formatPercent(null)).toBe('—')
  })
  it('never rounds a small share to 0% or a near-whole one to 100%', () => {
    expect(formatPercent(0.0004)).toBe('<0.1%')
    expect(formatPercent(0.9996)).toBe('>99.9%')
    expect(formatPercent(0.001)).toBe('0.1%')
  })
})

describe('formatCurrency', () => {
  it('prints dollars with cents and thousands separators', () => {
    expect(formatCurrency(1234.561)).toBe('$1,234.56')
    expect(formatCurrency(0.5)).toBe('$0.50')
    expect(formatCurrency(0.01)).toBe('$0.01')
    expect(formatCurrency(0)).toBe('$0.00')
    expect(formatCurrency(-12.5)).toBe('-$12.50')
    expect(formatCurrency(undefined)).toBe('—')
  })
  it('keeps four decimals under a cent so a small cost does not read $0.00', () => {
    expect(formatCurrency(0.004)).toBe('$0.0040')
    expect(formatCurrency(0.0012345)).toBe('$0.0012')
    expect(formatCurrency(0.00004)).toBe('<$0.0001')
  })
})

describe('formatAverageDuration', () => {
  it('rounds an average to the millisecond first', () => {
    expect(formatAverageDuration(850.3333333)).toBe('850 ms')
    expect(formatAverageDuration(12_345.678)).toBe('12.3 s')
    expect(formatAverageDuration(null)).toBe('—')
  })
})

describe('formatBucket', () => {
  it('names an hour or a day in UTC, short for a tick and whole for a tooltip', () => {
    expect(formatBucketTick('2026-03-05T14:00:00.000Z', 'hour')).toBe('14:00')
    expect(formatBucketTick('2026-03-05T00:00:00.000Z', 'day')).toBe('Mar 5')
    expect(formatBucket('2026-03-05T23:00:00.000Z', 'hour')).toBe('Mar 5, 23:00–00:00 UTC')
    expect(formatBucket('2026-03-05T00:00:00.000Z', 'day')).toBe('Mar 5, 2026 (UTC)')
    expect(formatBucketTick('nonsense', 'day')).toBe('—')
  })
})

describe('formatCost', () => {
  it('is formatCurrency everywhere: two decimals, four only under a cent, and nothing reported is $0.00', () => {
    for (const cost of [0, 0.004, 0.07, 1234.5, 0.5]) expect(formatCost(cost)).toBe(formatCurrency(cost))
    expect([formatCost(0.004), formatCost(0.07), formatCost(0), formatCost(undefined), formatCost(null)]).toEqual(['$0.0040', '$0.07', '$0.00', '$0.00', '$0.00'])
  })
})

describe('formatKind and naturalCompare', () => {
  it('says a constant-cased kind in words and leaves other text alone', () => {
    expect(formatKind('AUTOMATED')).toBe('Automated')
    expect(formatKind('HUMAN_REVIEW')).toBe('Human review')
    expect(formatKind('task')).toBe('task')
  })
  it('sorts names with numbers as people read them', () => {
    expect(['batch-10', 'batch-2', 'batch-1', 'Alpha'].sort(naturalCompare)).toEqual(['Alpha', 'batch-1', 'batch-2', 'batch-10'])
  })
})
