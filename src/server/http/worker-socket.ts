// A worker's WebSocket (`WS /api/workers/{id}/connect`, docs/workers.md): the worker protocol of
// REST on one connection. The worker gives room (`claim`) and the console pushes tasks, already
// started, as they become pending; it pushes the ids of tasks to stop as they stop; the worker's
// reports (heartbeat, complete, fail) are answered by id. Every message is let in as a request
// is — the key's rate limit, the same scope functions REST calls — and the socket closes within
// a few seconds of the key being revoked. What costs a long poll and ~7 HTTP exchanges a task
// over REST is a pushed frame and one report here.
import type { WebSocket } from 'ws'
import { workerSocketMessageSchema, type WorkerSocketMessage } from '../domain/workers'
import { ServiceError } from '../services/errors'
import { ANSWERS, errorBody, refusalOf } from './errors'
import type { Scope } from './scope'

/** A claim waits this long before it is asked again (the worker's lastSeenAt moves with each). */
const CLAIM_WAIT_MS = 30_000
/** Reports answered at once per connection; a worker past it is not reading its answers. */
const MAX_IN_FLIGHT = 1_000
/** Room a worker may give beyond what it ran: its concurrency is at most 1,000. */
const MAX_CREDIT = 1_000

/**
 * Serves one worker's connection until it closes. `admit` counts a message against the key's
 * rate limit (it throws RATE_LIMITED past it).
 */
export function serveWorkerSocket(ws: WebSocket, scope: Scope, workerId: string, admit: () => Promise<void>) {
  const closed = new AbortController()
  ws.on('close', () => closed.abort())
  ws.on('error', () => closed.abort())
  // Ends once the key is revoked, the session ended or the role no longer allows work.
  const signal = scope.whileAdmitted(closed.signal)
  signal.addEventListener('abort', () => {
    const reason = signal.reason
    if (ServiceError.is(reason) && ws.readyState === ws.OPEN) ws.close(ANSWERS[reason.kind].ws, reason.message.slice(0, 120))
  })
  const send = (message: unknown) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(message))
  /** A loop that failed ends the connection with the reason (the worker reconnects or falls back). */
  const end = (error: unknown) => {
    if (signal.aborted) return
    const refusal = refusalOf(error)
    if (!refusal) console.error(`worker ${workerId}: connection failed`, error)
    ws.close(refusal ? ANSWERS[refusal.kind].ws : 1011, (refusal?.message ?? 'internal error; see the server log').slice(0, 120))
  }

  let credit = 0
  let claiming = false
  /** Claims while the worker has room, pushing each batch as it comes. */
  async function claimLoop() {
    if (claiming) return
    claiming = true
    try {
      while (credit > 0 && !signal.aborted) {
        const tasks = await scope.workers.claim(workerId, { max: Math.min(100, credit), waitMs: CLAIM_WAIT_MS, start: true }, signal)
        if (!tasks.length) continue
        credit -= tasks.length
        send({ type: 'tasks', tasks })
      }
    } finally {
      claiming = false
    }
  }

  /** Pushes the tasks it holds that should stop, as they stop. */
  async function signalsLoop() {
    let since: number | undefined
    while (!signal.aborted) {
      const { stop, cursor } = await scope.workers.signals(workerId, { since, waitMs: CLAIM_WAIT_MS }, signal)
      since = cursor
      if (stop.length) send({ type: 'stop', tasks: stop })
    }
  }
  signalsLoop().catch(end)

  async function answer(message: WorkerSocketMessage): Promise<unknown> {
    switch (message.op) {
      case 'claim':
        credit = Math.min(MAX_CREDIT, credit + message.max)
        claimLoop().catch(end)
        return undefined
      case 'heartbeat':
        return scope.tasks.heartbeat(message.taskId, message.leaseToken)
      case 'complete':
        await scope.tasks.complete(message.taskId, { leaseToken: message.leaseToken, output: message.output }, { answer: false })
        return { taken: true }
      case 'fail':
        await scope.tasks.fail(message.taskId, { leaseToken: message.leaseToken, error: message.error }, { answer: false })
        return { taken: true }
    }
  }

  let inFlight = 0
  ws.on('message', (data, isBinary) => {
    let re: number | undefined
    void (async () => {
      inFlight += 1
      try {
        if (inFlight > MAX_IN_FLIGHT) return ws.close(1008, `more than ${MAX_IN_FLIGHT} reports unanswered; read the answers`)
        if (isBinary) throw new ServiceError('UNSUPPORTED_MEDIA_TYPE', 'messages are JSON text frames', 'message')
        let raw: unknown
        try {
          raw = JSON.parse(data.toString())
        } catch {
          throw new ServiceError('BAD_REQUEST', 'message: not JSON', 'message')
        }
        const id = (raw as { id?: unknown } | null)?.id
        if (typeof id === 'number') re = id
        const parsed = workerSocketMessageSchema.safeParse(raw)
        if (!parsed.success) throw parsed.error
        await admit()
        const ok = await answer(parsed.data)
        if (parsed.data.op !== 'claim') send({ re, ok })
      } catch (error) {
        const refusal = refusalOf(error, 'message')
        if (!refusal) console.error(`worker ${workerId}: a report failed`, error)
        const body = refusal
          ? { ...errorBody(refusal).error, ...(refusal.retryAfter !== undefined ? { retryAfter: refusal.retryAfter } : {}) }
          : { code: 'INTERNAL', message: 'internal error; see the server log' }
        send({ ...(re !== undefined ? { re } : {}), error: body })
      } finally {
        inFlight -= 1
      }
    })()
  })
}
