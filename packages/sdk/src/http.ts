// The one way the SDK talks to the console: fetch with the API key, typed errors, and automatic
// retries of what is safe to repeat — a 429 (the console did nothing; it says when to come back)
// and a network failure of a GET, a PUT or a POST that carries an Idempotency-Key (every POST the
// SDK sends does: the console answers a repeat with the first answer, never doing it twice).
import { errorOf, NetworkError, RateLimitError } from './errors.js'

export interface TransportOptions {
  /** The console's address, e.g. http://localhost:3000. */
  url: string
  /** An API key (eck_…). */
  apiKey?: string
  /** Retries of a 429 or a network failure before the error is thrown (default 3). */
  retries?: number
  /** The longest wait between two tries, in ms (default 30 s; a longer Retry-After is not waited for). */
  maxRetryDelayMs?: number
  /** Headers sent with every request. */
  headers?: Record<string, string>
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | readonly string[] | undefined>
  body?: unknown
  /** Headers of this request only. */
  headers?: Record<string, string>
  signal?: AbortSignal
  /**
   * A POST that is safe to repeat by itself (a lease renewal, a read): sent without an
   * Idempotency-Key, which would cost the console a record it does not need.
   */
  idempotent?: boolean
}

/** A UUID for an Idempotency-Key: `crypto.randomUUID` where it exists (Node, secure pages), else from random bytes. */
function newKey(): string {
  if (typeof globalThis.crypto.randomUUID === 'function') return globalThis.crypto.randomUUID()
  const b = globalThis.crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** A body as JSON, or null when it is none (a proxy's HTML error page, say). */
export function parseBody(text: string): unknown {
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        reject(signal.reason)
      },
      { once: true },
    )
  })

export class Transport {
  readonly base: string
  /** The fetch every request goes through (the watcher's stream too). */
  readonly fetch: typeof fetch
  private readonly retries: number
  private readonly maxDelay: number
  private readonly headers: Record<string, string>

  constructor(options: TransportOptions) {
    this.base = options.url.replace(/\/+$/, '')
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
    this.retries = options.retries ?? 3
    this.maxDelay = options.maxRetryDelayMs ?? 30_000
    this.headers = { accept: 'application/json', ...options.headers, ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) }
  }

  /** The URL of an API path (`/executions/x`) with its query. */
  url(path: string, query?: RequestOptions['query']): string {
    const url = new URL(`${this.base}/api${path}`)
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue
      url.searchParams.set(name, Array.isArray(value) ? value.join(',') : String(value))
    }
    return url.toString()
  }

  /** Headers of a request (the key, and JSON when there is a body). */
  headersFor(extra?: Record<string, string>, json = false): Record<string, string> {
    return { ...this.headers, ...(json ? { 'content-type': 'application/json' } : {}), ...extra }
  }

  /** Sends a request and answers its JSON body; throws the console's refusal as a typed error. */
  async request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
    const hasBody = options.body !== undefined
    // A POST is made safe to repeat by its key, the same for every try of this call.
    const key = method === 'POST' && !options.idempotent ? (options.headers?.['idempotency-key'] ?? newKey()) : undefined
    const headers = this.headersFor({ ...options.headers, ...(key ? { 'idempotency-key': key } : {}) }, hasBody)
    const url = this.url(path, options.query)
    const body = hasBody ? JSON.stringify(options.body) : undefined
    for (let attempt = 0; ; attempt++) {
      let response: Response
      try {
        response = await this.fetch(url, { method, headers, body, signal: options.signal })
      } catch (error) {
        if (options.signal?.aborted) throw error
        if (attempt >= this.retries) throw new NetworkError(`${method} ${path}: ${(error as Error).message ?? 'network failure'}`, error)
        await sleep(Math.min(this.maxDelay, 200 * 2 ** attempt + Math.random() * 100), options.signal)
        continue
      }
      const parsed = parseBody(await response.text())
      if (response.ok) return parsed as T
      const error = errorOf(response.status, parsed, response.headers.get('retry-after'))
      if (attempt < this.retries) {
        // Safe to send again: the console did nothing (429), a proxy or the console was briefly
        // unavailable (502–504: every request here is a GET, a PUT or a keyed POST), or the first
        // try of this very request is still running (409 on its Idempotency-Key).
        const wait =
          error instanceof RateLimitError
            ? error.retryAfter * 1000
            : response.status >= 502 && response.status <= 504
              ? 500 * 2 ** attempt
              : response.status === 409 && error.body?.field === 'Idempotency-Key'
                ? 1_000
                : undefined
        if (wait !== undefined && wait <= this.maxDelay) {
          await sleep(wait, options.signal)
          continue
        }
      }
      throw error
    }
  }
}
