// A refused form says which of its fields was wrong by the field's label, and the value it sent:
// never the input path the server names it by ("patch.applicableErrors.0: …").
import { describe, expect, it } from 'vitest'
import { formError } from '@/components/form-errors'

const LABELS = {
  applicableErrors: 'Error codes',
  name: 'Name',
  'retry.maxRetries': 'Max retries',
  capacity: 'Capacity',
  window: ['Refill window', (v: unknown) => `${Number(v) / 1000} s`],
} as const
const CODE = 'an error code such as API_TIMEOUT, a prefix such as API_*, or * for every code'

describe('formError', () => {
  it('names a validation issue by its label and shows the value sent, wherever in the input it is', () => {
    const input = { id: 'rs_1', patch: { applicableErrors: ['API_TIMEOUT', 'bad code'], name: 'x' } }
    const error = { message: `patch.applicableErrors.1: ${CODE}`, data: { issues: [{ path: 'patch.applicableErrors.1', message: CODE }] } }
    expect(formError(error, input, LABELS)).toBe(`Error codes: ${CODE} (got "bad code")`)
  })

  it('says every issue; a dotted label wins over a key alone; a value is cut short; one the form does not label keeps its path', () => {
    const input = { name: 'n'.repeat(500), retry: { maxRetries: 99 }, extra: 1 }
    const error = {
      message: '…',
      data: {
        issues: [
          { path: 'name', message: 'at most 200 characters' },
          { path: 'retry.maxRetries', message: 'at most 10' },
          { path: 'extra', message: 'unknown field' },
        ],
      },
    }
    const said = formError(error, input, LABELS).split('; ')
    expect(said[0]).toMatch(/^Name: at most 200 characters \(got "n{30,}…n+"\)$/)
    expect(said[0]!.length).toBeLessThan(120)
    expect(said[1]).toBe('Max retries: at most 10 (got "99")')
    expect(said[2]).toBe('extra: unknown field')
  })

  it("puts a service's refusal of one field under its label, the value as the form shows it", () => {
    const input = { id: 'res_1', patch: { capacity: 2, window: 90_000 } }
    expect(formError({ message: 'capacity: task definition t@1.0.0 requires 3', data: { issues: null, field: 'capacity' } }, input, LABELS)).toBe(
      'Capacity: task definition t@1.0.0 requires 3 (got "2")',
    )
    expect(formError({ message: 'patch.window: at least 1 s', data: { field: 'patch.window' } }, input, LABELS)).toBe('Refill window: at least 1 s (got "90 s")')
    // Not about a field, or no data (a network failure): as the server said it.
    expect(formError({ message: 'resource res_1 not found', data: { field: null } }, input, LABELS)).toBe('resource res_1 not found')
    expect(formError({ message: 'Failed to fetch' }, input, LABELS)).toBe('Failed to fetch')
  })
})
