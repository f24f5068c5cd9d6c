'use client'
// The team's saved views of the list (stored on the server), and saving the current one.
import Link from 'next/link'
import { useState } from 'react'
import { toast } from 'sonner'
import { api } from '@/trpc/react'
import { OrganizationOptions } from '@/components/OrganizationOptions'
import { Popover } from '@/components/ui/Popover'

export function SavedViews({ currentQuery, canSave }: { currentQuery: string; canSave: boolean }) {
  const utils = api.useUtils()
  const views = api.views.list.useQuery()
  const save = api.views.save.useMutation({ onSuccess: () => utils.views.list.invalidate() })
  const remove = api.views.remove.useMutation({ onSuccess: () => utils.views.list.invalidate() })
  const [name, setName] = useState('')
  // Of several organisations, a view is saved for one team: the one chosen, else the one that provides services.
  const organizations = api.me.useQuery(undefined, { staleTime: 60_000, enabled: canSave }).data?.named ?? []
  const [organizationId, setOrganizationId] = useState('')
  return (
    <Popover label="Saved views" align="end" trigger={`Saved views (${views.data?.length ?? 0})`}>
      <div className="w-72">
        {views.data?.length ? (
          <ul aria-label="saved views" className="mb-2 flex flex-col gap-1">
            {views.data.map((v) => (
              <li key={v.id} className="flex items-center justify-between gap-2">
                <Link href={`/executions${v.query ? `?${v.query}` : ''}`} className="text-blue-700 underline dark:text-blue-300">
                  {v.name}
                </Link>
                <span className="text-xs text-slate-500 dark:text-slate-400">{v.createdBy}</span>
                {canSave && (
                  <button type="button" aria-label={`delete view ${v.name}`} onClick={() => remove.mutate({ id: v.id })} className="text-xs text-red-700 dark:text-red-300">
                    delete
                  </button>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mb-2 text-slate-500 dark:text-slate-400">No saved views yet.</p>
        )}
        {canSave && organizations.length > 1 && (
          <div className="mb-1 flex items-center gap-2 text-xs">
            <label htmlFor="view-organization">For</label>
            <select
              id="view-organization"
              value={organizationId}
              onChange={(e) => setOrganizationId(e.target.value)}
              className="min-w-0 flex-1 rounded border border-slate-300 px-1 py-0.5 dark:border-slate-600 dark:bg-slate-800"
            >
              <OrganizationOptions organizations={organizations} byDefault="the providing organisation (default)" />
            </select>
          </div>
        )}
        {canSave && (
          <form
            className="flex gap-1"
            onSubmit={async (event) => {
              event.preventDefault()
              try {
                const saved = await save.mutateAsync({ name, query: currentQuery, ...(organizationId ? { organizationId } : {}) })
                toast.success(
                  `Saved view “${name}” for the team${organizations.length > 1 ? ` of ${organizations.find((o) => o.id === saved.organizationId)?.name ?? saved.organizationId}` : ''}`,
                )
                setName('')
              } catch (error) {
                toast.error(error instanceof Error ? error.message : String(error))
              }
            }}
          >
            <label className="sr-only" htmlFor="view-name">
              view name
            </label>
            <input
              id="view-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="Name this view"
              className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-800"
            />
            <button className="rounded bg-slate-800 px-2 py-1 text-white dark:bg-slate-200 dark:text-slate-900">Save</button>
          </form>
        )}
      </div>
    </Popover>
  )
}
