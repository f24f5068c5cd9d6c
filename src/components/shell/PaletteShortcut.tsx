'use client'
// The command palette's shortcut as the operator's keyboard says it: ⌘K on a Mac, Ctrl K elsewhere
// (the palette answers mod+k: ⌘ on a Mac, Ctrl elsewhere).
import { useSyncExternalStore } from 'react'

/** Whether a platform string names an Apple keyboard (macOS, iPadOS, iOS). */
export const isApple = (platform: string) => /mac|iphone|ipad|ipod/i.test(platform)

const platform = () => (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform || navigator.platform || navigator.userAgent
const never = () => () => {}

export function PaletteShortcut() {
  // The server does not know the keyboard: it says "Ctrl K", the browser corrects it after hydration.
  const apple = useSyncExternalStore(
    never,
    () => isApple(platform()),
    () => false,
  )
  return (
    <kbd className="rounded border border-slate-300 px-1 text-xs dark:border-slate-600" aria-label={apple ? 'Command K' : 'Control K'}>
      {apple ? '⌘K' : 'Ctrl K'}
    </kbd>
  )
}
