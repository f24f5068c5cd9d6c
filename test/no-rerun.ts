// The kill tests' check: in commit order, no step starts again once its completion is committed,
// and none completes twice.
import { expect } from 'vitest'

export function expectNoStepRerun(events: readonly { executionId: string; stepId: string; type: string }[]) {
  const completed = new Set<string>()
  for (const e of events) {
    const key = `${e.executionId}/${e.stepId}`
    if (e.type === 'execution.step.started') expect(completed.has(key), `${key} started after it completed`).toBe(false)
    else {
      expect(completed.has(key), `${key} completed twice`).toBe(false)
      completed.add(key)
    }
  }
}
