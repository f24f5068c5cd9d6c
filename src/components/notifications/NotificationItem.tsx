'use client'
// One notification: what kind, what it says, when; a link to what it is about, marked unread.
import Link from 'next/link'
import type { ReactNode } from 'react'
import { RelativeTime } from '@/components/ui/RelativeTime'

export interface NotificationView {
  id: string
  kind: 'review.due' | 'alert.fired' | 'execution.failed'
  title: string
  body?: string
  link: string
  read: boolean
  createdAt: string
}

const KIND: Record<NotificationView['kind'], { label: string; style: string }> = {
  'review.due': { label: 'Review due', style: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100' },
  'alert.fired': { label: 'Alert', style: 'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100' },
  'execution.failed': { label: 'Failed', style: 'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100' },
}

export function NotificationItem({
  notification: n,
  compact = false,
  onOpen,
  action,
}: {
  notification: NotificationView
  compact?: boolean
  onOpen: () => void
  /** A control beside the link (the centre's "Mark read"). */
  action?: ReactNode
}) {
  const kind = KIND[n.kind]
  return (
    <li className={`relative border-b border-slate-100 last:border-b-0 dark:border-slate-800 ${n.read ? '' : 'bg-blue-50/60 dark:bg-blue-950/40'}`}>
      <Link href={n.link} onClick={onOpen} className={`flex flex-col gap-0.5 hover:bg-slate-50 dark:hover:bg-slate-800 ${compact ? 'px-3 py-2' : 'px-3 py-2.5'}`}>
        <span className="flex items-center gap-2 text-xs text-slate-500 dark:text-slate-400">
          <span className={`rounded px-1.5 py-0.5 font-medium ${kind.style}`}>{kind.label}</span>
          <RelativeTime iso={n.createdAt} />
          {!n.read && (
            <span className="ml-auto inline-flex items-center gap-1 text-blue-700 dark:text-blue-300">
              <span aria-hidden="true" className="h-2 w-2 rounded-full bg-blue-600 dark:bg-blue-400" />
              unread
            </span>
          )}
        </span>
        <span className={`break-words ${n.read ? '' : 'font-medium'}`}>{n.title}</span>
        {n.body && <span className={`break-words text-slate-600 dark:text-slate-300 ${compact ? 'line-clamp-2' : ''}`}>{n.body}</span>}
      </Link>
      {action}
    </li>
  )
}
