'use client'
// A filter over a few values where each can be required ("is") or excluded ("not"): status,
// service, priority, assignee type. It stays open while values are picked; a click outside or
// Escape closes it.
import { Popover } from '@/components/ui/Popover'

export function FacetFilter<T extends string>({
  label,
  values,
  labels,
  included = [],
  excluded = [],
  onChange,
}: {
  label: string
  values: readonly T[]
  labels?: Partial<Record<T, string>>
  included?: readonly T[]
  excluded?: readonly T[]
  onChange: (next: { included: T[]; excluded: T[] }) => void
}) {
  const name = (v: T) => labels?.[v] ?? v
  const summary = included.length ? included.map(name).join(', ') : excluded.length ? `not ${excluded.map(name).join(', ')}` : 'any'
  const set = (value: T, mode: 'is' | 'not' | null) => {
    const inc = included.filter((v) => v !== value)
    const exc = excluded.filter((v) => v !== value)
    if (mode === 'is') inc.push(value)
    if (mode === 'not') exc.push(value)
    onChange({ included: inc, excluded: exc })
  }
  return (
    <Popover
      label={`${label} filter`}
      className="min-w-56"
      trigger={
        <>
          {label}: <span className="max-w-48 truncate font-medium">{summary}</span>
        </>
      }
    >
      <div role="group" aria-label={`${label} values`}>
        {values.map((value) => {
          const mode = included.includes(value) ? 'is' : excluded.includes(value) ? 'not' : null
          return (
            <div key={value} className="flex items-center justify-between gap-3 py-0.5 text-sm">
              <span>{name(value)}</span>
              <span className="flex gap-1">
                <button
                  type="button"
                  aria-pressed={mode === 'is'}
                  aria-label={`${label} is ${name(value)}`}
                  onClick={() => set(value, mode === 'is' ? null : 'is')}
                  className={`rounded px-1.5 text-xs ${mode === 'is' ? 'bg-blue-700 text-white' : 'border border-slate-300 dark:border-slate-600'}`}
                >
                  is
                </button>
                <button
                  type="button"
                  aria-pressed={mode === 'not'}
                  aria-label={`${label} is not ${name(value)}`}
                  onClick={() => set(value, mode === 'not' ? null : 'not')}
                  className={`rounded px-1.5 text-xs ${mode === 'not' ? 'bg-red-700 text-white' : 'border border-slate-300 dark:border-slate-600'}`}
                >
                  not
                </button>
              </span>
            </div>
          )
        })}
      </div>
    </Popover>
  )
}
