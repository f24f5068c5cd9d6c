'use client'
// The execution page's record panels: the error, checkpoints with their state, the event
// timeline (who did what when), and webhooks with their deliveries.
import type { ExecutionError } from '@/server/domain/errors'
import { api } from '@/trpc/react'
import { formatTime } from '@/components/format'
import { Json } from './Json'
import { useState } from 'react'
import type { ExecutionEventView } from '@/server/domain/contracts'
import { EVENTS_QUERY } from './live-patch'
import { ConfirmDialog } from '@/components/ui/ConfirmDialog'
import type { ServiceExecution } from '@/server/domain/execution'

/** Step id → the step's name, for the steps the page holds: a record names a step by its id, the page by its name. */
export type StepNames = Readonly<Record<string, string>>

/** A step as an operator knows it: by its name (its id in a tooltip), or by its id when the page does not hold it. */
export function StepName({ id, names }: { id: string; names?: StepNames }) {
  const name = names?.[id]
  return name && name !== id ? <span title={`step ${id}`}>{name}</span> : <>{id}</>
}

/** The execution's error; `current` false once it has been retried (the error is the last attempt's, kept for the record). */
export function ErrorPanel({ error, current, stepNames }: { error: ExecutionError; current: boolean; stepNames?: StepNames }) {
  return (
    <section aria-labelledby="error-heading" className={`rounded border p-3 text-sm ${current ? 'border-red-300 dark:border-red-800' : 'border-slate-300 dark:border-slate-700'}`}>
      <h2 id="error-heading" className={`font-semibold ${current ? 'text-red-800 dark:text-red-300' : 'text-slate-700 dark:text-slate-200'}`}>
        {current ? 'Error' : 'The last attempt failed:'} {error.code}
        {error.step ? (
          <>
            {' '}
            in step <StepName id={error.step} names={stepNames} />
          </>
        ) : null}
      </h2>
      <p className="mt-1 whitespace-pre-wrap">{error.message}</p>
      <p className="mt-1 text-slate-600 dark:text-slate-300">
        {error.recoverable ? 'recoverable' : 'not recoverable'} · retried {error.retryCount ?? 0} {error.retryCount === 1 ? 'time' : 'times'}
        {error.timestamp ? ` · ${formatTime(error.timestamp)}` : ''}
      </p>
      {error.context && <Json label="context" value={error.context} />}
      {error.stack && <Json label="stack" value={error.stack} />}
    </section>
  )
}

/**
 * The execution's checkpoints. On a failed execution an operator restores one: the steps it had
 * finished are kept, the rest run again (confirmed first, with what will run again).
 */
export function CheckpointsPanel({ execution, canOperate, onChanged }: { execution: ServiceExecution; canOperate: boolean; onChanged: (next: ServiceExecution) => void }) {
  const id = execution.$id
  const checkpoints = api.executions.checkpoints.useQuery({ id })
  const restore = api.executions.restoreCheckpoint.useMutation({ onSuccess: onChanged })
  const restorable = canOperate && execution.status === 'failed'
  return (
    <section aria-labelledby="checkpoints-heading" className="flex flex-col gap-1 text-sm">
      <h2 id="checkpoints-heading" className="font-semibold">
        Checkpoints{checkpoints.data ? ` (${checkpoints.data.length})` : ''}
      </h2>
      {checkpoints.isPending && <p className="text-slate-500 dark:text-slate-400">Loading…</p>}
      {checkpoints.error && <p role="alert">The checkpoints could not be loaded: {checkpoints.error.message}</p>}
      {checkpoints.data?.length === 0 && <p className="text-slate-500 dark:text-slate-400">None yet: taken at step boundaries, on pause and on the interval.</p>}
      <ol className="flex flex-col gap-1">
        {checkpoints.data?.map((c) => {
          const rerun = Math.max(0, c.state.totalSteps - c.state.completedSteps.length)
          return (
            <li key={c.id}>
              <span className="tabular-nums text-slate-500 dark:text-slate-400">{formatTime(c.timestamp)}</span> after <span className="font-semibold">{c.step}</span> —{' '}
              {c.state.completedSteps.length}/{c.state.totalSteps} steps
              {typeof c.metadata?.reason === 'string' ? ` (${c.metadata.reason})` : ''}
              {restorable && (
                <ConfirmDialog
                  trigger={
                    <button type="button" className="ml-2 text-xs text-blue-700 underline dark:text-blue-300">
                      Restore…
                    </button>
                  }
                  title={`Restore the checkpoint after ${c.step}?`}
                  description={`The ${c.state.completedSteps.length} step${c.state.completedSteps.length === 1 ? '' : 's'} finished by ${formatTime(c.timestamp)} are kept with their outputs; the ${rerun} after them run again, and the execution is retried.`}
                  confirmLabel="Restore and retry"
                  destructive={false}
                  onConfirm={() => restore.mutateAsync({ id, checkpointId: c.id })}
                >
                  {restore.error && (
                    <p className="text-sm text-red-700 dark:text-red-300" role="alert">
                      {restore.error.message}
                    </p>
                  )}
                </ConfirmDialog>
              )}
              <Json label="state" value={c.state} />
            </li>
          )
        })}
      </ol>
    </section>
  )
}

