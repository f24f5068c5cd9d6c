// Notifications over REST (docs/notifications.md). The notification centre is a signed-in user's
// own: with the console's session cookie it answers that user's; an API key has no user and is
// refused (403). Channels are their organisation's admins' (a session: no key administers).
import type { OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { notificationChannelInputSchema, notificationChannelPatchSchema, notificationChannelSchema, notificationDeliverySchema, notificationSchema } from '../domain/notifications'
import { queryStringSchema } from './query-string'
import { body, idParam, json, ok, route, type Env } from './routes'

const listQuery = queryStringSchema(
  z.object({
    unreadOnly: z.boolean().optional().describe('Only the unread ones'),
    limit: z
      .number({ error: 'a whole number from 1 to 200' })
      .int('a whole number from 1 to 200')
      .min(1, 'a whole number from 1 to 200')
      .max(200, 'a whole number from 1 to 200')
      .optional(),
  }),
)
const readBody = z
  .strictObject({
    ids: z.array(z.string().min(1).max(200)).min(1).max(200).optional().describe('These notifications (yours; others are left as they are)'),
    all: z.literal(true).optional().describe('Every unread notification of yours'),
  })
  .refine((b) => (b.ids ? !b.all : b.all), { message: 'send either ids (a list of your notifications) or all: true', path: ['ids'] })
  .meta({ id: 'MarkNotificationsRead' })
const unread = z.object({ unread: z.number().describe('How many of your notifications are unread now') })

export function registerNotificationRoutes(app: OpenAPIHono<Env>) {
  app.openapi(
    route('read', {
      method: 'get',
      path: '/notifications',
      operationId: 'listNotifications',
      tags: ['notifications'],
      summary: "The signed-in user's notifications (reviews due, alerts fired, watched executions failed), newest first; an API key has none (403)",
      request: { query: listQuery },
      responses: ok(z.object({ items: z.array(notificationSchema), unread: z.number() }), 'Your notifications and how many are unread'),
    }),
    async (c) => c.json(c.get('scope').notifications.list(c.req.valid('query')), 200),
  )
  app.openapi(
    route('read', {
      method: 'post',
      path: '/notifications/read',
      operationId: 'markNotificationsRead',
      tags: ['notifications'],
      summary: 'Mark some or all of your notifications read (yours only: a viewer may too)',
      request: body(readBody),
      responses: ok(unread, 'Marked'),
    }),
    async (c) => {
      const { ids, all } = c.req.valid('json')
      const n = c.get('scope').notifications
      return c.json(all ? n.markAllRead() : n.markRead(ids!), 200)
    },
  )

  app.openapi(
    route('admin', {
      method: 'get',
      path: '/notification-channels',
      operationId: 'listNotificationChannels',
      tags: ['notifications'],
      summary: "Your organisations' notification channels (admins): email lists and Slack-compatible incoming webhooks, with their last delivery",
      responses: ok(z.array(notificationChannelSchema), 'The channels'),
    }),
    async (c) => c.json(c.get('scope').notificationChannels.list() as never, 200),
  )
  app.openapi(
    route('admin', {
      method: 'post',
      path: '/notification-channels',
      operationId: 'createNotificationChannel',
      tags: ['notifications'],
      summary: 'Add a notification channel to one of your organisations (admins); the webhook URL and recipients are sealed at rest',
      request: body(notificationChannelInputSchema),
      responses: { 201: json(notificationChannelSchema, 'Created') },
    }),
    async (c) => c.json(c.get('scope').notificationChannels.create(c.req.valid('json')) as never, 201),
  )
  app.openapi(
    route('admin', {
      method: 'put',
      path: '/notification-channels/{id}',
      operationId: 'updateNotificationChannel',
      tags: ['notifications'],
      summary: 'Change a channel: its name, recipients or URL, events, or whether it is enabled',
      request: { params: idParam, ...body(notificationChannelPatchSchema) },
      responses: ok(notificationChannelSchema, 'Changed'),
    }),
    async (c) => c.json(c.get('scope').notificationChannels.update(c.req.valid('param').id, c.req.valid('json')) as never, 200),
  )
  app.openapi(
    route('admin', {
      method: 'delete',
      path: '/notification-channels/{id}',
      operationId: 'deleteNotificationChannel',
      tags: ['notifications'],
      summary: 'Remove a channel and its deliveries',
      request: { params: idParam },
      responses: ok(z.object({ id: z.string(), deleted: z.literal(true) }), 'Removed'),
    }),
    async (c) => c.json(c.get('scope').notificationChannels.remove(c.req.valid('param').id), 200),
  )
  app.openapi(
    route('admin', {
      method: 'post',
      path: '/notification-channels/{id}/test',
      operationId: 'testNotificationChannel',
      tags: ['notifications'],
      summary: 'Send a test message through the channel: queued, delivered and retried as any other (see its deliveries)',
      request: { params: idParam },
      responses: { 202: json(notificationDeliverySchema, 'Queued') },
    }),
    async (c) => c.json(c.get('scope').notificationChannels.test(c.req.valid('param').id), 202),
  )
  app.openapi(
    route('admin', {
      method: 'get',
      path: '/notification-channels/{id}/deliveries',
      operationId: 'listNotificationDeliveries',
      tags: ['notifications'],
      summary: "A channel's latest deliveries, newest first: pending (with the next attempt), succeeded, or failed with the last error",
      request: { params: idParam },
      responses: ok(z.array(notificationDeliverySchema), 'The deliveries'),
    }),
    async (c) => c.json(c.get('scope').notificationChannels.deliveries(c.req.valid('param').id), 200),
  )
}
