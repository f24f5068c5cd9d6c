'use client'
// What the bell and the centre both do: mark read (some, or all) and read the list and the count again.
import { api } from '@/trpc/react'

/** The unread count is polled this often (and on focus): notifications come from the server's own loops too. */
export const NOTIFICATIONS_POLL_MS = 20_000

export function useMarkRead() {
  const utils = api.useUtils()
  const refresh = () => void Promise.all([utils.notifications.unreadCount.invalidate(), utils.notifications.list.invalidate()])
  const some = api.notifications.markRead.useMutation({ onSuccess: refresh })
  const all = api.notifications.markAllRead.useMutation({ onSuccess: refresh })
  return {
    /** Marks one read unless it is already. */
    one: (n: { id: string; read: boolean }) => !n.read && some.mutate({ ids: [n.id] }),
    all: () => all.mutate(),
    pending: all.isPending,
  }
}
