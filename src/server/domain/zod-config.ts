// One wording, set once for every zod schema of the console: a key an input does not take is
// refused naming what is allowed (zod's own message names neither). Imported by domain/schemas,
// which every input schema comes from, so it is in force before anything is parsed.
import { z } from 'zod'

/** The keys a strict object takes, as a refusal lists them. */
function allowedKeys(inst: unknown): string[] {
  const shape = (inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape
  return shape ? Object.keys(shape) : []
}

z.config({
  customError: (issue) => {
    if (issue.code !== 'unrecognized_keys') return undefined
    const allowed = allowedKeys(issue.inst)
    const unknown = issue.keys.map((k) => `"${k}"`).join(', ')
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${unknown}; ${allowed.length ? `allowed: ${allowed.join(', ')}` : 'none are taken here'}`
  },
})
