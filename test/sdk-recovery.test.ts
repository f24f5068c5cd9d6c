// Seed 002's "Recovery Strategy Implementation" through the SDK against a real server: the
// example's strategy registered with addRecoveryStrategy (its shape kept, with the type and retry
// policy that say what its execute did), applied by supervision to a step a service reports
// failed — Retrying after 1s, 2s, 4s, then ABORT once its retries are exceeded, as the example's
// messages say — and removed with removeRecoveryStrategy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, RecoveryAction, ValidationError, type RecoveryResult, type RecoveryStrategy } from '@execution-console/sdk'
import { systemClock } from '@/server/lib/clock'
import { createSupervisor } from '@/server/supervision/supervisor'
import { principal, startRestServer } from './helpers'

let api: Awaited<ReturnType<typeof startRestServer>>
beforeAll(async () => {
  api = await startRestServer()
})
afterAll(async () => api.close())

describe("seed 002's recovery strategy through the SDK", () => {
  it('adds the example strategy, sees it applied with its RecoveryResults, and removes it', async () => {
    const key = api.access.apiKeys.create({ name: 'integration', organizationId: 'org-provider', scope: 'write' }, principal('admin', ['org-provider'])).key
    const engine = createClient({ url: api.origin, apiKey: key })

    // As written in seed 002, with what its execute does said as data: RETRY, 3 retries, 1 s doubling.
    const networkTimeoutRecovery: RecoveryStrategy = {
      id: 'network_timeout_recovery',
      name: 'Network Timeout Recovery',
      description: 'Retry with exponential backoff for network timeouts',
      applicableErrors: ['NETWORK_TIMEOUT', 'CONNECTION_REFUSED'],
      type: RecoveryAction.RETRY,
      retry: { maxRetries: 3, retryInterval: 1000, backoffMultiplier: 2 },
      async execute() {
        return { success: true, action: RecoveryAction.RETRY, message: 'unused: the console applies the strategy' }
      },
    }
    // Register recovery strategy
    const added = await engine.addRecoveryStrategy(networkTimeoutRecovery)
    expect(added).toMatchObject({ key: 'network_timeout_recovery', type: 'RETRY', applicableErrors: ['NETWORK_TIMEOUT', 'CONNECTION_REFUSED'], applications: 0 })
    expect((await engine.listRecoveryStrategies()).map((s) => s.key)).toEqual(['network_timeout_recovery'])

    // Only the callback, no type: refused, naming what to give.
    const { type: _type, retry: _retry, ...onlyExecute } = networkTimeoutRecovery
    await expect(engine.addRecoveryStrategy({ ...onlyExecute, id: 'callback_only' } as RecoveryStrategy)).rejects.toThrow(ValidationError)
    await expect(engine.addRecoveryStrategy({ ...onlyExecute, id: 'callback_only' } as RecoveryStrategy)).rejects.toMatchObject({ field: 'type' })

    // A service's execution whose step times out on the network, four times over.
    const execution = await engine.ServiceExecution.create({ service: 'integration-service' })
    const ticket = engine.ServiceExecution[execution.$id]!
    await ticket.start()
    await ticket.startStep({ id: 'fetch' })
    // Supervision on a clock of its own: each retry is due when the test says so.
    let now = Date.now()
    const supervisor = createSupervisor({
      store: api.writer,
      executions: api.services.executions,
      clock: { ...systemClock, now: () => now },
      silenceMs: 3_600_000,
      checkpointEveryMs: 3_600_000,
      recovery: api.services.recovery,
    })
    const results: RecoveryResult[] = []
    for (let attempt = 1; attempt <= 4; attempt++) {
      await ticket.failStep('fetch', { code: 'NETWORK_TIMEOUT', message: 'connect ETIMEDOUT 10.0.0.7:443' })
      await supervisor.tick()
      const events = (await api.call('GET', `/executions/${execution.$id}/events?limit=200`)).body.items as { type: string; data: { result: RecoveryResult } }[]
      results.splice(0, results.length, ...events.filter((e) => e.type === 'execution.recovery.applied').map((e) => e.data.result))
      if (attempt <= 3) {
        now += 10_000 // past the backoff
        await supervisor.tick()
        expect((await ticket.steps).find((s) => s.id === 'fetch')).toMatchObject({ status: 'running', attempt: attempt + 1 })
      }
    }
    expect(results.map((r) => r.message)).toEqual([
      'Retrying step fetch after 1s (attempt 1/3)',
      'Retrying step fetch after 2s (attempt 2/3)',
      'Retrying step fetch after 4s (attempt 3/3)',
      'Max retries (3) exceeded for NETWORK_TIMEOUT: the execution is aborted',
    ])
    expect(results.map((r) => [r.action, r.success])).toEqual([
      ['RETRY', true],
      ['RETRY', true],
      ['RETRY', true],
      ['ABORT', false],
    ])
    expect((await ticket.get()).status).toBe('failed')
    expect((await engine.listRecoveryStrategies())[0]!.applications).toBe(4)

    await engine.removeRecoveryStrategy('network_timeout_recovery')
    expect(await engine.listRecoveryStrategies()).toEqual([])
  })
})
