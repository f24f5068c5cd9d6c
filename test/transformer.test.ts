// The tRPC transformer: superjson's format with a fast path for plain JSON; either side may be
// plain superjson.
import { describe, expect, it } from 'vitest'
import superjson from 'superjson'
import { deserialize, serialize } from '../src/trpc/transformer'

describe('the tRPC transformer', () => {
  it('sends plain JSON as superjson without annotations, and reads it back unchanged', () => {
    const value = { id: 'exec_1', steps: [{ n: 1, ok: true, at: '2026-12-02T10:00:00.000Z' }], nothing: null, nested: { deep: ['a', 2] } }
    const payload = serialize(value)
    expect(payload).toEqual({ json: value })
    expect(payload.meta).toBeUndefined()
    expect(deserialize(payload)).toEqual(value)
    expect(superjson.deserialize(payload)).toEqual(value)
  })

  it('falls back to superjson for what JSON would lose, and restores it', () => {
    const when = new Date('2026-12-02T10:00:00.000Z')
    for (const value of [
      { when },
      { list: [1, undefined, 3] },
      { n: Number.NaN },
      { n: Infinity },
      { n: -0 },
      { big: 10n },
      { set: new Set([1, 2]) },
      { map: new Map([['a', 1]]) },
      { deep: { deeper: [{ when }] } },
    ]) {
      const payload = serialize(value)
      expect(payload.meta, JSON.stringify(payload)).toBeDefined()
      expect(deserialize(payload)).toEqual(value)
      expect(superjson.deserialize(payload)).toEqual(value)
    }
    expect(deserialize<{ when: Date }>(serialize({ when })).when).toBeInstanceOf(Date)
  })

  it('reads what plain superjson sends (the tests’ clients)', () => {
    const value = { when: new Date(0), ids: ['a'], plain: { x: 1 } }
    expect(deserialize(superjson.serialize(value))).toEqual(value)
    expect(deserialize(superjson.serialize({ x: 1 }))).toEqual({ x: 1 })
  })

  it('reads shared references as the copies the JSON carries, so a few bytes cannot stand for millions of nodes', () => {
    const shared = { x: 1 }
    const value = { when: new Date(0), a: shared, b: shared }
    const payload = superjson.serialize(value)
    expect(payload.meta?.referentialEqualities).toBeDefined()
    expect(deserialize(payload)).toEqual(value)
    // Each level's `b` made the same object as its `a`: 2^20 nodes, were the sharing applied.
    type Level = { a: Level | null; b: Level | null }
    let json: Level | null = null
    const refs: Record<string, string[]> = {}
    for (let i = 0; i < 20; i++) json = { a: json, b: null }
    for (let i = 0, path = 'root'; i < 19; i++, path += '.a') refs[`${path}.a`] = [`${path}.b`]
    const read = deserialize<{ root: Level }>({ json: { root: json }, meta: { referentialEqualities: refs } } as never)
    expect([read.root.b, read.root.a!.b, read.root.a!.a!.b]).toEqual([null, null, null])
  })

  it('refuses annotations nested past what it can read, saying so', () => {
    const values = JSON.parse(`{"a":${'['.repeat(5_000)}${']'.repeat(5_000)}}`)
    expect(() => deserialize({ json: { a: 1 }, meta: { values } } as never)).toThrow('input: its superjson annotations are nested too deeply to read')
  })

  it('leaves undefined object fields out, as JSON does', () => {
    expect(deserialize(serialize({ a: 1, b: undefined }))).toEqual({ a: 1 })
  })

  it('treats a class instance or an object without the plain prototype as not plain', () => {
    class Point {
      constructor(readonly x: number) {}
    }
    expect(serialize({ p: new Point(1) }).meta).toBeUndefined() // superjson itself sends unknown classes as plain objects
    expect(serialize(Object.create(null))).toEqual({ json: {} })
    expect(serialize({ e: new Error('boom') }).meta).toBeDefined()
  })

  it('does not recurse without end on deep input', () => {
    let deep: unknown = 'leaf'
    for (let i = 0; i < 500; i++) deep = { d: deep }
    expect(deserialize(serialize(deep))).toEqual(deep)
  })
})
