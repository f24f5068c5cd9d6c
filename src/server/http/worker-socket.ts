// A worker's WebSocket (`WS /api/workers/{id}/connect`, docs/workers.md): the worker protocol of
// REST on one connection. The worker gives room (`claim`) and the console pushes tasks, already
// started, as they become pending; it pushes the ids of tasks to stop as they stop; the worker's
// reports (heartbeat, complete, fail) are answered by id. Every report is let in as a request is
// — the key's rate limit, the key still valid, the same scope functions REST calls — and the
// socket closes within a few seconds of the key being revoked. What costs a long poll and several
// HTTP exchanges a task over REST is a pushed frame and one report here.
import { logger } from '../ops/log'
import { trackStream, WS_SERVICE_RESTART } from '../ops/shutdown'
import type { Duplex } from 'node:stream'
import type { WebSocket } from 'ws'
import { MAX_BUFFERED_BYTES } from '../events/sse'
import { workerSocketMessageSchema, type ClaimedTask, type WorkerSocketMessage } from '../domain/workers'
import { ServiceError } from '../services/errors'
import { ANSWERS, closeReason, errorBody, refusalOf } from './errors'
import type { Scope } from './scope'

/** A claim waits this long before it is asked again (the worker's lastSeenAt moves with each). */
const CLAIM_WAIT_MS = 30_000
/** Reports being answered at once; past it the socket stops reading until they are answered. */
const MAX_IN_FLIGHT = 1_000

const revoked = () => new ServiceError('UNAUTHENTICATED', 'this connection ended: its API key was revoked, its session ended, or its role no longer allows work')

/**
 * Serves one worker's connection until it closes. `admit` counts a report against the key's rate
 * limit (it throws RATE_LIMITED past it); `concurrency` is the worker's registered room, which its
 * `claim`s cannot exceed.
 */
