// A form from a JSON Schema, for the subset a workflow's input uses: an object whose properties
// are strings, numbers and integers (with their bounds), booleans and enums; anything else
// (arrays, nested objects, unions) is edited as JSON. Plain functions, so the form and its checks
// are tested without a browser; the server checks the whole schema again (Ajv) on every start.

import { fullFormats } from 'ajv-formats/dist/formats'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Schema = Record<string, unknown>

export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'json'

export interface Field {
  name: string
  kind: FieldKind
  label: string
  required: boolean
  description?: string
  /** enum: the allowed values, in order. */
  options?: Json[]
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  minLength?: number
  maxLength?: number
  pattern?: string
  /** string: a JSON Schema format (email, uri, date-time, uuid, …), checked as the server's Ajv checks it. */
  format?: string
  /** json: what the value must be ('array', 'object'), when the schema says. */
  jsonType?: string
  default?: Json
}

/** What a field holds while it is edited: text, or a checkbox's state. */
export type Raw = string | boolean
export type Values = Record<string, Raw>

const isObject = (v: unknown): v is Schema => v !== null && typeof v === 'object' && !Array.isArray(v)

/** The schema's fields, or null when it is not an object of properties (then it is edited as JSON only). */
export function fieldsOf(schema: unknown): Field[] | null {
  if (!isObject(schema) || !isObject(schema.properties)) return null
  if (schema.type !== undefined && schema.type !== 'object') return null
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : [])
  return Object.entries(schema.properties).map(([name, raw]) => {
    const p = isObject(raw) ? raw : {}
    const base: Field = {
      name,
      kind: kindOf(p),
      label: typeof p.title === 'string' ? p.title : name,
      required: required.has(name),
      ...(typeof p.description === 'string' ? { description: p.description } : {}),
      ...(p.default !== undefined ? { default: p.default as Json } : {}),
    }
    for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength'] as const)
      if (typeof p[key] === 'number') base[key] = p[key] as number
    if (typeof p.pattern === 'string') base.pattern = p.pattern
    if (typeof p.format === 'string' && base.kind === 'string') base.format = p.format
    if (base.kind === 'enum') base.options = (Array.isArray(p.enum) ? p.enum : [p.const]) as Json[]
    if (base.kind === 'json' && typeof p.type === 'string') base.jsonType = p.type
    return base
  })
}

function kindOf(p: Schema): FieldKind {
  if (Array.isArray(p.enum) || p.const !== undefined) return 'enum'
  if (p.type === 'string' || p.type === 'number' || p.type === 'integer' || p.type === 'boolean') return p.type
  return 'json'
}

/** The fields' values for an input (a replay's) or, without one, their defaults. */
export function valuesOf(fields: Field[], input?: Record<string, unknown>): Values {
  const values: Values = {}
  for (const f of fields) {
    const v = input ? input[f.name] : f.default
    if (f.kind === 'boolean') values[f.name] = v === true
    else if (f.kind === 'enum') values[f.name] = v === undefined ? '' : String(f.options!.findIndex((o) => JSON.stringify(o) === JSON.stringify(v)))
    else if (f.kind === 'json') values[f.name] = v === undefined ? '' : JSON.stringify(v, null, 2)
    else values[f.name] = v === undefined || v === null ? '' : String(v)
  }
  return values
}

/** What a field's text is as a value (undefined: left empty), or why it cannot be one. */
export function parseField(f: Field, raw: Raw): { value?: Json } | { problem: string } {
  if (f.kind === 'boolean') return { value: raw === true }
  const text = typeof raw === 'string' ? raw : ''
  if (text.trim() === '') return f.required ? { problem: 'is required' } : {}
  switch (f.kind) {
    case 'enum': {
      const option = f.options![Number(text)]
      return option === undefined ? { problem: `must be one of: ${f.options!.map((o) => JSON.stringify(o)).join(', ')}` } : { value: option }
    }
    case 'number':
    case 'integer': {
      const n = Number(text)
      if (!Number.isFinite(n)) return { problem: 'must be a number' }
      if (f.kind === 'integer' && !Number.isInteger(n)) return { problem: 'must be integer' }
      if (f.minimum !== undefined && n < f.minimum) return { problem: `must be >= ${f.minimum}` }
      if (f.maximum !== undefined && n > f.maximum) return { problem: `must be <= ${f.maximum}` }
      if (f.exclusiveMinimum !== undefined && n <= f.exclusiveMinimum) return { problem: `must be > ${f.exclusiveMinimum}` }
      if (f.exclusiveMaximum !== undefined && n >= f.exclusiveMaximum) return { problem: `must be < ${f.exclusiveMaximum}` }
      return { value: n }
    }
    case 'string': {
      const length = [...text].length
      if (f.minLength !== undefined && length < f.minLength) return { problem: `must NOT have fewer than ${f.minLength} characters` }
      if (f.maxLength !== undefined && length > f.maxLength) return { problem: `must NOT have more than ${f.maxLength} characters` }
      if (f.pattern !== undefined && !safeTest(f.pattern, text)) return { problem: `must match pattern "${f.pattern}"` }
      if (f.format !== undefined && !formatHolds(f.format, text)) return { problem: `must match format "${f.format}"` }
      return { value: text }
    }
    default: {
      let value: Json
      try {
        value = JSON.parse(text) as Json
      } catch {
        return { problem: 'is not valid JSON' }
      }
      const type = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value
      if (f.jsonType && f.jsonType !== type && !(f.jsonType === 'integer' && Number.isInteger(value))) return { problem: `must be ${f.jsonType}` }
      return { value }
    }
  }
}

