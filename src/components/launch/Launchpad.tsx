'use client'
// Pick a workflow and a version, fill in its input (a form from its schema, or JSON), launch:
// the new execution's page opens. What the server refuses is shown by the form.
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { api } from '@/trpc/react'
import { OrganizationOptions } from '@/components/OrganizationOptions'
import { SchemaForm } from './SchemaForm'
import { SchemaNote } from './SchemaNote'

export interface LaunchableWorkflow {
  key: string
  name: string
  service: string | null
  versions: number[]
}

const SELECT = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-800'

export function Launchpad({
  workflows,
  organizations,
  initial,
}: {
  workflows: LaunchableWorkflow[]
  /** The launcher's organisations: of several, it says which one the run is for (the customer). */
  organizations: { id: string; name: string }[]
  initial: { workflow?: string; version?: number }
}) {
  const router = useRouter()
  const [key, setKey] = useState(() => workflows.find((w) => w.key === initial.workflow)?.key ?? workflows[0]?.key ?? '')
  const [version, setVersion] = useState<number | undefined>(initial.workflow === key ? initial.version : undefined)
  // '' leaves it to the console: the service's provider when it is one of them (else it asks).
  const [customer, setCustomer] = useState('')
  const chosen = workflows.find((w) => w.key === key)
  const form = api.workflows.launchForm.useQuery({ workflow: key, ...(version !== undefined ? { version } : {}) }, { enabled: key !== '' })
  const start = api.workflows.start.useMutation()
  if (!workflows.length) return <p className="text-sm">No workflows yet: register a template (POST /api/workflow-templates) or start a worker with defineWorkflow.</p>

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1 text-sm">
          <label htmlFor="launch-workflow" className="font-medium">
            Workflow
          </label>
          <select
            id="launch-workflow"
            value={key}
            onChange={(e) => {
              setKey(e.target.value)
              setVersion(undefined)
            }}
            className={SELECT}
          >
            {workflows.map((w) => (
              <option key={w.key} value={w.key}>
                {w.name} ({w.key})
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1 text-sm">
          <label htmlFor="launch-version" className="font-medium">
            Version
          </label>
          <select id="launch-version" value={version ?? ''} onChange={(e) => setVersion(e.target.value ? Number(e.target.value) : undefined)} className={SELECT}>
            <option value="">newest ({chosen?.versions[0]})</option>
            {chosen?.versions.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </div>
        {organizations.length > 1 && (
          <div className="flex flex-col gap-1 text-sm">
            <label htmlFor="launch-customer" className="font-medium">
              For
            </label>
            <select id="launch-customer" value={customer} onChange={(e) => setCustomer(e.target.value)} className={SELECT}>
              <OrganizationOptions organizations={organizations} byDefault="the service's provider" />
            </select>
          </div>
        )}
      </div>
      {form.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          The form could not be read: {form.error.message}
        </p>
      )}
      {form.data && (
        <>
          <SchemaNote form={form.data} />
          {/* Drawn anew for each workflow version: its fields and defaults are that version's. */}
          <SchemaForm
            key={form.data.id}
            schema={form.data.schema}
            idPrefix="launch"
            submitLabel="Launch"
            onSubmit={async (input) => {
              const execution = await start.mutateAsync({ workflow: form.data.key, version: form.data.version, input, ...(customer ? { customer } : {}) })
              router.push(`/executions/${execution.$id}`)
            }}
          />
        </>
      )}
      {form.isPending && key !== '' && <p className="text-sm">Loading its input schema…</p>}
    </div>
  )
}
