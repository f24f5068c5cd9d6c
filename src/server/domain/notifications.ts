// Notifications beyond webhooks (docs/notifications.md): what an organisation's channels (email,
// Slack-compatible incoming webhooks) hear of, what a user's notification centre holds, and how a
// message is written — pure, no I/O. The outbox and the senders are in server/notifications.
import { hasAField, NOTHING_TO_CHANGE } from './schemas'
import { z } from 'zod'

/** What a channel may hear of. */
export const NOTIFICATION_EVENTS = ['alert.fired', 'alert.resolved', 'execution.failed', 'review.due'] as const
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number]
export const CHANNEL_KINDS = ['email', 'slack'] as const
export type ChannelKind = (typeof CHANNEL_KINDS)[number]
/** What a user's notification centre holds. */
export const CENTRE_KINDS = ['review.due', 'alert.fired', 'execution.failed'] as const
export type CentreKind = (typeof CENTRE_KINDS)[number]

/** A human step is "due soon" this long before its due time (and while overdue). */
export const REVIEW_DUE_WITHIN_MS = 60 * 60_000
/** A failed send is tried again with backoff this many times, then marked failed. */
export const NOTIFICATION_RETRIES = 5

const events = z
  .array(z.enum(NOTIFICATION_EVENTS, { error: `one of ${NOTIFICATION_EVENTS.join(', ')}` }))
  .min(1, `at least one of ${NOTIFICATION_EVENTS.join(', ')}`)
  .max(NOTIFICATION_EVENTS.length)
  .transform((e) => [...new Set(e)])
const email = z.email({ error: 'an email address, such as ops@example.com' }).max(320)
const name = z.string().trim().min(1, 'a name of 1 to 100 characters').max(100, 'a name of 1 to 100 characters')

const organizationId = z.string().min(1).max(200).optional().describe('One of your organisations (required when you have several)')
export const emailChannelSchema = z.strictObject({
  kind: z.literal('email'),
  name,
  recipients: z.array(email).min(1, 'at least one email address').max(50, 'at most 50 addresses'),
  events,
  enabled: z.boolean().optional(),
  organizationId,
})
export const slackChannelSchema = z.strictObject({
  kind: z.literal('slack'),
  name,
  url: z.url({ protocol: /^https?$/, error: 'an http(s) URL: the incoming webhook URL Slack (or a compatible service) gave' }).max(2_000),
  events,
  enabled: z.boolean().optional(),
  organizationId,
})
/** A channel as an admin creates it, for one of their organisations. */
export const notificationChannelInputSchema = z
  .discriminatedUnion('kind', [emailChannelSchema, slackChannelSchema], { error: `one of ${CHANNEL_KINDS.join(', ')}` })
  .meta({ id: 'NotificationChannelInput' })
export type NotificationChannelInput = z.infer<typeof notificationChannelInputSchema>

/** What may change of a channel (its kind may not). */
export const notificationChannelPatchSchema = z
  .object({
    name: name.optional(),
    recipients: z.array(email).min(1, 'at least one email address').max(50, 'at most 50 addresses').optional(),
    url: slackChannelSchema.shape.url.optional(),
    events: events.optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine(hasAField, NOTHING_TO_CHANGE)
  .meta({ id: 'NotificationChannelPatch' })
export type NotificationChannelPatch = z.infer<typeof notificationChannelPatchSchema>

export const notificationChannelSchema = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    name: z.string(),
    kind: z.enum(CHANNEL_KINDS),
    /** Email: the addresses. */
    recipients: z.array(z.string()).optional(),
    /** Slack: the URL's host only (the rest of an incoming webhook URL is its secret). */
    urlHost: z.string().optional(),
    events: z.array(z.enum(NOTIFICATION_EVENTS)),
    enabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** The last delivery's outcome, for the admin list. */
    lastDelivery: z.object({ status: z.string(), at: z.string(), error: z.string().optional() }).optional(),
  })
  .meta({ id: 'NotificationChannel' })

export const notificationDeliverySchema = z
  .object({
    id: z.string(),
    channelId: z.string(),
    event: z.string(),
    title: z.string(),
    link: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    attempts: z.number(),
    nextAttemptAt: z.string().optional(),
    lastError: z.string().optional(),
    createdAt: z.string(),
  })
  .meta({ id: 'NotificationDelivery' })

export const notificationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(CENTRE_KINDS),
    title: z.string(),
    body: z.string().optional(),
    link: z.string().describe('The console path it links to, such as /executions/exec_…'),
    read: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'Notification' })

export const notificationListSchema = z.object({
  unreadOnly: z.boolean().optional(),
  limit: z.number().int().min(1).max(200).optional(),
})

/** What a message says, rendered when it is queued (so a retry sends the same). */
export interface Message {
  title: string
  text: string
  /** The console path it links to; the sender makes it absolute with the public base URL. */
  path: string
  fields?: { label: string; value: string }[]
}

/** The console's address of a path, from its public base URL. */
export const consoleLink = (baseUrl: string, path: string) => `${baseUrl.replace(/\/+$/, '')}${path}`

export const executionPath = (id: string) => `/executions/${encodeURIComponent(id)}`
export const alertPath = (id: string) => `/alerts#${encodeURIComponent(id)}`

/** A Slack-compatible incoming webhook's body: `text` for notifications and old clients, `blocks` for the message. */
export function slackPayload(message: Message, baseUrl: string) {
  const link = consoleLink(baseUrl, message.path)
  const escape = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
  return {
    text: `${message.title}: ${link}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*<${link}|${escape(message.title)}>*\n${escape(message.text)}` } },
      ...(message.fields?.length
        ? [{ type: 'section', fields: message.fields.slice(0, 10).map((f) => ({ type: 'mrkdwn', text: `*${escape(f.label)}*\n${escape(f.value)}` })) }]
        : []),
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in the console' }, url: link }] },
    ],
  }
}

/** An email's subject and bodies (plain text first; the HTML says the same). */
export function emailContent(message: Message, baseUrl: string) {
  const link = consoleLink(baseUrl, message.path)
  const html = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')
  const fields = message.fields ?? []
  return {
    subject: message.title,
    text: [message.text, ...fields.map((f) => `${f.label}: ${f.value}`), '', `Open in the console: ${link}`].join('\n'),
    html: `<p>${html(message.text)}</p>${fields.length ? `<ul>${fields.map((f) => `<li><b>${html(f.label)}</b>: ${html(f.value)}</li>`).join('')}</ul>` : ''}<p><a href="${html(link)}">Open in the console</a></p>`,
  }
}
