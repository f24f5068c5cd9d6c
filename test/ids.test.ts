// Ids the write path makes: UUIDv7 correlation ids are valid version-7 UUIDs and sort by time.
import { describe, expect, it } from 'vitest'
import { newId, uuidv7 } from '@/server/services/ids'

describe('ids', () => {
  it('makes RFC 9562 version 7 UUIDs that sort by their time', () => {
    const early = uuidv7(Date.UTC(2026, 0, 1))
    const late = uuidv7(Date.UTC(2026, 0, 1, 0, 0, 0, 1))
    expect(early).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(early < late).toBe(true)
    expect(parseInt(early.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2026, 0, 1))
    expect(new Set(Array.from({ length: 1000 }, () => uuidv7(0))).size).toBe(1000)
  })

  it('makes prefixed ids that sort by time, then by order within a millisecond', () => {
    const ids = [newId('step', 5), newId('step', 5), newId('step', 6)]
    expect([...ids].sort()).toEqual(ids)
    expect(ids[0]).toMatch(/^step_/)
  })
})
