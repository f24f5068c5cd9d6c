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

export function deserialize<T = unknown>(payload: SuperJsonPayload): T {
  // (Without annotations there is nothing to restore; superjson would only copy it.)
  return payload.meta ? superjson.deserialize<T>(payload) : (payload.json as T)
}

export const transformer = { serialize, deserialize }
