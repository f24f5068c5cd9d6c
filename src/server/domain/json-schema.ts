// JSON Schemas of task definitions (seed 003's inputSchema and outputSchema): checked when a
// definition is registered, and used to validate a task's input when it starts and its output
// when it completes. Ajv — the validator behind most of the JavaScript ecosystem — with the
// 2020-12 dialect OpenAPI 3.1 uses (draft-07 schemas that say so are read as draft-07).
import Ajv2020 from 'ajv/dist/2020.js'
import AjvDraft7 from 'ajv'
import addFormats from 'ajv-formats'
import type { ErrorObject, ValidateFunction } from 'ajv'

const options = { allErrors: true, strict: false, validateSchema: true, addUsedSchema: false } as const
const modern = new Ajv2020(options)
const draft7 = new AjvDraft7(options)
addFormats(modern)
addFormats(draft7)

export type JsonSchema = Record<string, unknown> | boolean

const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/

/** A schema compiled once; compiling is slow, validating is fast. */
export function compileJsonSchema(schema: JsonSchema): ValidateFunction {
  const ajv = typeof schema === 'object' && typeof schema.$schema === 'string' && DRAFT_07.test(schema.$schema) ? draft7 : modern
  return ajv.compile(schema)
}

/** Why a schema cannot be used, in a sentence; null when it can. */
export function jsonSchemaProblem(schema: JsonSchema): string | null {
  try {
    compileJsonSchema(schema)
    return null
  } catch (error) {
    return String(error instanceof Error ? error.message : error).split('\n')[0]!
  }
}

/** Each way a value fails its schema, as "path: message" (at most 10). */
export function schemaErrors(validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return []
  return (validate.errors ?? []).slice(0, 10).map(describe)
}

function describe(e: ErrorObject): string {
  const where = e.instancePath === '' ? '(the value)' : e.instancePath.slice(1).replaceAll('/', '.')
  const extra = e.keyword === 'additionalProperties' ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : ''
  return `${where}: ${e.message ?? e.keyword}${extra}`
}
