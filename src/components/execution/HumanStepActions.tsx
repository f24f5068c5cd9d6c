'use client'
// A person's part of a step: approve it with an output, or reject it with a reason (the step
// fails with REVIEW_REJECTED, and the workflow's own rules decide what follows).
import { useState } from 'react'
import { toast } from 'sonner'
import type { ExecutionStep } from '@/server/domain/execution'
import { api } from '@/trpc/react'

export function HumanStepActions({ executionId, step, onDone }: { executionId: string; step: ExecutionStep; onDone: () => void }) {
  const [output, setOutput] = useState('{\n  "approved": true\n}')
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const done = (verb: string) => () => {
    setProblem(null)
    toast.success(`${verb} ${step.name}`)
    onDone()
  }
  const fail = (error: { message: string }) => setProblem(error.message)
  const complete = api.executions.completeStep.useMutation({ onSuccess: done('Completed'), onError: fail })
  const reject = api.executions.failStep.useMutation({ onSuccess: done('Rejected'), onError: fail })
  return (
    <form
      aria-label={`review ${step.name}`}
      className="mt-3 flex flex-col gap-2 border-t border-slate-200 pt-3 dark:border-slate-700"
      onSubmit={(event) => {
        event.preventDefault()
        let parsed: unknown
        try {
          parsed = output.trim() ? JSON.parse(output) : undefined
        } catch (error) {
          setProblem(`the output is not JSON: ${(error as Error).message}`)
          return
        }
        complete.mutate({ id: executionId, stepId: step.id, output: parsed })
      }}
    >
      <label className="flex flex-col text-sm">
        Output (JSON)
        <textarea
          value={output}
          onChange={(e) => setOutput(e.target.value)}
          rows={4}
          className="rounded border border-slate-300 p-2 font-mono text-xs dark:border-slate-600 dark:bg-slate-900"
        />
      </label>
      <label className="flex flex-col text-sm">
        Reason for rejecting
        <input value={reason} onChange={(e) => setReason(e.target.value)} className="rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-900" />
      </label>
      <div className="flex gap-2">
        <button disabled={complete.isPending} className="rounded bg-green-700 px-3 py-1.5 text-sm text-white disabled:opacity-50">
          {complete.isPending ? 'Completing…' : 'Complete step'}
        </button>
        <button
          type="button"
          disabled={reject.isPending || !reason.trim()}
          title={reason.trim() ? undefined : 'give a reason to reject'}
          onClick={() => reject.mutate({ id: executionId, stepId: step.id, error: { code: 'REVIEW_REJECTED', message: reason.trim(), recoverable: false } })}
          className="rounded bg-red-700 px-3 py-1.5 text-sm text-white disabled:opacity-50"
        >
          {reject.isPending ? 'Rejecting…' : 'Reject step'}
        </button>
      </div>
      {problem && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {problem}
        </p>
      )}
    </form>
  )
}