export function serveWorkerSocket(
  ws: WebSocket,
  scope: Scope,
  worker: { id: string; concurrency: number },
  admit: () => Promise<void>,
  /** The connection under the WebSocket: the frames of one turn are written to it together. */
  raw?: Pick<Duplex, 'cork' | 'uncork'>,
) {
  const workerId = worker.id
  const closed = new AbortController()
  // On shutdown: 1012 "service restart"; the worker reconnects (its tasks' leases stay its own meanwhile).
  const untrack = trackStream('worker', () => ws.close(WS_SERVICE_RESTART, 'service restart; reconnect'))
  ws.on('close', () => {
    untrack()
    closed.abort()
  })
  ws.on('error', () => closed.abort())
  // Ends once the key is revoked, the session ended or the role no longer allows work.
  const signal = scope.whileAdmitted(closed.signal)
  /** Ends the connection with the reason (the worker reconnects, falls back, or stops). */
  const end = (error: unknown) => {
    if (ws.readyState !== ws.OPEN) return
    const refusal = refusalOf(error)
    if (!refusal) logger('workers').error({ err: error, workerId }, `worker ${workerId}: connection failed`)
    ws.close(refusal ? ANSWERS[refusal.kind].ws : 1011, closeReason(refusal?.message ?? 'internal error; see the server log'))
  }
  signal.addEventListener('abort', () => ServiceError.is(signal.reason) && end(signal.reason))
  /** A reader this far behind is cut off (it reconnects): what waits for it is not the server's to hold. */
  let corked = false
  /** Sends a frame; false when the connection is gone. */
  const send = (message: unknown): boolean => {
    if (ws.readyState !== ws.OPEN) return false
    // The answers of one commit go out in one write, not one system call each (Nagle's idea, for a turn).
    if (raw && !corked) {
      corked = true
      raw.cork()
      process.nextTick(() => {
        corked = false
        raw.uncork()
      })
    }
    ws.send(JSON.stringify(message))
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) ws.close(1013, 'reading too slowly; reconnect')
    return true
  }
  /** Let in now as at the upgrade: a key this process revoked is refused at its next report (another process's within a second: gate.ts). */
  const stillLetIn = async () => {
    if (!(await scope.stillAdmitted())) throw revoked()
  }

  let credit = 0
  let claiming = false
  /** Claims while the worker has room, pushing each batch as it comes. */
  async function claimLoop() {
    if (claiming) return
    claiming = true
    try {
      while (credit > 0 && !signal.aborted) {
        await stillLetIn()
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
      const { stop, reasons, cursor } = await scope.workers.signals(workerId, { since, waitMs: CLAIM_WAIT_MS }, signal)
      since = cursor
      if (stop.length) send({ type: 'stop', tasks: stop, reasons })
    }
  }
  signalsLoop().catch(end)

  /** More room (a claim, or a report's slot given back), never past the worker's concurrency. */
  const giveRoom = (n: number) => {
    if (n <= 0) return
    credit = Math.min(worker.concurrency, credit + n)
    claimLoop().catch(end)
  }

  /** A report's answer: `ok`, and the tasks handed with it (the room it gave back, filled at once). */
  async function answer(message: Exclude<WorkerSocketMessage, { op: 'claim' }>, room: number): Promise<{ ok: unknown; tasks?: ClaimedTask[] }> {
    await admit()
    await stillLetIn()
    switch (message.op) {
      case 'heartbeat':
        return { ok: await scope.tasks.heartbeat(message.taskId, message.leaseToken) }
      case 'complete': {
        const tasks = await scope.tasks.completeAndTake(message.taskId, { leaseToken: message.leaseToken, output: message.output }, { workerId, room })
        return { ok: { taken: true }, ...(tasks.length ? { tasks } : {}) }
      }
      case 'fail':
        await scope.tasks.fail(message.taskId, { leaseToken: message.leaseToken, error: message.error }, { answer: false })
        return { ok: { taken: true } }
    }
  }

  /**
   * The room a report gives back (`claim`), read before anything else about the frame is checked:
   * it is taken whatever becomes of the report — answered or refused, the worker's slot is free —
   * and the answer says so (`room`), so a worker hears that it need not send a `claim` of its own.
   */
  const roomOf = (raw: unknown) => {
    const { op, claim } = (raw ?? {}) as { op?: unknown; claim?: unknown }
    // (Only a claim the protocol allows, 1–100: one it refuses gives nothing back either.)
    return (op === 'complete' || op === 'fail') && Number.isInteger(claim) && (claim as number) > 0 && (claim as number) <= 100 ? Math.min(claim as number, worker.concurrency) : 0
  }

  let inFlight = 0
  ws.on('message', (data, isBinary) => {
    let re: number | undefined
    let room = 0 // given back by this report, not filled by its answer: room as a claim's
    inFlight += 1
    // A client that sends faster than it is answered waits: the socket stops reading a while.
    if (inFlight === MAX_IN_FLIGHT) ws.pause()
    void (async () => {
      try {
        if (isBinary) {
          await admit()
          throw new ServiceError('UNSUPPORTED_MEDIA_TYPE', 'messages are JSON text frames', 'message')
        }
        let raw: unknown
        try {
          raw = JSON.parse(data.toString())
        } catch {
          await admit()
          throw new ServiceError('BAD_REQUEST', 'message: not JSON', 'message')
        }
        const id = (raw as { id?: unknown } | null)?.id
        if (typeof id === 'number') re = id
        const given = (room = roomOf(raw))
        const parsed = workerSocketMessageSchema.safeParse(raw)
        if (!parsed.success) {
          await admit()
          throw parsed.error
        }
        // Room is not a request: it costs nothing until a task comes, and a worker whose claim
        // were refused would wait for tasks that never come. It never exceeds the worker's concurrency.
        if (parsed.data.op === 'claim') return giveRoom(parsed.data.max)
        const answered = await answer(parsed.data, given)
        const handed = answered.tasks ?? []
        room -= handed.length
        // Handed in the answer: a worker that went away meanwhile never hears of them; they go back.
        if (!send({ re, ...answered, ...(given ? { room: given } : {}) }) && handed.length) scope.tasks.handBack(handed)
      } catch (error) {
        const refusal = refusalOf(error, 'message')
        if (!refusal) logger('workers').error({ err: error, workerId }, `worker ${workerId}: a report failed`)
        const body = refusal
          ? { ...errorBody(refusal).error, ...(refusal.retryAfter !== undefined ? { retryAfter: refusal.retryAfter } : {}) }
          : { code: 'INTERNAL', message: 'internal error; see the server log' }
        send({ ...(re !== undefined ? { re } : {}), error: body, ...(room ? { room } : {}) })
        if (refusal?.kind === 'UNAUTHENTICATED') end(refusal)
      } finally {
        giveRoom(room)
        inFlight -= 1
        if (inFlight === MAX_IN_FLIGHT / 2 && ws.isPaused) ws.resume()
      }
    })()
  })
}
