// The CEL environment of workflow expressions (expressions.ts), and JSON to and from CEL values:
// plain JavaScript, so that the thread that evaluates expressions over large data
// (expression-thread.mjs) loads the very same definitions without a TypeScript loader.
import { Environment } from '@marcbachmann/cel-js'

export function celEnvironment() {
  return new Environment({
    unlistedVariablesAreDyn: false,
    homogeneousAggregateLiterals: false,
    enableOptionalTypes: true,
    limits: { maxAstNodes: 2_000, maxDepth: 50, maxListElements: 1_000, maxMapEntries: 1_000, maxCallArguments: 32 },
  })
    .registerVariable('__steps__', 'map', { description: "finished steps by id: __steps__.verify.outputData is the verify step's output" })
    .registerVariable('__context__', 'map', { description: "the execution's context" })
    .registerVariable('input', 'map', { description: "the execution's input" })
    .registerVariable('item', 'dyn', { description: "in a fan-out's childInput: the list element this child is for" })
}

/** JSON as CEL takes it: whole numbers as its int. */
export function toCel(value) {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value
  if (Array.isArray(value)) return value.map(toCel)
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCel(v)]))
  return value
}

/** A CEL value as JSON. */
export function fromCel(value) {
  if (typeof value === 'bigint') return Number(value)
  if (Array.isArray(value)) return value.map(fromCel)
  if (value instanceof Map) return Object.fromEntries([...value.entries()].map(([k, v]) => [String(k), fromCel(v)]))
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromCel(v)]))
  return value
}