/**
 * A string format checked by ajv-formats' own definitions (the ones the server's Ajv uses), so the
 * form refuses "not-an-email" before it is sent; a format it does not know is the server's to judge.
 */
function formatHolds(format: string, text: string): boolean {
  const definition = (fullFormats as Record<string, unknown>)[format]
  const check = definition !== null && typeof definition === 'object' && 'validate' in definition ? (definition as { validate: unknown }).validate : definition
  if (check instanceof RegExp) return check.test(text)
  if (typeof check === 'function') return (check as (s: string) => boolean)(text)
  return true
}

/** A pattern the browser cannot compile is left to the server to judge. */
function safeTest(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(text)
  } catch {
    return true
  }
}

/** The input the fields make, and each field's problem (empty when there is none). */
export function inputOf(fields: Field[], values: Values, base: Record<string, unknown> = {}): { input: Record<string, unknown>; problems: Record<string, string> } {
  // Fields of the input that the form does not show (an edited replay's extras) are kept as they were.
  const input: Record<string, unknown> = Object.fromEntries(Object.entries(base).filter(([k]) => !fields.some((f) => f.name === k)))
  const problems: Record<string, string> = {}
  for (const f of fields) {
    const parsed = parseField(f, values[f.name] ?? '')
    if ('problem' in parsed) problems[f.name] = parsed.problem
    else if (parsed.value !== undefined) input[f.name] = parsed.value
  }
  return { input, problems }
}

/**
 * The input as the form holds it, for editing as JSON: a value its field refuses is kept as typed
 * (a number out of range as the number, text that is no number or no JSON as the text, a string
 * too short as it is), never dropped, so switching to JSON loses nothing; the server says what is
 * wrong with it when it is sent. Only an empty field is left out.
 */
export function draftOf(fields: Field[], values: Values, base: Record<string, unknown> = {}): Record<string, unknown> {
  const input: Record<string, unknown> = Object.fromEntries(Object.entries(base).filter(([k]) => !fields.some((f) => f.name === k)))
  for (const f of fields) {
    const raw = values[f.name] ?? ''
    const parsed = parseField(f, raw)
    if (!('problem' in parsed)) {
      if (parsed.value !== undefined) input[f.name] = parsed.value
      continue
    }
    if (typeof raw !== 'string' || raw.trim() === '') continue
    if (f.kind === 'number' || f.kind === 'integer') input[f.name] = raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw
    else if (f.kind === 'json') {
      try {
        input[f.name] = JSON.parse(raw) as Json
      } catch {
        input[f.name] = raw
      }
    } else if (f.kind === 'enum') input[f.name] = f.options![Number(raw)] ?? raw
    else input[f.name] = raw
  }
  return input
}

/** A field's bounds in words, as a hint: "1–10", "at least 1 character", "at most 80 characters". */
export function boundsOf(f: Field): string {
  const characters = (n: number) => `${n} ${n === 1 ? 'character' : 'characters'}`
  const parts: string[] = []
  if (f.minimum !== undefined && f.maximum !== undefined) parts.push(`${f.minimum}–${f.maximum}`)
  else if (f.minimum !== undefined) parts.push(`at least ${f.minimum}`)
  else if (f.maximum !== undefined) parts.push(`at most ${f.maximum}`)
  if (f.minLength !== undefined && f.maxLength !== undefined)
    parts.push(f.minLength === f.maxLength ? `exactly ${characters(f.minLength)}` : `${f.minLength}–${characters(f.maxLength)}`)
  else if (f.minLength !== undefined) parts.push(`at least ${characters(f.minLength)}`)
  else if (f.maxLength !== undefined) parts.push(`at most ${characters(f.maxLength)}`)
  return parts.join(', ')
}

/**
 * The server's refusal split by field ("input: does not match …: company: is required; seats:
 * must be >= 1"), so each message shows beside its field; what names no field stays whole.
 */
export function serverProblems(message: string, fields: Field[]): Record<string, string> {
  const found: Record<string, string> = {}
  const detail = message.includes('inputSchema: ') ? message.slice(message.indexOf('inputSchema: ') + 'inputSchema: '.length) : message
  for (const part of detail.split('; ')) {
    const at = part.indexOf(': ')
    if (at === -1) continue
    const name = part.slice(0, at).split('.')[0]!
    if (fields.some((f) => f.name === name)) found[name] = found[name] ? `${found[name]}; ${part.slice(at + 2)}` : part.slice(at + 2)
  }
  return found
}
