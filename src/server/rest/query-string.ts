// A query-string schema made from the schema of the same input in JSON (the one tRPC takes), so
// REST cannot drift from it: lists arrive as "a,b" or repeated keys, numbers and booleans as
// text. Every field is optional here; the JSON schema applies defaults and checks the rest.
import { z } from 'zod'

/** The schema inside optional, nullable and default wrappers. */
function unwrapped(schema: z.ZodType): z.ZodType {
  let s = schema
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) s = (s as z.ZodOptional<z.ZodType>).unwrap()
  return s
}

/** "a,b", ["a", "b"] or "a" as a list (each value still checked by the item schema). */
const listOf = (item: z.ZodType) =>
  z.preprocess((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).filter(Boolean)), z.array(item).optional())

export function queryStringSchema(schema: z.ZodObject) {
  const shape: Record<string, z.ZodType> = {}
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    const inner = unwrapped(field)
    if (inner instanceof z.ZodArray) shape[key] = listOf(inner.element as z.ZodType)
    else if (inner instanceof z.ZodNumber) shape[key] = z.coerce.number().pipe(inner).optional()
    else if (inner instanceof z.ZodBoolean)
      shape[key] = z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional()
    else shape[key] = inner.optional()
  }
  return z.object(shape)
}
