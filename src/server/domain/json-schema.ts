// JSON Schemas of task definitions (seed 003's inputSchema and outputSchema): checked when a
// definition is registered, and used to validate a task's input when it starts and its output
// when it completes. Ajv — the validator behind most of the JavaScript ecosystem — with the
// 2020-12 dialect OpenAPI 3.1 uses (draft-07 schemas that say so are read as draft-07).
import Ajv2020 from 'ajv/dist/2020.js'
import AjvDraft7 from 'ajv'
import addFormats from 'ajv-formats'
import { checkSync } from 'recheck'
import type { ErrorObject, ValidateFunction } from 'ajv'

const options = { allErrors: true, strict: false, addUsedSchema: false } as const
// The meta-schemas, compiled once: what checks that a schema is one.
const metaCheck = { modern: new Ajv2020({ ...options, validateSchema: true }), draft7: new AjvDraft7({ ...options, validateSchema: true }) }

export type JsonSchema = Record<string, unknown> | boolean

const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/

/**
 * A schema compiled once; compiling is slow, validating is fast. Each schema is compiled by an Ajv
 * of its own (~4 ms, the meta-schemas' check shared): an instance keeps every schema it compiled
 * for good (its cache and its generated code's scope), so a shared one grew by 3 MB with each
 * registration of a 1 MB schema, refused or not — any API key could fill the heap. A validator
 * now holds only its own schema, and goes with it.
 */
export function compileJsonSchema(schema: JsonSchema): ValidateFunction {
  const draft7 = typeof schema === 'object' && typeof schema.$schema === 'string' && DRAFT_07.test(schema.$schema)
  ;(draft7 ? metaCheck.draft7 : metaCheck.modern).validateSchema(schema, true) // throws "schema is invalid: …"
  const ajv = draft7 ? new AjvDraft7({ ...options, validateSchema: false }) : new Ajv2020({ ...options, validateSchema: false })
  addFormats(ajv)
  return ajv.compile(schema)
}

/** Arrays checked for unique items must say how long they may be (the check compares every pair). */
const MAX_UNIQUE_ITEMS = 1_000

/**
 * The check blocks while it runs: one schema gets this long for all its patterns together, and at
 * most this many, so no registration holds the console for more than a couple of seconds.
 */
const PATTERN_CHECK_MS = 2_000
const MAX_PATTERNS = 100
interface PatternBudget {
  patterns: number
  until: number
}
/**
 * Verdicts already reached (a new version of a definition repeats its patterns); at most this many
 * kept. "Unknown" after the whole budget is kept too: the same pattern sent again would otherwise
 * hold the console for the whole budget again, as often as a key may send it.
 */
const verdicts = new Map<string, 'safe' | 'vulnerable' | 'unknown'>()
const MAX_VERDICTS = 1_000

function patternVerdict(pattern: string, flags: string, timeLeft: number): 'safe' | 'vulnerable' | 'unknown' {
  const key = `${flags}/${pattern}`
  const known = verdicts.get(key)
  if (known) return known
  if (timeLeft <= 0) return 'unknown'
  const { status } = checkSync(pattern, flags, { timeout: timeLeft })
  const verdict = status === 'safe' || status === 'vulnerable' ? status : 'unknown'
  // (An unknown reached with part of a budget only may be proven with the whole one: not kept.)
  if (verdict !== 'unknown' || timeLeft >= PATTERN_CHECK_MS) {
    if (verdicts.size >= MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value!)
    verdicts.set(key, verdict)
  }
  return verdict
}

/**
 * Why a regular expression cannot be used on values it does not control — not one V8 can build,
 * or one that backtracks exponentially on some input (ReDoS) — or null. Schemas' patterns (flag
 * `u`) and CEL's matches() (no flag) alike; `budget` is shared by the patterns of one schema.
 */
export function regexProblem(pattern: string, flags: string, budget: PatternBudget = { patterns: 0, until: Date.now() + PATTERN_CHECK_MS }, whose = 'the schema'): string | null {
  // V8 compiles a RegExp at its first use: one too large for its compiler fails only when a value is checked (then blaming the value).
  try {
    new RegExp(pattern, flags).test('')
  } catch (error) {
    return `pattern ${JSON.stringify(pattern.slice(0, 100))} is not a usable regular expression (${firstLine(error).slice(-100)})`
  }
  const status = patternVerdict(pattern, flags, budget.until - Date.now())
  if (status === 'safe') return null
  return `pattern ${JSON.stringify(pattern.slice(0, 100))} ${status === 'vulnerable' ? 'can take exponential time on some inputs (ReDoS)' : `could not be shown safe from catastrophic backtracking within ${PATTERN_CHECK_MS / 1000} s for ${whose}`}; write it without nested or ambiguous repetition`
}

