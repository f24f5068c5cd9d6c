'use client'
// The bell in the app shell: the signed-in user's unread notifications (reviews due, alerts fired,
// executions they watch that failed), the latest few in a popover, each a link to what it is
// about. Notifications are written by the server's own loops (alert evaluation, the review sweep,
// the write path), so the count is polled modestly (every 20 s, and when the window regains focus).
import Link from 'next/link'
import * as RadixPopover from '@radix-ui/react-popover'
import { useState } from 'react'
import { api } from '@/trpc/react'
import { NotificationItem } from './NotificationItem'
import { NOTIFICATIONS_POLL_MS, useMarkRead } from './use-notifications'

export function NotificationBell() {
  const [open, setOpen] = useState(false)
  const count = api.notifications.unreadCount.useQuery(undefined, { refetchInterval: NOTIFICATIONS_POLL_MS, refetchOnWindowFocus: true })
  const latest = api.notifications.list.useQuery({ limit: 8 }, { enabled: open })
  const mark = useMarkRead()
  const unread = count.data?.unread ?? 0
  return (
    <RadixPopover.Root open={open} onOpenChange={setOpen}>
      <RadixPopover.Trigger
        aria-label={unread ? `Notifications: ${unread} unread` : 'Notifications'}
        className="relative inline-flex items-center rounded-md border border-slate-300 px-2 py-0.5 text-sm hover:bg-slate-50 data-[state=open]:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800 dark:data-[state=open]:bg-slate-800"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4 fill-current">
          <path d="M10 2a5 5 0 0 0-5 5v2.6L3.3 13a1 1 0 0 0 .9 1.5h11.6a1 1 0 0 0 .9-1.5L15 9.6V7a5 5 0 0 0-5-5Zm-2 14a2 2 0 0 0 4 0H8Z" />
        </svg>
        {unread > 0 && (
          <span data-testid="unread-count" className="ml-1 min-w-4 rounded-full bg-red-600 px-1 text-center text-xs font-semibold leading-4 text-white">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </RadixPopover.Trigger>
      <RadixPopover.Portal>
        <RadixPopover.Content
          role="dialog"
          aria-label="Notifications"
          align="start"
          sideOffset={6}
          collisionPadding={8}
          className="z-50 flex max-h-[70vh] w-80 max-w-[calc(100vw-1rem)] flex-col overflow-hidden rounded-md border border-slate-200 bg-white text-sm text-slate-900 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        >
          <div className="flex items-center justify-between border-b border-slate-200 px-3 py-2 dark:border-slate-700">
            <span className="font-semibold">Notifications</span>
            <button
              type="button"
              disabled={!unread || mark.pending}
              onClick={mark.all}
              className="text-xs text-blue-700 underline-offset-2 hover:underline disabled:text-slate-400 disabled:no-underline dark:text-blue-300 dark:disabled:text-slate-500"
            >
              Mark all read
            </button>
          </div>
          <ul className="flex-1 overflow-y-auto">
            {latest.isLoading && <li className="px-3 py-3 text-slate-500 dark:text-slate-400">Loading…</li>}
            {latest.error && (
              <li role="alert" className="px-3 py-3">
                Notifications could not be loaded: {latest.error.message}
              </li>
            )}
            {latest.data?.items.length === 0 && <li className="px-3 py-3 text-slate-500 dark:text-slate-400">Nothing to tell you yet.</li>}
            {latest.data?.items.map((n) => (
              <NotificationItem
                key={n.id}
                notification={n}
                compact
                onOpen={() => {
                  mark.one(n)
                  setOpen(false)
                }}
              />
            ))}
          </ul>
          <Link
            href="/notifications"
            onClick={() => setOpen(false)}
            className="border-t border-slate-200 px-3 py-2 text-center text-blue-700 hover:bg-slate-50 dark:border-slate-700 dark:text-blue-300 dark:hover:bg-slate-800"
          >
            See all notifications
          </Link>
        </RadixPopover.Content>
      </RadixPopover.Portal>
    </RadixPopover.Root>
  )
}
