// A refusal of what a form sent, said in the form's words: "Error codes: must be UPPER_SNAKE_CASE
// (got "bad code")" rather than "patch.applicableErrors.0: …". The server names the field by its
// input path (tRPC's data.issues for a validation error, data.field for a service's refusal);
// the form names it by its label and knows the value it sent. Pure, tested in test/form-errors.test.ts.
import { ellipsize } from './format'

/** What a tRPC client error carries that this reads. */
export interface Refusal {
  message: string
  data?: { issues?: readonly { path: string; message: string }[] | null; field?: string | null } | null
}

/**
 * A form's labels by input key ("applicableErrors"), or by a dotted path where a key is ambiguous
 * ("retry.maxRetries"); a label may come with how to show the value sent (milliseconds as seconds).
 */
export type FieldLabels = Readonly<Record<string, string | readonly [label: string, shown: (value: unknown) => string]>>

/** A value sent in milliseconds that its form asks for in seconds. */
export const msAsSeconds = (value: unknown) => `${Number(value) / 1000} s`

const isIndex = (segment: string) => /^\d+$/.test(segment)

/** The label of an input path: the longest labelled tail of its named segments, else its last named segment. */
function labelOf(path: readonly string[], labels: FieldLabels): { label: string; shown?: (value: unknown) => string } | null {
  const named = path.filter((s) => !isIndex(s))
  for (let from = 0; from < named.length; from++) {
    const entry = labels[named.slice(from).join('.')]
    if (entry !== undefined) return typeof entry === 'string' ? { label: entry } : { label: entry[0], shown: entry[1] }
  }
  return null
}

function at(input: unknown, path: readonly string[]): unknown {
  let value = input
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return undefined
    value = (value as Record<string, unknown>)[segment]
  }
  return value
}

/** The value sent at a path; a service names a field of an update's `patch` without it ("capacity"). */
function valueAt(input: unknown, path: readonly string[]): unknown {
  const direct = at(input, path)
  if (direct !== undefined || input === null || typeof input !== 'object') return direct
  for (const wrapped of Object.values(input)) {
    const value = wrapped !== null && typeof wrapped === 'object' && !Array.isArray(wrapped) ? at(wrapped, path) : undefined
    if (value !== undefined) return value
  }
  return undefined
}

function said(value: unknown, shown?: (value: unknown) => string): string {
  if (value === undefined) return ''
  const text = shown ? shown(value) : typeof value === 'string' ? value : JSON.stringify(value)
  return ` (got "${ellipsize(text, 60)}")`
}

/** One problem: "<Label>: <message> (got "<value>")"; a field the form does not label keeps the server's wording. */
function sayOne(path: string, message: string, input: unknown, labels: FieldLabels): string {
  const segments = path ? path.split('.') : []
  const found = labelOf(segments, labels)
  if (!found) return path ? `${path}: ${message}` : message
  return `${found.label}: ${message}${said(valueAt(input, segments), found.shown)}`
}

/** What to show for a refused form: each problem by its field's label with the value sent; anything else as the server said it. */
export function formError(error: Refusal, input: unknown, labels: FieldLabels): string {
  const issues = error.data?.issues
  if (issues?.length) return issues.map((i) => sayOne(i.path, i.message, input, labels)).join('; ')
  const field = error.data?.field
  // A service's refusal of one field reads "<field>: <why>" (badRequest): the why, under the form's label.
  if (field && error.message.startsWith(`${field}: `)) return sayOne(field, error.message.slice(field.length + 2), input, labels)
  return error.message
}