/**
 * What would let one value stall the console while it is validated: a regular expression that
 * backtracks exponentially (`^(a+)+$`, `(a|a)*` — found by recheck, which proves a pattern safe or
 * shows an attack string), and `uniqueItems` over an unbounded array (quadratic).
 */
function costProblem(schema: unknown, path = '', budget: PatternBudget = { patterns: 0, until: Date.now() + PATTERN_CHECK_MS }): string | null {
  if (schema === null || typeof schema !== 'object') return null
  if (Array.isArray(schema)) {
    for (const [i, s] of schema.entries()) {
      const found = costProblem(s, `${path}/${i}`, budget)
      if (found) return found
    }
    return null
  }
  const node = schema as Record<string, unknown>
  const patterns = [
    ...(typeof node.pattern === 'string' ? [node.pattern] : []),
    ...(node.patternProperties && typeof node.patternProperties === 'object' ? Object.keys(node.patternProperties) : []),
  ]
  for (const pattern of patterns) {
    if (++budget.patterns > MAX_PATTERNS)
      return `${path || '(the schema)'}: more than ${MAX_PATTERNS} patterns in one schema (each is proven safe from catastrophic backtracking when registered)`
    const problem = regexProblem(pattern, 'u', budget)
    if (problem) return `${path || '(the schema)'}: ${problem}`
  }
  if (node.uniqueItems === true && !(typeof node.maxItems === 'number' && node.maxItems <= MAX_UNIQUE_ITEMS))
    return `${path || '(the schema)'}: uniqueItems needs maxItems of at most ${MAX_UNIQUE_ITEMS} (every pair of items is compared)`
  for (const [key, value] of Object.entries(node)) {
    if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples') continue
    const found = costProblem(value, `${path}/${key}`, budget)
    if (found) return found
  }
  return null
}

const firstLine = (error: unknown) => String(error instanceof Error ? error.message : error).split('\n')[0]!

/** Keywords whose subschemas apply to the value itself, not to a property or item of it. */
const IN_PLACE_LISTS = ['allOf', 'anyOf', 'oneOf'] as const
const IN_PLACE_ONE = ['not', 'if', 'then', 'else'] as const
const IN_PLACE_MAPS = ['dependentSchemas', 'dependencies'] as const

/**
 * A `$ref` cycle that never goes into a property or item (`{"$defs": {"a": {"allOf": [{"$ref":
 * "#/$defs/a"}]}}}`, `{"$dynamicAnchor": "x", "$dynamicRef": "#x"}`): Ajv compiles it, and then
 * checking any value recurses until the stack overflows. Local references (`#…`) only: schemaErrors
 * still answers for any other the validator cannot finish.
 */
