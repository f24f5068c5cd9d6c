// The one query-string parser of the REST API, made from the schema of the same input in JSON
// (the one tRPC takes), so REST cannot drift from it: lists arrive as "a,b" or repeated keys,
// numbers and booleans as text. A field is optional where the JSON schema lets it be; that schema applies defaults
// and checks the rest (ranges, say). Every route's query goes through it, so each refuses alike:
// an unknown parameter (`__proto__` and `constructor` included) is named with the ones allowed,
// and a parameter that is not a list, given twice, is refused as such (not as "NaN").
import { z } from 'zod'
import '../domain/zod-config'
import { listFilterSchema } from '../domain/schemas'
import { ServiceError } from '../services/errors'

/** The schema inside optional, nullable and default wrappers. */
function unwrapped(schema: z.ZodType): z.ZodType {
  let s = schema
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) s = (s as z.ZodOptional<z.ZodType>).unwrap()
  return s
}

/** "a,b", ["a", "b"] or "a" as a list (each value still checked by the item schema). */
const listOf = (item: z.ZodType) =>
  z.preprocess((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).filter(Boolean)), z.array(item))

/** A parameter that takes one value: given more than once, refused naming that (`?limit=1&limit=2`). */
const once = (schema: z.ZodType) =>
  z.preprocess((v, ctx) => {
    if (Array.isArray(v)) ctx.addIssue({ code: 'custom', message: `given more than once (${v.length} times); give it once` })
    return v
  }, schema)

/** Decimal digits, as a person or a URL builder writes a number (not Number()'s 0x10, 1e2, " 5" or Infinity). */
const DECIMAL = /^-?\d+(\.\d+)?$/

/** A number given as text, read into the field's own schema (so the document still says number): "abc" is refused as what it is, not as NaN. */
const numberText = (schema: z.ZodType) =>
  z.preprocess((v, ctx) => {
    if (typeof v !== 'string') return v
    if (!DECIMAL.test(v)) {
      ctx.addIssue({ code: 'custom', message: `expected a number in decimal digits (such as 50 or 0.5), got ${JSON.stringify(v.slice(0, 50))}` })
      return z.NEVER
    }
    return Number(v)
  }, schema)

/** The query-string form of a field: a list, a number or a boolean as text, or the field's own schema. */
function queryField(field: z.ZodType): z.ZodType {
  const inner = unwrapped(field)
  if (inner instanceof z.ZodArray) return listOf(inner.element as z.ZodType)
  if (inner instanceof z.ZodNumber) return once(numberText(inner))
  if (inner instanceof z.ZodBoolean) return once(z.enum(['true', 'false'], { error: 'true or false' }).transform((v) => v === 'true'))
  return once(inner)
}

/** What a query string parses to: the JSON schema's fields, optional where they are there (its defaults are the JSON schema's to apply). */
export type QueryOf<T extends z.ZodObject> = z.ZodObject<{ [K in keyof T['shape']]: z.ZodOptional<T['shape'][K]> }, z.core.$strict>

/** A URL's query as Hono hands it to a route's schema: a key given once as its value, given more as their list. */
/**
 * Refuses a query string with a malformed percent-escape (`%zz`, a lone `%`, bytes that are not
 * UTF-8): decoded leniently it would read as U+FFFD, and a refusal would name a parameter the
 * client never sent. Named as it was sent.
 */
export function checkQueryEncoding(search: string): void {
  for (const part of search.replace(/^\?/, '').split(/[&=]/)) {
    if (!part.includes('%')) continue
    try {
      decodeURIComponent(part.replace(/\+/g, ' '))
    } catch {
      throw new ServiceError(
        'BAD_REQUEST',
        `query: ${JSON.stringify(part.slice(0, 60))} is not valid percent-encoding (a % is followed by two hex digits, and the bytes they make are UTF-8)`,
        'query',
      )
    }
  }
}

export function queryOf(url: string): Record<string, string | string[]> {
  checkQueryEncoding(new URL(url, 'http://localhost').search)
  const grouped = new Map<string, string[]>()
  for (const [key, value] of new URL(url, 'http://localhost').searchParams) grouped.set(key, [...(grouped.get(key) ?? []), value])
  return Object.fromEntries([...grouped].map(([key, values]) => [key, values.length === 1 ? values[0]! : values]))
}

/** The id to resume after (`?lastEventId=`, as the Last-Event-ID header says it). */
const lastEventIdField = z.string().regex(/^\d+$/, 'expected an event id (a whole number)').optional().describe('Resume after this event id (as the Last-Event-ID header does)')

/**
 * The watch stream's query (served beside the REST app, on the same port, by events/sse.ts and,
 * upgraded, http/upgrades.ts), read as every REST route's is.
 */
export const watchQuery = queryStringSchema(
  z.object({
    lastEventId: lastEventIdField,
    view: z
      .enum(['events', 'monitor'], { error: (issue) => `expected events or monitor, got ${JSON.stringify(String(issue.input).slice(0, 50))}` })
      .optional()
      .describe(
        "monitor: seed 002's ExecutionUpdates instead (event: update, data: components.schemas.ExecutionUpdate), at most four a second, each covering the events since the previous one",
      ),
  }),
)

/**
 * The feed's query (`GET /api/executions/watch`, events/sse.ts): the executions list's filter,
 * read as the list reads it, and where to resume. Its own schema checks the ranges after.
 */
export const feedFilterSchema = listFilterSchema.safeExtend({ lastEventId: lastEventIdField })
export const feedQuery = queryStringSchema(feedFilterSchema)

export function queryStringSchema<T extends z.ZodObject>(schema: T): QueryOf<T> {
  const shape: Record<string, z.ZodType> = {}
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    // Required where the JSON schema requires it (a default makes a field optional), so the document says so.
    shape[key] = field.safeParse(undefined).success ? queryField(field).optional() : queryField(field)
    // The field's description, for the OpenAPI document's parameter.
    if (field.description) shape[key] = shape[key].describe(field.description)
  }
  return z.strictObject(shape) as unknown as QueryOf<T>
}
