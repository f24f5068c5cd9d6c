// A webhook as it is stored, from what a caller asked for: one builder for the webhooks an
// execution is created with and those of a service (the catalog), with the destination check.
import type { z } from 'zod'
import type { webhookSchema } from '../domain/schemas'
import { isPrivateHost } from '../domain/network'
import { seal, sealValue } from '../security/crypto'
import { badRequest } from './errors'
import { newId, newWebhookSecret } from './ids'

export type WebhookInput = z.infer<typeof webhookSchema>

/**
 * The columns of a new webhook (headers, often credentials, and the secret sealed at rest), and
 * its secret in the clear to show once. A loopback or private destination is refused, naming
 * `field`, unless allowed (tests, local development).
 */
export function webhookFields(hook: WebhookInput, options: { allowPrivate: boolean; field: string; at: Date }) {
  if (!options.allowPrivate && isPrivateHost(new URL(hook.url).hostname)) {
    throw badRequest(options.field, 'a loopback or private address; allowed only with WEBHOOK_ALLOW_PRIVATE=1')
  }
  const secret = hook.secret ?? newWebhookSecret()
  return {
    secret,
    fields: {
      id: newId('wh', options.at.getTime()),
      url: hook.url,
      events: hook.events,
      /** Sealed, as a JSON value (null when none). */
      headers: hook.headers ? sealValue(hook.headers) : null,
      retries: hook.retries ?? 3,
      timeoutMs: hook.timeout ?? 5_000,
      secret: seal(secret),
      createdAt: options.at,
    },
  }
}

/** What a header's value reads as: its name shows which are set, never what they hold (values are write-only, as the secret is). */
export const MASKED_HEADER_VALUE = '********'
export const maskedHeaders = (headers: Record<string, string> | null | undefined): Record<string, string> | undefined =>
  headers ? Object.fromEntries(Object.keys(headers).map((name) => [name, MASKED_HEADER_VALUE])) : undefined
