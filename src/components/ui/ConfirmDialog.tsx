'use client'
// A confirmation for destructive operations (Radix Dialog: focus trap, Escape, labelled).
import * as Dialog from '@radix-ui/react-dialog'
import { useState, type ReactNode } from 'react'

export function ConfirmDialog({
  trigger,
  title,
  description,
  confirmLabel,
  onConfirm,
  children,
  destructive = true,
  onOpenChange,
}: {
  trigger: ReactNode
  title: string
  description: ReactNode
  confirmLabel: string
  /** Resolves when done; a throw keeps the dialog open (the caller shows why). */
  onConfirm: () => Promise<unknown> | void
  /** Extra fields (a reason). */
  children?: ReactNode
  destructive?: boolean
  /** Told when it opens and closes. */
  onOpenChange?: (open: boolean) => void
}) {
  const [open, setOpenState] = useState(false)
  const setOpen = (next: boolean) => {
    setOpenState(next)
    onOpenChange?.(next)
  }
  const [pending, setPending] = useState(false)
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-black/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 w-[min(92vw,28rem)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl dark:bg-slate-900">
          <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
          <Dialog.Description className="mt-2 text-sm text-slate-600 dark:text-slate-300">{description}</Dialog.Description>
          <form
            className="mt-4 flex flex-col gap-3"
            onSubmit={async (event) => {
              event.preventDefault()
              setPending(true)
              try {
                await onConfirm()
                setOpen(false)
              } catch {
                // the caller has shown the server's message; the dialog stays for another try
              } finally {
                setPending(false)
              }
            }}
          >
            {children}
            <div className="flex justify-end gap-2">
              <Dialog.Close asChild>
                <button type="button" className="rounded border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-600">
                  Keep
                </button>
              </Dialog.Close>
              <button
                type="submit"
                disabled={pending}
                className={`rounded px-3 py-1.5 text-sm text-white disabled:opacity-60 ${destructive ? 'bg-red-700 hover:bg-red-800' : 'bg-slate-800 hover:bg-slate-900'}`}
              >
                {pending ? 'Working…' : confirmLabel}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
