import { describe, expect, it } from 'vitest'
import { ACTION_STATUS, executionsToItemList, executionToAction, negotiate, wantsJsonLd } from '@/server/domain/json-ld'
import { EXECUTION_STATUSES } from '@/server/domain/lifecycle'
import type { ServiceExecution } from '@/server/domain/execution'

const execution = (over: Partial<ServiceExecution> = {}): ServiceExecution => ({
  $type: 'ServiceExecution',
  $id: 'exec-1',
  order: 'order-123',
  service: 'sdr-service',
  status: 'running',
  runtimeStatus: 'InProgress',
  progress: 40,
  priority: 'normal',
  timeout: 3_600_000,
  tags: [],
  metadata: { createdAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T10:05:00.000Z' },
  metrics: { startedAt: '2026-12-01T10:01:00.000Z', stepsCompleted: 1, stepsTotal: 3 },
  correlationId: 'exec-1',
  version: 3,
  allowedOperations: ['pause', 'cancel'],
  ...over,
})

describe('content negotiation', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['*/*', false],
    ['application/json', false],
    ['application/*', false],
    ['application/ld+json', true],
    ['Application/LD+JSON', true],
    ['application/ld+json; profile="https://schema.org"', true],
    ['application/json, application/ld+json', false], // a tie keeps today's JSON
    ['application/json;q=0.5, application/ld+json', true],
    ['application/ld+json;q=0.9, application/json', false],
    ['application/ld+json, */*;q=0.1', true],
    ['application/ld+json;q=0, */*', false], // q=0 refuses it
    ['application/ld+json;q=0.8, application/*;q=0.5', true],
    ['application/ld+json;q=abc, application/json;q=0.1', false], // a malformed q is ignored
    ['text/html', false], // accepts neither: JSON, not 406
  ])('Accept %j → JSON-LD %s', (accept, ld) => {
    expect(wantsJsonLd(accept)).toBe(ld)
  })

  it('gives the first offered type on a tie and the most specific range its q', () => {
    expect(negotiate('text/*;q=0.3, text/plain;q=0.9', ['text/html', 'text/plain'])).toBe('text/plain')
    expect(negotiate('*/*', ['b/b', 'a/a'])).toBe('b/b')
  })
})

describe('an execution as a schema.org/Action', () => {
  it('maps every lifecycle status to an ActionStatusType', () => {
    expect(Object.keys(ACTION_STATUS).sort()).toEqual([...EXECUTION_STATUSES].sort())
    expect(ACTION_STATUS).toMatchObject({
      queued: 'PotentialActionStatus',
      running: 'ActiveActionStatus',
      paused: 'ActiveActionStatus',
      retry: 'ActiveActionStatus',
      completed: 'CompletedActionStatus',
      failed: 'FailedActionStatus',
      cancelled: 'FailedActionStatus',
    })
  })

  it("follows seed 001's property mapping for a completed run of an AI agent", () => {
    const ld = executionToAction(
      execution({
        status: 'completed',
        progress: 100,
        assignee: { type: 'ai-agent', id: 'claude-sdr-1', name: 'Claude SDR Agent', model: 'claude-sonnet-4.5' },
        result: { success: true, output: { emails_sent: 1 }, summary: 'Sent 1 email', artifacts: ['https://files.example.com/r.pdf'] },
        metrics: { startedAt: '2026-12-01T10:01:00.000Z', completedAt: '2026-12-01T10:09:00.000Z', stepsCompleted: 3, stepsTotal: 3 },
      }),
      'https://console.example.com/',
    )
    expect(ld).toMatchObject({
      '@type': 'Action',
      '@id': 'https://console.example.com/executions/exec-1',
      identifier: 'exec-1',
      actionStatus: 'https://schema.org/CompletedActionStatus',
      status: 'completed',
      agent: { '@type': 'SoftwareApplication', identifier: 'claude-sdr-1', name: 'Claude SDR Agent', softwareVersion: 'claude-sonnet-4.5' },
      object: { '@type': 'Order', '@id': 'https://console.example.com/api/orders/order-123' },
      instrument: { '@type': 'Service', '@id': 'https://console.example.com/api/services/sdr-service' },
      result: { description: 'Sent 1 email', success: true, output: { emails_sent: 1 }, url: ['https://files.example.com/r.pdf'] },
      startTime: '2026-12-01T10:01:00.000Z',
      endTime: '2026-12-01T10:09:00.000Z',
    })
    expect(ld['@context']).toContain('https://schema.org')
    expect(ld).not.toHaveProperty('error')
  })

  it('names the agent by its kind: a person, a team, a system', () => {
    const agent = (type: 'human' | 'hybrid' | 'system') => executionToAction(execution({ assignee: { type, id: 'a', name: 'A' } }), 'http://x').agent
    expect(agent('human')).toEqual({ '@type': 'Person', identifier: 'a', name: 'A' })
    expect(agent('hybrid')).toEqual({ '@type': 'Organization', identifier: 'a', name: 'A' })
    expect(agent('system')).toMatchObject({ '@type': 'SoftwareApplication' })
    expect(executionToAction(execution(), 'http://x')).not.toHaveProperty('agent')
  })

  it('carries the error of a failure, and a cancellation as a failed action with its reason', () => {
    const failed = executionToAction(
      execution({ status: 'failed', error: { code: 'API_TIMEOUT', message: 'External API timeout after 30s', step: 'fetch-data', recoverable: true, retryCount: 0 } }),
      'http://x',
    )
    expect(failed).toMatchObject({
      actionStatus: 'https://schema.org/FailedActionStatus',
      error: { '@type': 'Thing', name: 'API_TIMEOUT', description: 'External API timeout after 30s', step: 'fetch-data', recoverable: true, retryCount: 0 },
    })
    const cancelled = executionToAction(execution({ status: 'cancelled', cancelReason: 'User requested cancellation' }), 'http://x')
    expect(cancelled).toMatchObject({
      actionStatus: 'https://schema.org/FailedActionStatus',
      status: 'cancelled',
      error: { name: 'CANCELLED', description: 'cancelled: User requested cancellation' },
    })
    // A retried execution keeps its last error in the console's JSON, but is under way again.
    const retrying = executionToAction(execution({ status: 'retry', error: { code: 'X', message: 'm', recoverable: true, retryCount: 1 } }), 'http://x')
    expect(retrying).toMatchObject({ actionStatus: 'https://schema.org/ActiveActionStatus' })
    expect(retrying).not.toHaveProperty('error')
  })

  it('escapes ids in the addresses it makes', () => {
    expect(executionToAction(execution({ $id: 'a/b c' }), 'http://x')['@id']).toBe('http://x/executions/a%2Fb%20c')
  })
})

describe('a page of executions as a schema.org/ItemList', () => {
  it('lists each as a positioned Action under one context, with the cursor of the next page', () => {
    const list = executionsToItemList({ items: [execution(), execution({ $id: 'exec-2', status: 'queued' })], nextCursor: 'abc' }, 'http://x')
    expect(list).toMatchObject({
      '@type': 'ItemList',
      numberOfItems: 2,
      nextCursor: 'abc',
      itemListElement: [
        { '@type': 'ListItem', position: 1, item: { '@id': 'http://x/executions/exec-1', actionStatus: 'https://schema.org/ActiveActionStatus' } },
        { '@type': 'ListItem', position: 2, item: { '@id': 'http://x/executions/exec-2', actionStatus: 'https://schema.org/PotentialActionStatus' } },
      ],
    })
    expect((list.itemListElement as { item: object }[])[0]!.item).not.toHaveProperty('@context')
  })
})