export function EventTimeline({ id, stepNames }: { id: string; stepNames?: StepNames }) {
  const utils = api.useUtils()
  // The newest events (the live page appends to them); earlier ones a page at a time on request.
  const events = api.executions.events.useQuery(EVENTS_QUERY(id))
  const [earlier, setEarlier] = useState<{ items: ExecutionEventView[]; nextCursor: number | null } | null>(null)
  const latest = events.data?.items ?? []
  const items = [...(earlier?.items ?? []), ...latest].filter((e) => e.type !== 'execution.log')
  const backFrom = earlier ? earlier.nextCursor : (events.data?.nextCursor ?? null)
  const showEarlier = async () => {
    if (backFrom === null) return
    const page = await utils.client.executions.events.query({ id, latest: true, before: backFrom, limit: 200 })
    setEarlier((old) => ({ items: [...page.items, ...(old?.items ?? [])], nextCursor: page.nextCursor }))
  }
  return (
    <section aria-labelledby="events-heading" className="flex flex-col gap-1 text-sm">
      <h2 id="events-heading" className="font-semibold">
        Timeline ({backFrom !== null ? 'latest ' : ''}
        {items.length})
      </h2>
      {backFrom !== null && (
        <button type="button" onClick={() => void showEarlier()} className="self-start text-xs text-blue-700 underline dark:text-blue-300">
          Show earlier events
        </button>
      )}
      {/* Focusable: a long timeline scrolls by keyboard too. */}
      <ol className="max-h-80 overflow-auto" tabIndex={0} aria-labelledby="events-heading">
        {items.map((e) => (
          <EventEntry key={e.id} event={e} stepNames={stepNames} />
        ))}
      </ol>
    </section>
  )
}

/** A recovery strategy's application, said in the line: which strategy, on which code, and its RecoveryResult's message. */
function RecoveryNote({ data }: { data: unknown }) {
  const d = data as { strategy?: string; code?: string; result?: { success?: boolean; message?: string } } | null
  if (!d?.result?.message) return null
  return (
    <span className={d.result.success === false ? 'text-red-700 dark:text-red-400' : 'text-emerald-700 dark:text-emerald-400'}>
      {' '}
      · {d.strategy} on {d.code}: {d.result.message}
    </span>
  )
}

/** One event of the history: when, what, which step, by whom; its payload unfolds from it. */
export function EventEntry({ event: e, stepNames }: { event: ExecutionEventView; stepNames?: StepNames }) {
  const line = (
    <>
      <span className="tabular-nums text-slate-500 dark:text-slate-400">{formatTime(e.timestamp)}</span> {e.type.replace(/^execution\./, '')}
      {e.step ? (
        <>
          {' · '}
          <StepName id={e.step} names={stepNames} />
        </>
      ) : null}
      {e.type === 'execution.recovery.applied' && <RecoveryNote data={e.data} />} —{' '}
      <span title={`${e.actor.type}:${e.actor.id}`}>{e.actor.name ? `${e.actor.name} (${e.actor.type})` : `${e.actor.type}:${e.actor.id}`}</span>
    </>
  )
  if (e.data === undefined || e.data === null) return <li className="pl-3">{line}</li>
  return (
    <li>
      <details className="group">
        <summary className="cursor-pointer marker:text-slate-400">{line}</summary>
        {/* As text: a payload is whatever its sender wrote. */}
        <pre className="ml-3 max-h-48 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-1 text-xs dark:bg-slate-900">{JSON.stringify(e.data, null, 2)}</pre>
      </details>
    </li>
  )
}

export function WebhooksPanel({ id }: { id: string }) {
  const hooks = api.executions.webhooks.useQuery({ id })
  if (!hooks.data?.length) return null
  return (
    <section aria-labelledby="webhooks-heading" className="flex flex-col gap-1 text-sm">
      <h2 id="webhooks-heading" className="font-semibold">
        Webhooks ({hooks.data.length})
      </h2>
      {hooks.data.map((h) => (
        <div key={h.id}>
          <p>
            <span className="font-mono text-xs">{h.url}</span> · {h.scope} · {h.events.join(', ')} {h.enabled ? '' : '(disabled)'}
          </p>
          <ul className="ml-4 list-disc">
            {h.deliveries.map((d) => (
              <li key={d.id}>
                event {d.eventId}: {d.status} after {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}
                {d.lastStatus ? ` (HTTP ${d.lastStatus}, ${d.lastLatencyMs} ms)` : ''}
                {d.lastError ? ` — ${d.lastError}` : ''}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  )
}
