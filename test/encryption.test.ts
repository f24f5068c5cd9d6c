// Encryption at rest: results, step input and output, log context and webhook secrets are not in
// the database file in the clear, and read back through the API as they were written.
import Database from 'better-sqlite3'
import { readFileSync, existsSync } from 'node:fs'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { isPostgresUrl } from '@/server/db/database-url.mjs'
import { open, seal, sealJson, sealValue } from '@/server/security/crypto'
import { forgetConfig } from '@/server/config'
import { operator, testServices } from './helpers'

/**
 * What the database holds at rest: SQLite's file and its WAL (checkpointed first when asked), or on
 * PostgreSQL every row of every table as text (its files are the server's, not ours to read).
 */
async function storedAtRest(file: string, checkpoint = false): Promise<string> {
  if (isPostgresUrl(file)) {
    const client = new pg.Client({ connectionString: file })
    await client.connect()
    try {
      const tables = await client.query<{ name: string }>(
        `SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
      )
      const rows: string[] = []
      for (const { name } of tables.rows) rows.push(...(await client.query<{ r: string }>(`SELECT row_to_json(x)::text AS r FROM "${name}" x`)).rows.map((x) => x.r))
      return rows.join('\n')
    } finally {
      await client.end()
    }
  }
  if (checkpoint) {
    const raw = new Database(file)
    raw.pragma('wal_checkpoint(TRUNCATE)')
    raw.close()
  }
  return [file, `${file}-wal`].map((f) => (existsSync(f) ? readFileSync(f).toString('latin1') : '')).join('\n')
}

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
    await t.executions.log(
      e.$id,
      operator,
      Array.from({ length: 4_500 }, (_, i) => ({ level: 'info' as const, message: i === 4_321 ? 'needle in the MARKER haystack' : `line ${i}` })),
    )
    expect((await t.queries.logs(e.$id, { search: 'marker-message', limit: 10 })).items.map((l) => l.message)).toEqual(['MARKER-MESSAGE-7f3a'])
    expect((await t.queries.logs(e.$id, { search: 'NEEDLE', latest: true, limit: 10 })).items.map((l) => l.message)).toEqual(['needle in the MARKER haystack'])
    const both = await t.queries.logs(e.$id, { search: 'marker', limit: 1 })
    expect([both.items.map((l) => l.message), both.nextCursor]).toEqual([['MARKER-MESSAGE-7f3a'], both.items[0]!.id])
    expect(JSON.stringify(await t.queries.checkpoints(e.$id))).not.toContain('MARKER-OUTPUT') // no checkpoint unless paused; then sealed

    await t.db.$disconnect()
    const bytes = await storedAtRest(t.file, true)
    expect(bytes).toContain('hooks.example.com') // the check can see what is stored in the clear
    for (const marker of ['MARKER-RESULT-7f3a', 'MARKER-INPUT-7f3a', 'MARKER-OUTPUT-7f3a', 'MARKER-CONTEXT-7f3a', 'MARKERSECRET7f3a', 'MARKER-MESSAGE-7f3a']) {
      expect(bytes, marker).not.toContain(marker)
    }
  })
})

describe('everything that may be sensitive is sealed at rest', () => {
  it('keeps no planted marker in the database or its WAL, while the API returns them all and searches still find them', async () => {
    const t = await testServices()
    // Every field issue 14 names, each with its own marker (upper case: stored sealed, the file
    // holds none of them in any case).
    const M = (name: string) => `MRK${name}Q9`
    const e = await t.executions.create(operator, {
      service: 'sdr-service',
      steps: [{ id: 'research' }, { id: 'draft' }],
      context: { account: M('CONTEXT') },
      metadata: { note: M('METADATA'), environment: 'production' },
      webhooks: [{ url: 'https://hooks.example.com/x', events: ['execution.failed'], headers: { authorization: `Bearer ${M('HEADER')}` } }],
    })
    await t.executions.update(e.$id, operator, { context: { account: M('CONTEXTTWO') }, metadata: { owner: M('METADATATWO') } })
    await t.executions.start(e.$id, operator)
    await t.executions.log(e.$id, operator, [{ level: 'error', message: `gateway said ${M('LOGLINE')}` }])
    await t.executions.checkpoint(e.$id, operator, { variables: { cursor: M('VARIABLE') } })
    await t.executions.startStep(e.$id, operator, { id: 'research' })
    await t.executions.failStep(e.$id, operator, 'research', { code: 'VALIDATION_ERROR', message: `step broke on ${M('STEPERROR')}`, context: { row: M('STEPCONTEXT') } })
    await t.executions.fail(e.$id, operator, {
      code: 'EXTERNAL_SERVICE_ERROR',
      message: `Payment gateway ${M('ERRORMESSAGE')} timeout after 30 s`,
      stack: `Error: at charge (${M('STACK')}.ts:1)`,
      context: { card: M('ERRORCONTEXT') },
    })
    const done = await t.executions.create(operator, { service: 'sdr-service' })
    await t.executions.start(done.$id, operator)
    await t.executions.complete(done.$id, operator, { success: true, output: { n: 1 }, summary: `wrote ${M('SUMMARY')}` })
    // Step metadata, a skip reason, a checkpoint's state as a caller sends it, a cancel reason.
    const c = await t.executions.create(operator, { service: 'sdr-service', status: 'running', steps: [{ id: 'x', metadata: { m: M('STEPMETA') } }, { id: 'y' }] })
    await t.executions.startStep(c.$id, operator, { id: 'x' })
    await t.executions.completeStep(c.$id, operator, 'x', { output: null, metadata: { n: M('STEPMETATWO') } })
    await t.executions.skipStep(c.$id, operator, 'y', { reason: M('SKIPREASON') })
    await t.executions.checkpoint(c.$id, operator, {
      step: 'x',
      state: { currentStep: 1, totalSteps: 2, completedSteps: ['x'], pendingSteps: [], variables: { v: M('APIVARIABLE') }, results: { x: M('APIRESULT') } },
    })
    await t.executions.cancel(c.$id, operator, { reason: M('CANCELREASON') })
    const group = (await t.services.failures.analytics({})).groups.find((g) => g.example.includes(M('ERRORMESSAGE')))!
    t.services.failures.decide(group.fingerprint, 'ignored', 'test-operator', ['org-provider', 'org-self-serve'])
    const hook = await t.services.catalog.addServiceWebhook('sdr-service', {
      url: 'https://hooks.example.com/s',
      events: ['execution.completed'],
      headers: { 'x-api-key': M('SERVICEHEADER') },
    })

    // The API returns each as it was given.
    const got = await t.queries.get(e.$id)
    expect(got.context).toEqual({ account: M('CONTEXTTWO') })
    expect(got.metadata).toMatchObject({ note: M('METADATA'), owner: M('METADATATWO') })
    expect(got.error).toMatchObject({
      message: `Payment gateway ${M('ERRORMESSAGE')} timeout after 30 s`,
      stack: `Error: at charge (${M('STACK')}.ts:1)`,
      context: { card: M('ERRORCONTEXT') },
    })
    expect(got.steps!.find((s) => s.id === 'research')!.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      message: `step broke on ${M('STEPERROR')}`,
      context: { row: M('STEPCONTEXT') },
    })
    expect((await t.queries.checkpoints(e.$id)).some((c) => c.state.variables.cursor === M('VARIABLE'))).toBe(true)
    // Header values are write-only, as the secret: sealed at rest, sent with deliveries, never read back.
    expect((await t.queries.webhooks(e.$id))[0]!.headers).toEqual({ authorization: '********' })
    expect(hook.headers).toEqual({ 'x-api-key': '********' })
    expect(JSON.stringify(await t.queries.get(e.$id))).not.toContain(M('HEADER'))
    const events = JSON.stringify([(await t.queries.events(e.$id, { limit: 100 })).items, (await t.queries.events(done.$id, { limit: 100 })).items])
    for (const name of ['STEPERROR', 'STEPCONTEXT', 'ERRORMESSAGE', 'STACK', 'ERRORCONTEXT', 'SUMMARY']) expect(events, name).toContain(M(name))
    expect(group.example).toBe(`Payment gateway ${M('ERRORMESSAGE')} timeout after 30 s`)
    const cancelled = await t.queries.get(c.$id)
    expect(cancelled.cancelReason).toBe(M('CANCELREASON'))
    expect(cancelled.steps!.map((s) => s.metadata)).toEqual([{ m: M('STEPMETA'), n: M('STEPMETATWO') }, { skipReason: M('SKIPREASON') }])
    expect((await t.queries.checkpoints(c.$id)).map((k) => [k.state.variables, k.state.results])).toContainEqual([{ v: M('APIVARIABLE') }, { x: M('APIRESULT') }])
    const cancelEvents = JSON.stringify((await t.queries.events(c.$id, { limit: 100 })).items)
    for (const name of ['SKIPREASON', 'CANCELREASON']) expect(cancelEvents, name).toContain(M(name))

    // Searches read through the seal: log search, and list search by the words of the error.
    expect((await t.queries.logs(e.$id, { search: M('LOGLINE').toLowerCase(), limit: 10 })).items).toHaveLength(1)
    const found = async (search: string) => (await t.queries.list({ search, sort: 'createdAt', order: 'desc', limit: 10 })).items.map((x) => x.$id)
    expect(await found(M('ERRORMESSAGE'))).toEqual([e.$id])
    expect(await found('gateway TIMEO')).toEqual([e.$id]) // every word, each from its beginning
    expect(await found('gateway refused')).toEqual([])
    expect(await found(e.$id.slice(-8))).toEqual([e.$id]) // ids still match by any part

    // Neither the database nor its WAL holds any marker in the clear, before or after a checkpoint.
    const markers = [
      'CONTEXT',
      'CONTEXTTWO',
      'METADATA',
      'METADATATWO',
      'HEADER',
      'SERVICEHEADER',
      'LOGLINE',
      'VARIABLE',
      'STEPERROR',
      'STEPCONTEXT',
      'ERRORMESSAGE',
      'STACK',
      'ERRORCONTEXT',
      'SUMMARY',
      'STEPMETA',
      'STEPMETATWO',
      'SKIPREASON',
      'APIVARIABLE',
      'APIRESULT',
      'CANCELREASON',
    ].map(M)
    const before = await storedAtRest(t.file)
    expect(before).toContain('hooks.example.com') // the check sees what is stored in the clear
    for (const marker of markers) expect(before, marker).not.toContain(marker)
    await t.db.$disconnect()
    const after = await storedAtRest(t.file, true)
    for (const marker of markers) expect(after, marker).not.toContain(marker)
  })
})

describe('where the key lives', () => {
  it('is made outside the data folder, so a copy of the data does not carry it; a key left there by an earlier version still opens its data', async () => {
    const { mkdtempSync, writeFileSync, readdirSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { loadKeyring, keyFile } = await import('@/server/security/crypto')
    const saved = { key: process.env.ENCRYPTION_KEY, file: process.env.ENCRYPTION_KEY_FILE, config: process.env.XDG_CONFIG_HOME }
    const config = mkdtempSync(join(tmpdir(), 'console-config-'))
    const data = mkdtempSync(join(tmpdir(), 'console-data-'))
    try {
      delete process.env.ENCRYPTION_KEY
      delete process.env.ENCRYPTION_KEY_FILE
      process.env.XDG_CONFIG_HOME = config
      forgetConfig() // the configuration is read once a process
      const ring = loadKeyring(data)
      expect(keyFile()).toBe(join(config, 'execution-console', 'encryption.key'))
      expect(existsSync(keyFile())).toBe(true)
      expect(readdirSync(data)).toEqual([]) // nothing beside the database
      expect(loadKeyring(data).current.id).toBe(ring.current.id) // the same key on the next start

      // An earlier version's key in the data folder is used (with a warning) until it is moved.
      const old = mkdtempSync(join(tmpdir(), 'console-old-'))
      const legacy = Buffer.alloc(32, 7).toString('base64')
      writeFileSync(join(old, 'encryption.key'), legacy)
      process.env.XDG_CONFIG_HOME = mkdtempSync(join(tmpdir(), 'console-config-'))
      forgetConfig()
      expect(loadKeyring(old).current.key.toString('base64')).toBe(legacy)

      process.env.ENCRYPTION_KEY_FILE = join(config, 'elsewhere', 'k')
      forgetConfig()
      expect(loadKeyring(data).current.id).not.toBe(ring.current.id)
      expect(existsSync(join(config, 'elsewhere', 'k'))).toBe(true)
    } finally {
      for (const [name, value] of [
        ['ENCRYPTION_KEY', saved.key],
        ['ENCRYPTION_KEY_FILE', saved.file],
        ['XDG_CONFIG_HOME', saved.config],
      ] as const) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
      forgetConfig()
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
    const e = await t.executions.create(operator, {
      service: 'sdr-service',
      steps: [{ id: 's', input: { q: 1 } }],
      webhooks: [{ url: 'https://hooks.example.com/y', events: ['execution.completed'] }],
    })
    await t.executions.start(e.$id, operator)
    await t.executions.log(e.$id, operator, [{ level: 'info', message: 'm', context: { k: 'v' } }])
    await t.executions.startStep(e.$id, operator, { id: 's' })
    await t.executions.completeStep(e.$id, operator, 's', { output: { found: 2 } })
    await t.executions.pause(e.$id, operator) // a checkpoint whose results hold the sealed output
    await t.executions.resume(e.$id, operator)
    await t.executions.complete(e.$id, operator, { success: true, output: { done: 1 }, summary: 'ok' })
    const f = await t.executions.create(operator, { service: 'sdr-service', context: { k: 1 } })
    await t.executions.start(f.$id, operator)
    await t.executions.fail(f.$id, operator, { code: 'TIMEOUT', message: 'Rotated gateway gave up', stack: 'at x', context: { c: 1 } })
    // Text that only looks sealed must not stop the walk; archived lines are re-sealed as well.
    const g = await t.executions.create(operator, { service: 'sdr-service', status: 'running', steps: [{ id: 's', name: 'enc:v1:abc:def:ghi:jkl' }] })
    await t.executions.startStep(g.$id, operator, { id: 's' }) // the name, in the clear, in its event
    await t.executions.cancel(g.$id, operator, { reason: 'enc:v1:abc:def:ghi:jkl' }) // sealed: opens to the look-alike
    await t.executions.log(g.$id, operator, [{ level: 'info', message: 'archived before the rotation', context: { old: true }, timestamp: '2020-01-01T00:00:00Z' }])
    expect((await t.services.retention.archive(86_400_000)).lines).toBe(1)
    const oldId = currentKeyId()

    useKeyring(keyringOf(newKey, [oldKey]))
    const { changed, unopened } = await reencryptAll(openWriter(t.file), { batch: 2, archives: t.services.retention.archives })
    expect(changed).toBeGreaterThanOrEqual(5) // result, step input, log context and message, webhook secret, …
    expect(unopened).toBe(1) // the look-alike step name in the step.started event
    const dump = JSON.stringify([
      t.reader.all('SELECT "result" FROM "Execution"', []),
      t.reader.all('SELECT "input" FROM "ExecutionStep"', []),
      t.reader.all('SELECT "context", "message" FROM "ExecutionLog"', []),
      t.reader.all('SELECT "secret" FROM "Webhook"', []),
      t.reader.all('SELECT "state" FROM "ExecutionCheckpoint"', []),
      t.reader.all('SELECT "errorMessage", "errorStack", "errorContext", "context" FROM "Execution"', []),
      t.reader.all('SELECT "data" FROM "ExecutionEvent"', []),
    ])
    expect(dump).not.toContain(`enc:v1:${oldId}:`)
    expect(dump).toContain(`enc:v1:${currentKeyId()}:`)

    useKeyring(keyringOf(newKey)) // the old key is gone
    expect((await t.queries.get(e.$id)).result?.output).toEqual({ done: 1 })
    expect((await t.queries.logs(e.$id, { limit: 5 })).items[0]!.context).toEqual({ k: 'v' })
    expect((await t.queries.steps(e.$id))[0]!.input).toEqual({ q: 1 })
    expect((await t.queries.checkpoints(e.$id))[0]!.state.results).toEqual({ s: { found: 2 } })
    expect((await t.queries.get(f.$id)).error).toMatchObject({ message: 'Rotated gateway gave up', stack: 'at x', context: { c: 1 } })
    expect((await t.queries.get(g.$id)).cancelReason).toBe('enc:v1:abc:def:ghi:jkl')
    expect((await t.queries.logs(g.$id, { limit: 5 })).items.map((l) => [l.message, l.context])).toEqual([['archived before the rotation', { old: true }]])
    expect((await t.queries.events(f.$id, { limit: 20 })).items.find((x) => x.type === 'execution.failed')!.data).toMatchObject({ error: { message: 'Rotated gateway gave up' } })
    // The error's blind index was made again with the new key: list search still finds it.
    expect((await t.queries.list({ search: 'rotated gatew', sort: 'createdAt', order: 'desc', limit: 5 })).items.map((x) => x.$id)).toEqual([f.$id])
  })
})

describe('values sealed with a key this process does not have', () => {
  it('are named by their key id (said once at start, runtime.ts), and a rotated key given as old is not unknown', async () => {
    const { randomBytes } = await import('node:crypto')
    const { keyringOf, useKeyring, seal, unknownKeyIds, loadKeyring } = await import('@/server/security/crypto')
    const a = randomBytes(32)
    const b = randomBytes(32)
    try {
      useKeyring(keyringOf(a))
      const byA = seal({ x: 1 })
      useKeyring(keyringOf(b))
      const byB = seal({ y: 2 })
      const idA = byA.split(':')[2]
      // As the context column holds them (JSON text of the sealed string), and as they are.
      expect(unknownKeyIds([JSON.stringify(byA), byB, 'plain text', null, byA])).toEqual([idA])
      useKeyring(keyringOf(b, [a]))
      expect(unknownKeyIds([JSON.stringify(byA), byB])).toEqual([])
    } finally {
      useKeyring(loadKeyring())
    }
  })
})
