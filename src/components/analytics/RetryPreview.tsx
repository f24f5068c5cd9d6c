'use client'
// Before a failure group's "Retry all": what the retry would do, tried without changing anything
// (the bulk API's dry run) — how many would be retried, and which would be refused and why.
import Link from 'next/link'
import { useEffect, useState } from 'react'
import type { ListFilter } from '@/server/domain/schemas'
import { api } from '@/trpc/react'
import { formatCount } from '@/components/format'

export type Preview = { changed: number; matched: number; refusedCount: number; refused: { id: string; message: string }[] }

/** `onPreview`: told the dry run's result, so the dialog's own words say what it found. */
export function RetryPreview({ filter, onPreview }: { filter: ListFilter; onPreview?: (preview: Preview) => void }) {
  const utils = api.useUtils()
  const [preview, setPreview] = useState<Preview | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => {
    let current = true
    utils.client.executions.bulk
      .mutate({ operation: 'retry', filter, dryRun: true })
      .then((result) => {
        if (!current) return
        setPreview(result)
        onPreview?.(result)
      })
      .catch((error: Error) => current && setProblem(error.message))
    return () => {
      current = false
    }
    // (Once when the dialog opens: the filter is the group's.)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  if (problem)
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-300">
        The dry run was refused: {problem}
      </p>
    )
  if (!preview) return <p className="text-sm text-slate-500 dark:text-slate-400">Trying the retry without changing anything…</p>
  return (
    <section aria-label="dry run" className="flex flex-col gap-1 text-sm">
      <p>
        Dry run: <strong>{formatCount(preview.changed)}</strong> would be retried
        {preview.refusedCount ? (
          <>
            , <strong>{formatCount(preview.refusedCount)}</strong> refused
          </>
        ) : null}{' '}
        (of {formatCount(preview.matched)}).
      </p>
      {preview.refused.length > 0 && (
        <ul aria-label="would be refused" className="max-h-40 overflow-y-auto rounded border border-slate-200 p-2 text-xs dark:border-slate-700">
          {preview.refused.map((r) => (
            <li key={r.id}>
              <Link href={`/executions/${r.id}`} className="font-mono text-blue-700 underline dark:text-blue-300">
                {r.id}
              </Link>
              : {r.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
