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
  // In the browser, no probe of whether strings may be evaluated: the pages' Content-Security-Policy
  // refuses it, and the refusal is reported even when caught. (The server keeps zod's compiled parsers.)
  jitless: typeof window !== 'undefined',
  customError: (issue) => {
    if (issue.code !== 'unrecognized_keys') return undefined
    const allowed = allowedKeys(issue.inst)
    // (Ten named at most: a body of 90,000 keys is refused in a sentence, not a megabyte.)
    const unknown =
      issue.keys
        .slice(0, 10)
        .map((k) => `"${k}"`)
        .join(', ') + (issue.keys.length > 10 ? ` and ${issue.keys.length - 10} more` : '')
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${unknown}; ${allowed.length ? `allowed: ${allowed.join(', ')}` : 'none are taken here'}`
  },
})
