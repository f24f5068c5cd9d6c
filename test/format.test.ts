// Durations and assignees as the pages print them: never "7m 60s".
import { describe, expect, it } from 'vitest'
import { formatAssignee, formatDuration } from '@/components/format'

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
