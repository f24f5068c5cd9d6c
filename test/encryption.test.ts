// Encryption at rest: results, step input and output, log context and webhook secrets are not in
// the database file in the clear, and read back through the API as they were written.
import Database from 'better-sqlite3'
import { readFileSync, existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { open, seal, sealJson, sealValue } from '@/server/security/crypto'
import { operator, testServices } from './helpers'

describe('encryption at rest', () => {
  it('round-trips values and refuses a tampered one', () => {
    const sealed = seal({ secret: 'value', n: 1 })
    expect(sealed).toMatch(/^enc:v1:[0-9a-f]{8}:/)
    expect(sealed).not.toContain('value')
    expect(open(sealed)).toEqual({ secret: 'value', n: 1 })
    expect(open({ plain: true })).toEqual({ plain: true }) // written before encryption
    const tampered = sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA')
    expect(() => open(tampered)).toThrow()
  })

  it('stores empty objects and arrays as they are, and seals everything else', () => {
    // A sealed value's length is the plain value's (GCM), so an empty one hides nothing.
    expect(sealValue({})).toEqual({})
    expect(sealValue([])).toEqual([])
    for (const value of [{ a: 1 }, [0], '', 0, false, 'x', new Date(0)]) {
      const sealed = sealValue(value)
      expect(sealed, JSON.stringify(value)).toMatch(/^enc:v1:/)
      expect(open(sealed)).toEqual(JSON.parse(JSON.stringify(value)))
    }
    expect(sealJson({})).toBe('{}')
    expect(sealJson({ a: 1 })).toMatch(/^"enc:v1:/)
  })

  it('keeps results, step data, log context and webhook secrets out of the database file', async () => {
    const t = await testServices()
    const e = await t.executions.create(operator, {
      service: 'sdr-service',
      steps: [{ id: 'research', input: { lead: 'MARKER-INPUT-7f3a' } }],
      webhooks: [{ url: 'https://hooks.example.com/x', events: ['execution.completed'], secret: 'whsec_MARKERSECRET7f3a0000000000000000' }],
    })
    await t.executions.start(e.$id, operator)
    await t.executions.startStep(e.$id, operator, { id: 'research' })
    await t.executions.completeStep(e.$id, operator, 'research', { output: { talking_points: ['MARKER-OUTPUT-7f3a'] } })
    await t.executions.log(e.$id, operator, [{ level: 'info', message: 'MARKER-MESSAGE-7f3a', context: { email: 'MARKER-CONTEXT-7f3a@example.com' } }])
    await t.executions.complete(e.$id, operator, { success: true, output: { summary: 'MARKER-RESULT-7f3a' }, summary: 'done' })

    const got = await t.queries.get(e.$id)
    expect(got.result?.output).toEqual({ summary: 'MARKER-RESULT-7f3a' })
    expect(got.steps![0]).toMatchObject({ input: { lead: 'MARKER-INPUT-7f3a' }, output: { talking_points: ['MARKER-OUTPUT-7f3a'] } })
    expect((await t.queries.logs(e.$id, { limit: 10 })).items[0]!.context).toEqual({ email: 'MARKER-CONTEXT-7f3a@example.com' })
    // Search reads through the seal, from the start or from the tail, as it did in the clear.
    await t.executions.log(e.$id, operator, Array.from({ length: 4_500 }, (_, i) => ({ level: 'info' as const, message: i === 4_321 ? 'needle in the MARKER haystack' : `line ${i}` })))
    expect((await t.queries.logs(e.$id, { search: 'marker-message', limit: 10 })).items.map((l) => l.message)).toEqual(['MARKER-MESSAGE-7f3a'])
    expect((await t.queries.logs(e.$id, { search: 'NEEDLE', latest: true, limit: 10 })).items.map((l) => l.message)).toEqual(['needle in the MARKER haystack'])
    const both = await t.queries.logs(e.$id, { search: 'marker', limit: 1 })
    expect([both.items.map((l) => l.message), both.nextCursor]).toEqual([['MARKER-MESSAGE-7f3a'], both.items[0]!.id])
    expect(JSON.stringify(await t.queries.checkpoints(e.$id))).not.toContain('MARKER-OUTPUT') // no checkpoint unless paused; then sealed

    await t.db.$disconnect()
    const raw = new Database(t.file)
    raw.pragma('wal_checkpoint(TRUNCATE)')
    raw.close()
    const bytes = Buffer.concat([readFileSync(t.file), existsSync(`${t.file}-wal`) ? readFileSync(`${t.file}-wal`) : Buffer.alloc(0)]).toString('latin1')
    expect(bytes).toContain('hooks.example.com') // the check can see what is stored in the clear
    for (const marker of ['MARKER-RESULT-7f3a', 'MARKER-INPUT-7f3a', 'MARKER-OUTPUT-7f3a', 'MARKER-CONTEXT-7f3a', 'MARKERSECRET7f3a', 'MARKER-MESSAGE-7f3a']) {
      expect(bytes, marker).not.toContain(marker)
    }
  })
})

describe('key rotation', () => {
  it('re-seals old-key values with the new key, after which the old key can go', async () => {
    const { randomBytes } = await import('node:crypto')
    const { keyringOf, useKeyring, currentKeyId } = await import('@/server/security/crypto')
    const { reencryptAll } = await import('@/server/security/rotate')
    const { openWriter } = await import('@/server/db/writer')
    const oldKey = randomBytes(32)
    const newKey = randomBytes(32)
    useKeyring(keyringOf(oldKey))
    const t = await testServices()
    const e = await t.executions.create(operator, { service: 'sdr-service', steps: [{ id: 's', input: { q: 1 } }], webhooks: [{ url: 'https://hooks.example.com/y', events: ['execution.completed'] }] })
    await t.executions.start(e.$id, operator)
    await t.executions.log(e.$id, operator, [{ level: 'info', message: 'm', context: { k: 'v' } }])
    await t.executions.startStep(e.$id, operator, { id: 's' })
    await t.executions.completeStep(e.$id, operator, 's', { output: { found: 2 } })
    await t.executions.pause(e.$id, operator) // a checkpoint whose results hold the sealed output
    await t.executions.resume(e.$id, operator)
    await t.executions.complete(e.$id, operator, { success: true, output: { done: 1 }, summary: 'ok' })
    const oldId = currentKeyId()

    useKeyring(keyringOf(newKey, [oldKey]))
    const changed = await reencryptAll(openWriter(t.file), 2)
    expect(changed).toBeGreaterThanOrEqual(5) // result, step input, log context and message, webhook secret
    const raw = new Database(t.file, { readonly: true })
    const dump = JSON.stringify([
      raw.prepare('SELECT result FROM "Execution"').all(),
      raw.prepare('SELECT input FROM "ExecutionStep"').all(),
      raw.prepare('SELECT context, message FROM "ExecutionLog"').all(),
      raw.prepare('SELECT secret FROM "Webhook"').all(),
      raw.prepare('SELECT state FROM "ExecutionCheckpoint"').all(),
    ])
    raw.close()
    expect(dump).not.toContain(`enc:v1:${oldId}:`)
    expect(dump).toContain(`enc:v1:${currentKeyId()}:`)

    useKeyring(keyringOf(newKey)) // the old key is gone
    expect((await t.queries.get(e.$id)).result?.output).toEqual({ done: 1 })
    expect((await t.queries.logs(e.$id, { limit: 5 })).items[0]!.context).toEqual({ k: 'v' })
    expect((await t.queries.steps(e.$id))[0]!.input).toEqual({ q: 1 })
    expect((await t.queries.checkpoints(e.$id))[0]!.state.results).toEqual({ s: { found: 2 } })
  })
})
