'use client'
// Seed 000's ExecutionResult on the execution page: its summary, output, artifacts and metadata
// for a completed execution, and what a failed one had produced before it failed. Everything here
// was sealed at rest and is opened by the API for whoever may see the execution (as its error,
// steps and logs are); it is written out as text, never markup, and only http(s) artifacts link.
import { useState } from 'react'
import type { ServiceExecution } from '@/server/domain/execution'
import { ellipsize } from '@/components/format'
import { describeArtifact, formatBytes, partialOutput } from './result'

export function ResultPanel({ execution }: { execution: ServiceExecution }) {
  const { status, result } = execution
  if (status === 'completed' && result) return <Completed result={result} />
  if (status === 'failed') {
    if (result) return <Completed result={result} partial />
    const partial = partialOutput(execution)
    if (!partial) return null
    return (
      <section aria-labelledby="result-heading" className="flex flex-col gap-2 rounded border border-slate-300 p-3 text-sm dark:border-slate-700" data-testid="result-panel">
        <h2 id="result-heading" className="font-semibold">
          Partial output
        </h2>
        <p className="text-slate-600 dark:text-slate-300">It failed before it finished: the outputs of the steps it completed, by step.</p>
        <JsonBlock label="Output" value={partial} />
      </section>
    )
  }
  return null
}

function Completed({ result, partial = false }: { result: NonNullable<ServiceExecution['result']>; partial?: boolean }) {
  const artifacts = (result.artifacts ?? []).map((ref) => describeArtifact(ref, result.metadata))
  const metadata = result.metadata ? Object.fromEntries(Object.entries(result.metadata).filter(([key]) => key !== 'artifactSizes')) : undefined
  return (
    <section
      aria-labelledby="result-heading"
      className={`flex flex-col gap-2 rounded border p-3 text-sm ${result.success ? 'border-emerald-300 dark:border-emerald-800' : 'border-amber-300 dark:border-amber-700'}`}
      data-testid="result-panel"
    >
      <h2 id="result-heading" className="font-semibold">
        {partial ? 'Partial result' : 'Result'}{' '}
        <span className={`text-xs font-normal ${result.success ? 'text-emerald-800 dark:text-emerald-300' : 'text-amber-900 dark:text-amber-200'}`}>
          {result.success ? 'succeeded' : 'reported unsuccessful'}
        </span>
      </h2>
      {result.summary && (
        <p className="whitespace-pre-wrap break-words" data-testid="result-summary">
          {result.summary}
        </p>
      )}
      {result.output !== undefined && result.output !== null && <JsonBlock label="Output" value={result.output} />}
      {artifacts.length > 0 && (
        <div>
          <h3 className="text-xs font-semibold text-slate-600 dark:text-slate-300">Artifacts ({artifacts.length})</h3>
          <ul className="mt-1 flex flex-col gap-1" data-testid="result-artifacts">
            {artifacts.map((a, i) => (
              <li key={`${i}:${a.ref}`} className="flex min-w-0 flex-wrap items-baseline gap-x-2">
                {/* A long name is cut in the middle (its extension kept); the title holds the whole reference. */}
                {a.href ? (
                  <a
                    href={a.href}
                    target="_blank"
                    rel="noopener noreferrer nofollow"
                    className="min-w-0 break-all text-blue-700 underline dark:text-blue-300"
                    title={a.ref}
                    data-testid="artifact-name"
                  >
                    {ellipsize(a.name)}
                  </a>
                ) : (
                  <span className="min-w-0 break-all font-mono text-xs" title={`${a.ref} (not an http(s) link)`} data-testid="artifact-name">
                    {ellipsize(a.name)}
                  </span>
                )}
                <span className="text-xs text-slate-500 dark:text-slate-400">
                  {[a.type, a.size !== null ? formatBytes(a.size) : null].filter(Boolean).join(' · ') || 'unknown type'}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {metadata && Object.keys(metadata).length > 0 && <JsonBlock label="Metadata" value={metadata} />}
    </section>
  )
}

/** A value as indented JSON, scrollable, with a button that copies it. */
function JsonBlock({ label, value }: { label: string; value: unknown }) {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2)
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null)
  return (
    <div className="min-w-0">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-xs font-semibold text-slate-600 dark:text-slate-300">{label}</h3>
        <button
          type="button"
          className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
          onClick={() =>
            navigator.clipboard.writeText(text).then(
              () => setCopied('yes'),
              () => setCopied('no'),
            )
          }
          aria-label={`Copy ${label.toLowerCase()}`}
        >
          {copied === 'yes' ? 'Copied' : copied === 'no' ? 'Copy failed' : 'Copy'}
        </button>
      </div>
      <pre className="mt-1 max-h-80 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-2 text-xs dark:bg-slate-900" data-testid={`result-${label.toLowerCase()}`}>
        {text}
      </pre>
    </div>
  )
}