function cycleProblem(root: JsonSchema): string | null {
  if (typeof root !== 'object') return null
  const pointers = new Map<object, string>()
  const anchors = new Map<string, object[]>()
  const index = (node: unknown, pointer: string) => {
    if (node === null || typeof node !== 'object') return
    if (!Array.isArray(node)) {
      pointers.set(node, pointer)
      const n = node as Record<string, unknown>
      for (const a of [n.$anchor, n.$dynamicAnchor]) if (typeof a === 'string') anchors.set(a, [...(anchors.get(a) ?? []), node])
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'enum' && k !== 'const' && k !== 'default' && k !== 'examples') index(v, `${pointer}/${k}`)
  }
  index(root, '')
  const resolve = (ref: unknown): object[] => {
    if (typeof ref !== 'string' || !ref.startsWith('#')) return []
    const fragment = ref.slice(1)
    if (!fragment.startsWith('/') && fragment !== '') return anchors.get(fragment) ?? []
    let at: unknown = root
    for (const part of fragment.split('/').slice(1)) {
      let name: string
      try {
        name = decodeURIComponent(part).replaceAll('~1', '/').replaceAll('~0', '~')
      } catch {
        return []
      }
      if (at === null || typeof at !== 'object' || !Object.hasOwn(at, name)) return []
      at = (at as Record<string, unknown>)[name]
    }
    return at !== null && typeof at === 'object' && !Array.isArray(at) ? [at] : []
  }
  const inPlace = (node: Record<string, unknown>): unknown[] => [
    ...IN_PLACE_LISTS.flatMap((k) => (Array.isArray(node[k]) ? (node[k] as unknown[]) : [])),
    ...IN_PLACE_ONE.map((k) => node[k]),
    ...IN_PLACE_MAPS.flatMap((k) => (node[k] !== null && typeof node[k] === 'object' ? Object.values(node[k] as object) : [])),
    ...resolve(node.$ref),
    ...resolve(node.$dynamicRef),
  ]
  const done = new Set<object>()
  const open = new Set<object>()
  const visit = (node: unknown): string | null => {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || done.has(node)) return null
    if (open.has(node)) return `${pointers.get(node) || '(the schema)'}: refers back to itself ($ref) without going into a property or item, so checking a value would never end`
    open.add(node)
    for (const next of inPlace(node as Record<string, unknown>)) {
      const found = visit(next)
      if (found) return found
    }
    open.delete(node)
    done.add(node)
    return null
  }
  for (const node of pointers.keys()) {
    const found = visit(node)
    if (found) return found
  }
  // No cycle: how many subschemas each one applies to the same value, through $ref, allOf, anyOf,
  // oneOf, not, if/then/else and dependent schemas (counted once a node: a DAG of references
  // doubles it at every level — 23 levels of two references each, 1.2 KB, held the console 17 s).
  const applied = new Map<object, number>()
  const appliedBy = (node: object): number => {
    const known = applied.get(node)
    if (known !== undefined) return known
    let n = 1
    for (const next of inPlace(node as Record<string, unknown>))
      if (next !== null && typeof next === 'object' && !Array.isArray(next)) n = Math.min(n + appliedBy(next), MAX_IN_PLACE + 1)
    applied.set(node, n)
    return n
  }
  for (const node of pointers.keys()) {
    if (appliedBy(node) > MAX_IN_PLACE)
      return `${pointers.get(node) || '(the schema)'}: applies more than ${MAX_IN_PLACE} subschemas to one value (through $ref, allOf, anyOf, oneOf, not or if), so checking a value could take exponential time; share less`
  }
  return null
}

/** The most subschemas one schema node may apply to the same value (see cycleProblem). */
const MAX_IN_PLACE = 1_000

/** Why a schema cannot be used, in a sentence; null when it can. */
export function jsonSchemaProblem(schema: JsonSchema): string | null {
  try {
    compileJsonSchema(schema)
    return cycleProblem(schema) ?? costProblem(schema)
  } catch (error) {
    return firstLine(error)
  }
}

/**
 * Each way a value fails its schema, as "path: message" (at most 10). A schema the validator
 * cannot finish (one stored before registration refused its kind) fails the value, saying so,
 * rather than the request that brought it.
 */
export function schemaErrors(validate: ValidateFunction, value: unknown): string[] {
  try {
    if (validate(value)) return []
  } catch (error) {
    return [`(the schema): could not be applied (${firstLine(error).slice(0, 200)}); register a corrected version`]
  }
  return (validate.errors ?? []).slice(0, 10).map(describe)
}

function describe(e: ErrorObject): string {
  const path = e.instancePath.slice(1).replaceAll('/', '.')
  const params = e.params as Record<string, unknown>
  // A missing field is named as the field (not as the object that lacks it), with what it must be.
  if (e.keyword === 'required') return `${path ? `${path}.` : ''}${String(params.missingProperty)}: is required`
  const where = path === '' ? '(the value)' : path
  return `${where}: ${e.message ?? e.keyword}${allowed(e)}`
}

/** What the value may be instead, when the keyword says it plainly (an operator fixing a form reads this). */
function allowed(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>
  const list = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join(', ')
  switch (e.keyword) {
    case 'additionalProperties':
      return ` (${String(params.additionalProperty)})`
    case 'enum':
      return `: ${list(params.allowedValues as unknown[])}`
    case 'const':
      return `: ${JSON.stringify(params.allowedValue)}`
    default:
      return ''
  }
}
