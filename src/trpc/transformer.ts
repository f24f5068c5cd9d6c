// What crosses between the console's pages and its tRPC API: superjson's format (dates stay
// dates), with a fast path for plain JSON — most answers are (the API serialises its own dates
// as ISO strings). superjson walks every value building paths and a copy on the way back; on an
// execution page of 10,000 steps that walk was an eighth of the server's time (a CPU profile).
// A payload without annotations is superjson's own `{ json }`, so either side may still be plain
// superjson (the tests' clients are).
import superjson from 'superjson'

type SuperJsonPayload = ReturnType<typeof superjson.serialize>

/** Whether JSON.parse(JSON.stringify(value)) gives the value back (undefined object fields aside). */
function isPlainJson(value: unknown, depth = 0): boolean {
  if (value === null) return true
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0)
    case 'object': {
      if (depth > 200) return false
      if (Array.isArray(value)) {
        for (const item of value) if (item === undefined || !isPlainJson(item, depth + 1)) return false
        return true
      }
      const proto = Object.getPrototypeOf(value)
      if (proto !== Object.prototype && proto !== null) return false
      for (const key in value) {
        const item = (value as Record<string, unknown>)[key]
        if (item !== undefined && !isPlainJson(item, depth + 1)) return false
      }
      return true
    }
    default:
      return false
  }
}

export function serialize(value: unknown): SuperJsonPayload {
  return isPlainJson(value) ? { json: value as SuperJsonPayload['json'] } : superjson.serialize(value)
}

/**
 * The value of a payload. Its `referentialEqualities` are not applied: they make paths share one
 * object, and a 1.5 KB request whose every level's two fields share the level below read as a
 * structure of 2^depth nodes (depth 20: 1.7 s of validation and a 2-million-node context stored;
 * depth 40 would hold the server for hours). superjson (without `dedupe`, as both sides use it)
 * writes every occurrence in full, so what they would restore is only sameness, never data.
 */
export function deserialize<T = unknown>(payload: SuperJsonPayload): T {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
    throw new Error(`input: expected superjson's {"json": …} around the value, got ${JSON.stringify(payload)?.slice(0, 50) ?? String(payload)}`)
  // (Without annotations there is nothing to restore; superjson would only copy it.)
  if (!payload.meta) return payload.json as T
  const { referentialEqualities: _shared, ...meta } = payload.meta
  try {
    return superjson.deserialize<T>({ json: payload.json, meta })
  } catch (error) {
    // (Annotations nested past the stack's depth: the client's mistake, said as such.)
    if (error instanceof RangeError) throw new Error('input: its superjson annotations are nested too deeply to read', { cause: error })
    throw error
  }
}

/**
 * What a request's input may carry besides plain JSON: dates, and fields left out. Any other of
 * superjson's annotations (a bigint, a Map, a Set, a RegExp, an Error, NaN, a class) would hand the
 * API a value no JSON client could send, which its JSON checks were never written for: a bigint
 * failed as an internal error, a Map was stored as {}.
 */
const INPUT_ANNOTATIONS: ReadonlySet<unknown> = new Set(['Date', 'undefined'])

/** Each annotation of superjson's tree of them ([annotation] or [annotation, children], or an object of those). */
function* annotationsOf(tree: unknown, depth = 0): Generator<unknown> {
  if (depth > 200) throw new Error('input: its superjson annotations are nested too deeply to read')
  if (Array.isArray(tree)) {
    yield tree[0]
    if (tree[1] !== undefined) yield* annotationsOf(tree[1], depth + 1)
  } else if (tree !== null && typeof tree === 'object') for (const child of Object.values(tree)) yield* annotationsOf(child, depth + 1)
}

/** A request's input (the server's side): a payload of plain JSON, dates and left-out fields only. */
export function deserializeInput<T = unknown>(payload: SuperJsonPayload): T {
  for (const annotation of annotationsOf(payload?.meta?.values)) {
    if (!INPUT_ANNOTATIONS.has(annotation))
      throw new Error(`input: a value annotated ${JSON.stringify(annotation)?.slice(0, 50)} is not taken; JSON values and dates are (the API takes what a JSON client can send)`)
  }
  return deserialize<T>(payload)
}

/** Inputs the client writes and the server reads (dates allowed); answers the server writes and the client reads. */
export const transformer = { input: { serialize, deserialize: deserializeInput }, output: { serialize, deserialize } }
