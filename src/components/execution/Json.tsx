// A value a worker or a person reported, shown as text (never markup), folded until asked for.
export function Json({ label, value }: { label: string; value: unknown }) {
  return (
    <details>
      <summary className="cursor-pointer text-xs">{label}</summary>
      <pre className="max-h-64 overflow-auto rounded bg-slate-50 p-2 text-xs dark:bg-slate-900">{JSON.stringify(value, null, 2)}</pre>
    </details>
  )
}
