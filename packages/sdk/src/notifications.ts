// Notifications (the console's docs/notifications.md): the signed-in user's notification centre,
// and organisations' notification channels (email lists, Slack-compatible incoming webhooks). The
// centre belongs to a person: with an API key the console answers 403 (a key has no user); the
// channels are admins' (a signed-in admin's session, as the console's own pages use).
import type { Transport } from './http.js'
import type { components } from './openapi.js'

export type Notification = components['schemas']['Notification']
export type NotificationChannel = components['schemas']['NotificationChannel']
export type NotificationChannelInput = components['schemas']['NotificationChannelInput']
export type NotificationChannelPatch = components['schemas']['NotificationChannelPatch']
export type NotificationDelivery = components['schemas']['NotificationDelivery']

export interface Notifications {
  /** Your notifications, newest first, and how many are unread. */
  list(options?: { unreadOnly?: boolean; limit?: number }): Promise<{ items: Notification[]; unread: number }>
  /** Marks these of yours read (or all of them, with no ids); answers how many stay unread. */
  markRead(ids?: string[]): Promise<{ unread: number }>
}

export interface NotificationChannels {
  list(): Promise<NotificationChannel[]>
  create(channel: NotificationChannelInput): Promise<NotificationChannel>
  update(id: string, patch: NotificationChannelPatch): Promise<NotificationChannel>
  delete(id: string): Promise<{ id: string; deleted: true }>
  /** Queues a test message through the channel; follow it in `deliveries`. */
  test(id: string): Promise<NotificationDelivery>
  deliveries(id: string): Promise<NotificationDelivery[]>
}

export function notifications(transport: Transport): Notifications {
  return {
    list: (options = {}) => transport.request('GET', '/notifications', { query: { unreadOnly: options.unreadOnly, limit: options.limit } }),
    markRead: (ids) => transport.request('POST', '/notifications/read', { body: ids?.length ? { ids } : { all: true } }),
  }
}

export function notificationChannels(transport: Transport): NotificationChannels {
  const one = (id: string) => `/notification-channels/${encodeURIComponent(id)}`
  return {
    list: () => transport.request('GET', '/notification-channels'),
    create: (channel) => transport.request('POST', '/notification-channels', { body: channel }),
    update: (id, patch) => transport.request('PUT', one(id), { body: patch }),
    delete: (id) => transport.request('DELETE', one(id)),
    test: (id) => transport.request('POST', `${one(id)}/test`),
    deliveries: (id) => transport.request('GET', `${one(id)}/deliveries`),
  }
}
