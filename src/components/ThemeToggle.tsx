'use client'
// Light, dark or the system's choice; remembered by the browser.
import { useTheme } from 'next-themes'
import { useEffect, useState } from 'react'

export function ThemeToggle() {
  const { theme, setTheme } = useTheme()
  const [mounted, setMounted] = useState(false)
  useEffect(() => setMounted(true), [])
  return (
    <label className="flex items-center gap-1 text-sm">
      <span className="sr-only sm:not-sr-only">Theme</span>
      <select
        aria-label="colour theme"
        value={mounted ? (theme ?? 'system') : 'system'}
        onChange={(e) => setTheme(e.target.value)}
        className="rounded border border-slate-300 bg-transparent px-1 py-0.5 dark:border-slate-600 dark:bg-slate-900"
      >
        <option value="system">system</option>
        <option value="light">light</option>
        <option value="dark">dark</option>
      </select>
    </label>
  )
}
