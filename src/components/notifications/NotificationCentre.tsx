'use client'
// The notification centre: the signed-in user's notifications, newest first — reviews due (human
// steps assigned to them or their team), alerts fired in their organisations, executions they
// watch that failed. Opening one marks it read; so do "Mark read" and "Mark all read".
import Link from 'next/link'
import { api } from '@/trpc/react'
import { NotificationItem } from './NotificationItem'
import { NOTIFICATIONS_POLL_MS, useMarkRead } from './use-notifications'

export function NotificationCentre({ unreadOnly }: { unreadOnly: boolean }) {
  const list = api.notifications.list.useQuery({ unreadOnly, limit: 200 }, { refetchInterval: NOTIFICATIONS_POLL_MS })
  const mark = useMarkRead()
  const unread = list.data?.unread ?? 0
  const tab = (active: boolean) =>
    `rounded-md px-2.5 py-1 text-sm ${active ? 'bg-slate-200 font-medium text-slate-900 dark:bg-slate-800 dark:text-white' : 'text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`
  return (
    <div className="flex max-w-3xl flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Notifications</h1>
        <span className="text-sm text-slate-500 dark:text-slate-400">{unread} unread</span>
        <button
          type="button"
          disabled={!unread || mark.pending}
          onClick={mark.all}
          className="ml-auto rounded-md border border-slate-300 px-2.5 py-1 text-sm hover:bg-slate-50 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800"
        >
          Mark all read
        </button>
      </div>
      <nav aria-label="Which notifications" className="flex gap-1">
        <Link href="/notifications" aria-current={!unreadOnly ? 'page' : undefined} className={tab(!unreadOnly)}>
          All
        </Link>
        <Link href="/notifications?unread=1" aria-current={unreadOnly ? 'page' : undefined} className={tab(unreadOnly)}>
          Unread
        </Link>
      </nav>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        Reviews coming due that are assigned to you or your team, alerts fired in your organisations, and executions you watch that failed. You watch the executions you start;
        watch others from their page.
      </p>
      {list.error && <p role="alert">Notifications could not be loaded: {list.error.message}</p>}
      {list.data?.items.length === 0 && (
        <p className="rounded-md border border-dashed border-slate-300 px-3 py-6 text-center text-slate-500 dark:border-slate-700 dark:text-slate-400">
          {unreadOnly ? 'Nothing unread.' : 'Nothing to tell you yet.'}
        </p>
      )}
      {!!list.data?.items.length && (
        <ul aria-label="notifications" className="overflow-hidden rounded-md border border-slate-200 dark:border-slate-700">
          {list.data.items.map((n) => (
            <NotificationItem
              key={n.id}
              notification={n}
              onOpen={() => mark.one(n)}
              action={
                !n.read && (
                  <button
                    type="button"
                    aria-label={`Mark read: ${n.title}`}
                    onClick={() => mark.one(n)}
                    className="absolute bottom-2 right-3 rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-900 dark:hover:bg-slate-800"
                  >
                    Mark read
                  </button>
                )
              }
            />
          ))}
        </ul>
      )}
    </div>
  )
}
