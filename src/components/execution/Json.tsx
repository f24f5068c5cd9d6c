'use client'
// A value a worker or a person reported, shown as text (never markup), folded until asked for.
import { useState } from 'react'

export function Json({ label, value }: { label: string; value: unknown }) {
  // Written out once opened: a running batch's checkpoint state lists its 10,000 pending steps
  // (190 KB of text), which a closed panel had put in the page's HTML.
  const [open, setOpen] = useState(false)
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer text-xs">{label}</summary>
      {open && <pre className="max-h-64 overflow-auto rounded bg-slate-50 p-2 text-xs dark:bg-slate-900">{JSON.stringify(value, null, 2)}</pre>}
    </details>
  )
}
