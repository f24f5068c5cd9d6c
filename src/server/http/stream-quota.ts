// Live streams a principal (an API key, a signed-in user) holds open at once, over every
// transport that holds one (the REST watch, monitor and feed streams, the WebSocket watch, tRPC
// subscriptions; not workers' sockets, one a worker): each costs the server a socket, buffers
// and a recheck timer, and the request rate limit counts only their opening. Past STREAMS_PER_PRINCIPAL a new one is refused (429) until one closes.
import { config } from '../config'
import type { Principal } from '../domain/access'
import { ServiceError } from '../services/errors'

/** How soon a refused client may try again (Retry-After): streams close when their clients go. */
const RETRY_AFTER_S = 5

const globalForStreams = globalThis as unknown as { __openStreams?: Map<string, number> }
const open = () => (globalForStreams.__openStreams ??= new Map())

/** Counts one more open stream of `principal`, or refuses it; the returned function, called once or more, counts it closed. */
export function holdStream(principal: Pick<Principal, 'kind' | 'id'>): () => void {
  const key = `${principal.kind}:${principal.id}`
  const streams = open()
  const held = streams.get(key) ?? 0
  const max = config().STREAMS_PER_PRINCIPAL
  if (held >= max) {
    const who = principal.kind === 'api-key' ? 'API key' : 'user'
    throw new ServiceError(
      'RATE_LIMITED',
      `this ${who} has ${max} live streams open, the most it may (STREAMS_PER_PRINCIPAL); close one before opening another`,
      undefined,
      RETRY_AFTER_S,
    )
  }
  streams.set(key, held + 1)
  let released = false
  return () => {
    if (released) return
    released = true
    const now = (streams.get(key) ?? 1) - 1
    if (now > 0) streams.set(key, now)
    else streams.delete(key)
  }
}
