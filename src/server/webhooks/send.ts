// One POST to a receiver the console does not trust: its host checked, then resolved once by a
// lookup that refuses private addresses — the address checked is the address connected to, so
// a DNS answer that changes between check and connect (rebinding) cannot reach inside. No
// redirects are followed. Every outbound webhook (executions' and alerts') goes through here.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { LookupFunction } from 'node:net'
import { isPrivateAddress, isPrivateHost } from '../domain/network'

export interface Sent {
  status: number
  headers: IncomingHttpHeaders
}

/** Headers a receiver's configuration may not set: they would change what the request is. */
const RESERVED = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'content-type', 'expect', 'upgrade'])

/** DNS resolution that answers only public addresses, else an error naming the one it found. */
const publicOnly: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 4)
    const inside = addresses.find((a) => isPrivateAddress(a.address))
    if (inside || !addresses.length) {
      return callback(
        Object.assign(new Error(`destination ${hostname} resolves to a private address (${inside?.address ?? 'none'}); allow with WEBHOOK_ALLOW_PRIVATE=1`), { code: 'EPRIVATE' }),
        '',
        4,
      )
    }
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses)
    callback(null, addresses[0]!.address, addresses[0]!.family)
  })
}

export async function postGuarded(options: {
  url: string
  headers: Record<string, string>
  /** The receiver's own configured headers (never the reserved ones). */
  extraHeaders?: Record<string, string>
  body: string
  signal: AbortSignal
  allowPrivate: boolean
}): Promise<Sent> {
  const url = new URL(options.url)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`destination ${url.protocol} is not http or https`)
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (!options.allowPrivate && isPrivateHost(host)) throw new Error(`destination ${host} is a loopback or private address; allow with WEBHOOK_ALLOW_PRIVATE=1`)
  const extra = Object.fromEntries(Object.entries(options.extraHeaders ?? {}).filter(([name]) => !RESERVED.has(name.toLowerCase())))
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise<Sent>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...extra, ...options.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(options.body)) },
        lookup: options.allowPrivate ? undefined : publicOnly,
        signal: options.signal,
      },
      (res) => {
        res.resume() // the answer's body is not needed, only that it came
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}
