// Failure groups: failures that are the same problem — the same error code, in the same step,
// with the same message once the parts that vary (numbers, ids, quoted values, addresses) are
// taken out. "Rate limit exceeded after 3 attempts (req 7f3a…)" and "… after 5 attempts (req
// 91bc…)" are one group.
const PATTERNS: [RegExp, string][] = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\bhttps?:\/\/[^\s"'<>]+/gi, '<url>'],
  // An address, valid or not ("Invalid email format for lead: maria@invalid" is one group). Its
  // name is taken whole from the first word of a run of name characters (the lookbehind and the
  // captured lookahead): `[\w.+-]+@` tried at every position backtracked through each long run
  // without an @ — 10 KB of "a.a.a…" took 125 ms.
  [/\b(?<=(?:^|[^\w.+-])[.+-]*)(?=([\w.+-]+))\1@[\w-]+(?:\.[\w-]+)*\b/g, '<email>'],
  [/\b(?:[a-z]+_)?[0-9a-z]*\d[0-9a-z]{7,}\b/gi, '<id>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/"[^"]*"|'[^']*'/g, '<value>'],
  [/\d+(\.\d+)?/g, '<n>'],
  [/\s+/g, ' '],
]

/** The message with what varies between occurrences replaced by placeholders. */
export function normaliseMessage(message: string): string {
  let out = message
  for (const [pattern, placeholder] of PATTERNS) out = out.replace(pattern, placeholder)
  return out.trim().slice(0, 500)
}

export const FAILURE_GROUP_STATES = ['open', 'resolved', 'ignored'] as const
export type FailureGroupState = (typeof FAILURE_GROUP_STATES)[number]

/**
 * A group's state as the operator sees it: resolved stays resolved only until the failure comes
 * back (a failure after it was resolved reopens it); ignored stays ignored.
 */
export function groupState(stored: { state: FailureGroupState; changedAt: Date } | undefined, lastSeen: Date): FailureGroupState | 'reopened' {
  if (!stored) return 'open'
  if (stored.state === 'resolved' && lastSeen.getTime() > stored.changedAt.getTime()) return 'reopened'
  return stored.state
}
