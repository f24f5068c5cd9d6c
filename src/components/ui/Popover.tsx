'use client'
// A popover on Radix: it closes on a click outside and on Escape, gives focus back to its
// trigger, and opens in a portal above the table (a <details> did none of these).
import * as RadixPopover from '@radix-ui/react-popover'
import type { ReactNode } from 'react'

export const TRIGGER_CLASS =
  'inline-flex items-center gap-1 whitespace-nowrap rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50 data-[state=open]:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800 dark:data-[state=open]:bg-slate-800'

export function Popover({
  trigger,
  label,
  children,
  align = 'start',
  className = '',
  open,
  onOpenChange,
}: {
  /** What the trigger button shows. */
  trigger: ReactNode
  /** The accessible name of the popover's content. */
  label: string
  children: ReactNode
  align?: 'start' | 'center' | 'end'
  className?: string
  /** Open or closed by its owner (a form in it that closes it once applied); left to itself without. */
  open?: boolean
  onOpenChange?: (open: boolean) => void
}) {
  return (
    <RadixPopover.Root open={open} onOpenChange={onOpenChange}>
      <RadixPopover.Trigger className={TRIGGER_CLASS}>{trigger}</RadixPopover.Trigger>
      <RadixPopover.Portal>
        <RadixPopover.Content
          role="dialog"
          aria-label={label}
          align={align}
          sideOffset={4}
          collisionPadding={8}
          className={`z-50 max-h-[70vh] overflow-y-auto rounded-md border border-slate-200 bg-white p-2 text-sm text-slate-900 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 ${className}`}
        >
          {children}
        </RadixPopover.Content>
      </RadixPopover.Portal>
    </RadixPopover.Root>
  )
}
