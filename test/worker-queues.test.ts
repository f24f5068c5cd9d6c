// The Workers page's queues and the execution page's runner line read one rule: a task type whose
// tasks wait with no live worker serving it. And queues sort as people count: batch-2 before batch-10.
import { describe, expect, it } from 'vitest'
import { naturalCompare, unservedQueues, unservedWaiting } from '@/server/domain/workers'

describe('task queues', () => {
  const queues = [
    { organization: 'org-a', task: 'summarise', pending: 0, workers: 1 },
    { organization: 'org-a', task: 'archive', pending: 2, workers: 0 },
    { organization: 'org-a', task: 'export', pending: 1, workers: 0 },
    { organization: 'org-b', task: 'export', pending: 0, workers: 2 },
  ]

  it('warns of the types whose tasks wait with no live worker', () => {
    expect(unservedQueues(queues).map((q) => `${q.organization}/${q.task}`)).toEqual(['org-a/archive', 'org-a/export'])
  })

  it('says which of an execution’s pending tasks no live worker serves', () => {
    expect(unservedWaiting([{ task: 'archive' }, { task: 'archive' }], queues)).toBe('no live worker serves archive')
    // A type some organisation's live worker serves is not reported; a served type neither.
    expect(unservedWaiting([{ task: 'export' }, { task: 'summarise' }], queues)).toBeUndefined()
    expect(unservedWaiting([], queues)).toBeUndefined()
  })

  it('sorts numbers within names as numbers', () => {
    expect(['batch-10', 'batch-2', 'Batch-1', 'alpha'].sort(naturalCompare)).toEqual(['alpha', 'Batch-1', 'batch-2', 'batch-10'])
  })
})
