// The launchpad's form from a JSON Schema: which control each field gets, its defaults and a
// replay's values, the checks shown beside each field before anything is sent, and the server's
// refusal split by field.
import { describe, expect, it } from 'vitest'
import { boundsOf, draftOf, fieldsOf, inputOf, parseField, serverProblems, valuesOf } from '@/components/launch/schema-form'

const schema = {
  type: 'object',
  required: ['company', 'plan'],
  properties: {
    company: { type: 'string', minLength: 2, description: 'Legal name' },
    seats: { type: 'integer', minimum: 1, maximum: 500, default: 10 },
    budget: { type: 'number', exclusiveMinimum: 0 },
    plan: { enum: ['starter', 'team', 'enterprise'], default: 'team' },
    trial: { type: 'boolean', default: true },
    contacts: { type: 'array', items: { type: 'string' } },
    code: { type: 'string', pattern: '^[A-Z]{3}$' },
  },
}

describe('the form from a schema', () => {
  it('gives each property its control, required marks, hints and defaults', () => {
    const fields = fieldsOf(schema)!
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['company', 'string', true],
      ['seats', 'integer', false],
      ['budget', 'number', false],
      ['plan', 'enum', true],
      ['trial', 'boolean', false],
      ['contacts', 'json', false],
      ['code', 'string', false],
    ])
    expect(fields[0]).toMatchObject({ description: 'Legal name', minLength: 2 })
    expect(valuesOf(fields)).toEqual({ company: '', seats: '10', budget: '', plan: '1', trial: true, contacts: '', code: '' })
    // Not an object of properties: edited as JSON only.
    expect(fieldsOf({ type: 'array' })).toBeNull()
    expect(fieldsOf(null)).toBeNull()
  })

  it("prefills a replay's input, keeping fields the form does not show", () => {
    const fields = fieldsOf(schema)!
    const values = valuesOf(fields, { company: 'Acme', seats: 3, plan: 'enterprise', trial: false, contacts: ['ann'], extra: { kept: true } })
    expect(values).toMatchObject({ company: 'Acme', seats: '3', plan: '2', trial: false, contacts: '[\n  "ann"\n]' })
    expect(inputOf(fields, values, { extra: { kept: true }, company: 'old' })).toEqual({
      input: { extra: { kept: true }, company: 'Acme', seats: 3, plan: 'enterprise', trial: false, contacts: ['ann'] },
      problems: {},
    })
  })

  it('says what is wrong with each field, as the server would', () => {
    const fields = fieldsOf(schema)!
    const { problems } = inputOf(fields, { company: 'A', seats: '0', budget: '0', plan: '', trial: false, contacts: '{', code: 'abc' })
    expect(problems).toEqual({
      company: 'must NOT have fewer than 2 characters',
      seats: 'must be >= 1',
      budget: 'must be > 0',
      plan: 'is required',
      contacts: 'is not valid JSON',
      code: 'must match pattern "^[A-Z]{3}$"',
    })
    const seats = fields.find((f) => f.name === 'seats')!
    expect(parseField(seats, '2.5')).toEqual({ problem: 'must be integer' })
    expect(parseField(seats, '501')).toEqual({ problem: 'must be <= 500' })
    expect(
      parseField(
        fields.find((f) => f.name === 'contacts')!,
        '{"a":1}',
      ),
    ).toEqual({ problem: 'must be array' })
  })

  it('checks string formats as the server does, before anything is sent', () => {
    const [email, when, site, odd] = fieldsOf({
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email' },
        when: { type: 'string', format: 'date-time' },
        site: { type: 'string', format: 'uri' },
        odd: { type: 'string', format: 'made-up' },
      },
    })!
    expect(parseField(email!, 'not-an-email')).toEqual({ problem: 'must match format "email"' })
    expect(parseField(email!, 'ada@example.com')).toEqual({ value: 'ada@example.com' })
    expect(parseField(when!, '2026-02-30T10:00:00Z')).toEqual({ problem: 'must match format "date-time"' })
    expect(parseField(when!, '2026-02-28T10:00:00Z')).toEqual({ value: '2026-02-28T10:00:00Z' })
    expect(parseField(site!, 'example dot com')).toEqual({ problem: 'must match format "uri"' })
    // A format the form does not know is left to the server.
    expect(parseField(odd!, 'anything')).toEqual({ value: 'anything' })
  })

  it("splits the server's refusal by field", () => {
    const fields = fieldsOf(schema)!
    const message = "input: does not match workflow onboard's inputSchema: company: is required; seats: must be >= 1; (the value): must NOT have additional properties (x)"
    expect(serverProblems(message, fields)).toEqual({ company: 'is required', seats: 'must be >= 1' })
  })
})

describe('editing as JSON, and the fields’ hints', () => {
  const fields = fieldsOf({
    type: 'object',
    required: ['company'],
    properties: {
      company: { type: 'string', minLength: 2 },
      seats: { type: 'integer', minimum: 1 },
      budget: { type: 'number' },
      extra: { type: 'object' },
      note: { type: 'string' },
    },
  })!

  it('keeps a value its field refuses, as typed, when the form becomes JSON (only empty fields are left out)', () => {
    const values = { company: 'A', seats: '0', budget: 'lots', extra: '{ not json', note: '' }
    expect(Object.keys(inputOf(fields, values).problems).sort()).toEqual(['budget', 'company', 'extra', 'seats'])
    expect(draftOf(fields, values, { kept: true })).toEqual({ kept: true, company: 'A', seats: 0, budget: 'lots', extra: '{ not json' })
    // Valid values are the same as the form would send.
    const valid = { company: 'Acme', seats: '3', budget: '2.5', extra: '{"a":1}', note: 'hi' }
    expect(draftOf(fields, valid)).toEqual(inputOf(fields, valid).input)
  })

  it('says one character in the singular', () => {
    const [company] = fieldsOf({ type: 'object', properties: { company: { type: 'string', minLength: 1 } } })!
    expect(boundsOf(company!)).toBe('at least 1 character')
    const [code] = fieldsOf({ type: 'object', properties: { code: { type: 'string', minLength: 2, maxLength: 8 } } })!
    expect(boundsOf(code!)).toBe('2–8 characters')
    const [seats] = fieldsOf({ type: 'object', properties: { seats: { type: 'integer', minimum: 1 } } })!
    expect(boundsOf(seats!)).toBe('at least 1')
  })
})
