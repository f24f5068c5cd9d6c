'use client'
// Replay: a new run of this execution's workflow with its input, edited in the same form the
// launchpad draws (or as JSON), the same version unless another is chosen. The new execution is
// linked to this one ("Replay of …") and its page opens.
import * as Dialog from '@radix-ui/react-dialog'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import type { ServiceExecution } from '@/server/domain/execution'
import { api } from '@/trpc/react'
import { SchemaForm } from '@/components/launch/SchemaForm'
import { SchemaNote } from '@/components/launch/SchemaNote'

/** A workflow version id (key@version) as its key and version. */
export function workflowOf(versionId: string): { key: string; version: number } {
  const at = versionId.lastIndexOf('@')
  return { key: versionId.slice(0, at), version: Number(versionId.slice(at + 1)) }
}

export function ReplayDialog({ execution }: { execution: ServiceExecution & { workflowTemplateVersionId: string } }) {
  const router = useRouter()
  const [open, setOpen] = useState(false)
  const original = workflowOf(execution.workflowTemplateVersionId)
  const [version, setVersion] = useState(original.version)
  const form = api.workflows.launchForm.useQuery({ workflow: original.key, version }, { enabled: open })
  const replay = api.executions.replay.useMutation()
  const input = (execution.context?.input ?? {}) as Record<string, unknown>
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <button type="button" className="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 dark:border-slate-600 dark:hover:bg-slate-800">
          Replay…
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-black/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 flex max-h-[90vh] w-[min(94vw,40rem)] -translate-x-1/2 -translate-y-1/2 flex-col gap-3 overflow-y-auto rounded-lg bg-white p-5 shadow-xl dark:bg-slate-900">
          <div className="flex items-start justify-between gap-3">
            <Dialog.Title className="text-lg font-semibold">Replay with edited input</Dialog.Title>
            <Dialog.Close asChild>
              <button type="button" aria-label="Close" className="rounded px-2 text-xl leading-none text-slate-500 hover:bg-slate-100 dark:text-slate-400 dark:hover:bg-slate-800">
                ×
              </button>
            </Dialog.Close>
          </div>
          <Dialog.Description className="text-sm text-slate-600 dark:text-slate-300">
            A new execution of <span title={`workflow ${original.key}`}>{form.data?.name ?? original.key}</span> starts with this input, linked to {execution.$id}. This one stays
            as it is.
          </Dialog.Description>
          {form.isError && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300">
              The form could not be read: {form.error.message}
            </p>
          )}
          {form.data ? (
            <SchemaForm
              key={form.data.id}
              schema={form.data.schema}
              initialInput={input}
              idPrefix="replay"
              submitLabel="Run with this input"
              onSubmit={async (edited) => {
                const next = await replay.mutateAsync({ id: execution.$id, input: edited, version })
                setOpen(false)
                router.push(`/executions/${next.$id}`)
              }}
            >
              <div className="flex flex-col gap-1 text-sm">
                <label htmlFor="replay-version" className="font-medium">
                  Version
                </label>
                <select
                  id="replay-version"
                  value={version}
                  onChange={(e) => setVersion(Number(e.target.value))}
                  className="w-fit rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-800"
                >
                  {form.data.versions.map((v) => (
                    <option key={v} value={v}>
                      {v}
                      {v === original.version ? ' (this execution’s)' : ''}
                    </option>
                  ))}
                </select>
              </div>
              <SchemaNote form={form.data} />
            </SchemaForm>
          ) : (
            !form.isError && <p className="text-sm">Loading its input schema…</p>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
