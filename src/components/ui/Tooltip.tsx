'use client'
// Tooltips (Radix): on hover after a short delay and on keyboard focus, dismissed by Escape.
// A table holds hundreds of cut cells: `Truncated` mounts its tooltip only once the pointer or
// focus reaches it, and only when its text is really cut (or the tooltip says more than the cell).
import * as Radix from '@radix-ui/react-tooltip'
import { useState, type ReactElement, type ReactNode } from 'react'

export const TooltipProvider = ({ children }: { children: ReactNode }) => (
  <Radix.Provider delayDuration={400} skipDelayDuration={200}>
    {children}
  </Radix.Provider>
)

export function Tooltip({ content, children, defaultOpen }: { content: ReactNode; children: ReactElement; defaultOpen?: boolean }) {
  return (
    <Radix.Root defaultOpen={defaultOpen}>
      <Radix.Trigger asChild>{children}</Radix.Trigger>
      <Radix.Portal>
        <Radix.Content
          sideOffset={4}
          collisionPadding={8}
          className="z-50 max-w-sm break-words rounded bg-slate-900 px-2 py-1 text-xs text-white shadow-md dark:bg-slate-100 dark:text-slate-900"
        >
          {content}
          <Radix.Arrow className="fill-slate-900 dark:fill-slate-100" />
        </Radix.Content>
      </Radix.Portal>
    </Radix.Root>
  )
}

/** Text on one line, cut with an ellipsis; the whole (or `full`) in a tooltip on hover or focus. */
export function Truncated({ text, full, className = '' }: { text: string; full?: string; className?: string }) {
  const [armed, setArmed] = useState(false)
  const arm = (el: HTMLElement) => {
    if (!armed && ((full !== undefined && full !== text) || el.scrollWidth > el.clientWidth)) setArmed(true)
  }
  const cell = (
    <span className={`block truncate ${className}`} onPointerEnter={(e) => arm(e.currentTarget)} onFocus={(e) => arm(e.currentTarget)}>
      {text}
    </span>
  )
  return armed ? (
    <Tooltip content={full ?? text} defaultOpen>
      {cell}
    </Tooltip>
  ) : (
    cell
  )
}
