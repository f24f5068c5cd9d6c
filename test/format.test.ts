// Durations and assignees as the pages print them: never "7m 60s".
import { describe, expect, it } from 'vitest'
import { formatAssignee, formatDuration, formatRelative } from '@/components/format'

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
