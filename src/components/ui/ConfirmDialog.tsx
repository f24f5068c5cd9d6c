'use client'
// A confirmation for destructive operations (Radix Dialog: focus trap, Escape, labelled).
import * as Dialog from '@radix-ui/react-dialog'
import { useState, type ReactNode } from 'react'
import { toast } from 'sonner'

export function ConfirmDialog({
  trigger,
  title,
  description,
  confirmLabel,
  onConfirm,
  children,
  destructive = true,
  confirmDisabled = false,
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
  /** The confirm button off (nothing to do yet, or at all). */
  confirmDisabled?: boolean
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
                disabled={pending || confirmDisabled}
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

/**
 * "Remove" (or "Delete") beside a named thing in a list, confirmed first: the server's refusal
 * as a toast with the dialog kept open, its success as a toast.
 */
export function RemoveButton({
  kind,
  name,
  id,
  verb = 'Remove',
  description,
  onRemove,
}: {
  /** What it is, as the button's accessible name and the dialog say it ("rule", "strategy"). */
  kind: string
  name: string
  /** Its id, in the button's accessible name: two of one name stay told apart. */
  id?: string
  verb?: 'Remove' | 'Delete'
  description: ReactNode
  onRemove: () => Promise<unknown>
}) {
  const done = verb === 'Remove' ? 'removed' : 'deleted'
  return (
    <ConfirmDialog
      trigger={
        <button type="button" className="rounded border border-red-300 px-2 py-0.5 text-xs text-red-700 dark:border-red-800 dark:text-red-300">
          {verb}
          <span className="sr-only">
            {' '}
            {kind} {name}
            {id ? ` (${id})` : ''}
          </span>
        </button>
      }
      title={`${verb} ${kind} "${name}"?`}
      description={description}
      confirmLabel={`${verb} ${kind}`}
      onConfirm={async () => {
        try {
          await onRemove()
          toast.success(`${kind[0]!.toUpperCase()}${kind.slice(1)} "${name}" ${done}`)
        } catch (e) {
          toast.error((e as Error).message)
          throw e
        }
      }}
    />
  )
}
