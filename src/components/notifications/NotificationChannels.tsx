'use client'
// Notification channels (admins): where an organisation's notifications go besides webhooks — an
// email list (sent through the console's SMTP server) or a Slack-compatible incoming webhook —
// and which events each hears of. "Send test" queues a message like any other; each channel's
// deliveries show what was sent, what is waiting for a retry and why the last attempt failed.
import { useState, type FormEvent } from 'react'
import { toast } from 'sonner'
import { api } from '@/trpc/react'
import { ConfirmDialog } from '@/components/ui/ConfirmDialog'
import { RelativeTime } from '@/components/ui/RelativeTime'
import { NOTIFICATION_EVENTS, type NotificationEvent } from '@/server/domain/notifications'
import { organizationName, type NamedOrganization } from '@/components/organizations'
import { formError, type FieldLabels } from '@/components/form-errors'

const EVENT_LABEL: Record<NotificationEvent, string> = {
  'alert.fired': 'Alert fired',
  'alert.resolved': 'Alert resolved',
  'execution.failed': 'Execution failed',
  'review.due': 'Review due',
}
const STATUS_STYLE: Record<string, string> = {
  pending: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
  succeeded: 'bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-100',
  failed: 'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100',
}
const input = 'min-w-0 max-w-full rounded border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-900'
const button = 'rounded bg-slate-800 px-3 py-1 text-sm text-white disabled:opacity-50 dark:bg-slate-200 dark:text-slate-900'
const small = 'rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-50 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800'

export function NotificationChannels({ organizations }: { organizations: NamedOrganization[] }) {
  const utils = api.useUtils()
  const channels = api.notificationChannels.list.useQuery(undefined, { refetchInterval: 10_000 })
  const refresh = () => Promise.all([utils.notificationChannels.list.invalidate(), utils.notificationChannels.deliveries.invalidate()])
  const update = api.notificationChannels.update.useMutation({ onSuccess: () => void refresh(), onError: (e) => toast.error(e.message) })
  const remove = api.notificationChannels.remove.useMutation({ onSuccess: () => void refresh(), onError: (e) => toast.error(e.message) })
  const test = api.notificationChannels.test.useMutation({
    onSuccess: () => {
      toast.success('Test queued: see its delivery below')
      void refresh()
    },
    onError: (e) => toast.error(e.message),
  })
  const [shown, setShown] = useState<string | null>(null)
  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-xl font-semibold">Notification channels</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Email lists and Slack-compatible incoming webhooks told of alerts, failed executions and reviews coming due, each message linking to the execution or alert here. A failed
          send is retried with backoff.
        </p>
      </div>
      <section aria-labelledby="channels-heading" className="flex flex-col gap-3">
        <h2 id="channels-heading" className="font-semibold">
          Channels ({channels.data?.length ?? 0})
        </h2>
        {channels.error && <p role="alert">Channels could not be loaded: {channels.error.message}</p>}
        {channels.data?.length === 0 && <p className="text-slate-500 dark:text-slate-400">No channels yet. Add one below.</p>}
        <ul aria-label="notification channels" className="flex flex-col gap-2">
          {channels.data?.map((c) => (
            <li key={c.id} className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{c.name}</span>
                <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">{c.kind === 'email' ? 'Email' : 'Slack webhook'}</span>
                {!c.enabled && <span className="text-xs text-slate-500 dark:text-slate-400">(paused)</span>}
                {organizations.length > 1 && (
                  <span className="text-xs text-slate-500 dark:text-slate-400" title={c.organizationId} data-testid="organization">
                    {organizationName(organizations, c.organizationId)}
                  </span>
                )}
                <span className="ml-auto flex flex-wrap gap-1.5">
                  <button type="button" className={small} disabled={test.isPending} onClick={() => test.mutate({ id: c.id })}>
                    Send test
                  </button>
                  <button type="button" className={small} onClick={() => update.mutate({ id: c.id, patch: { enabled: !c.enabled } })}>
                    {c.enabled ? 'Pause' : 'Resume'}
                  </button>
                  <button type="button" className={small} aria-expanded={shown === c.id} onClick={() => setShown(shown === c.id ? null : c.id)}>
                    Deliveries
                  </button>
                  <ConfirmDialog
                    trigger={<button className={small}>Remove</button>}
                    title={`Remove ${c.name}?`}
                    description="Its deliveries go with it; messages waiting for a retry are not sent."
                    confirmLabel="Remove"
                    onConfirm={() => remove.mutate({ id: c.id })}
                  />
                </span>
              </div>
              <p className="mt-1 break-words text-slate-600 dark:text-slate-300">
                {c.kind === 'email' ? `To ${c.recipients?.join(', ')}` : `Posts to ${c.urlHost} (the rest of the URL is kept secret)`} ·{' '}
                {c.events.map((e) => EVENT_LABEL[e]).join(', ')}
              </p>
              {c.lastDelivery && (
                <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
                  Last delivery: <span className={`rounded px-1.5 py-0.5 font-medium ${STATUS_STYLE[c.lastDelivery.status] ?? ''}`}>{c.lastDelivery.status}</span>{' '}
                  <RelativeTime iso={c.lastDelivery.at} />
                  {c.lastDelivery.error && <span className="break-words"> — {c.lastDelivery.error}</span>}
                </p>
              )}
              {shown === c.id && <Deliveries channelId={c.id} />}
            </li>
          ))}
        </ul>
      </section>
      <AddChannel organizations={organizations} onAdded={() => void refresh()} />
    </div>
  )
}

function Deliveries({ channelId }: { channelId: string }) {
  const deliveries = api.notificationChannels.deliveries.useQuery({ id: channelId }, { refetchInterval: 5_000 })
  if (deliveries.error) return <p role="alert">Deliveries could not be loaded: {deliveries.error.message}</p>
  if (!deliveries.data) return <p className="mt-2 text-xs">Loading…</p>
  if (!deliveries.data.length) return <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">Nothing sent yet.</p>
  return (
    <div className="mt-2 overflow-x-auto">
      <table className="w-full text-left text-xs" aria-label="deliveries">
        <thead className="border-b border-slate-200 uppercase text-slate-500 dark:border-slate-700 dark:text-slate-400">
          <tr>
            <th className="py-1 pr-2">Queued</th>
            <th className="pr-2">Event</th>
            <th className="pr-2">Message</th>
            <th className="pr-2">Status</th>
            <th>Attempts</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.data.map((d) => (
            <tr key={d.id} className="border-b border-slate-100 align-top dark:border-slate-800">
              <td className="py-1 pr-2 whitespace-nowrap">
                <RelativeTime iso={d.createdAt} />
              </td>
              <td className="pr-2">{d.event}</td>
              <td className="pr-2 break-words">{d.title}</td>
              <td className="pr-2">
                <span className={`rounded px-1.5 py-0.5 font-medium ${STATUS_STYLE[d.status]}`}>{d.status}</span>
                {d.lastError && <span className="block break-words text-slate-500 dark:text-slate-400">{d.lastError}</span>}
                {d.nextAttemptAt && (
                  <span className="block text-slate-500 dark:text-slate-400">
                    next try <RelativeTime iso={d.nextAttemptAt} />
                  </span>
                )}
              </td>
              <td className="tabular-nums">{d.attempts}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The form's labels of a channel's fields, for what the server refuses. */
const CHANNEL_LABELS: FieldLabels = { name: 'Name', kind: 'Kind', recipients: 'Recipients', url: 'Incoming webhook URL', events: 'Events', organizationId: 'Organisation' }

function AddChannel({ organizations, onAdded }: { organizations: NamedOrganization[]; onAdded: () => void }) {
  const [kind, setKind] = useState<'email' | 'slack'>('email')
  const [events, setEvents] = useState<NotificationEvent[]>(['alert.fired', 'execution.failed'])
  const create = api.notificationChannels.create.useMutation({
    onSuccess: (c) => {
      toast.success(`Added ${c.name}`)
      onAdded()
    },
    onError: (e, sent) => toast.error(formError(e, sent, CHANNEL_LABELS)),
  })
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const form = new FormData(e.currentTarget)
    const name = String(form.get('name') ?? '')
    const organizationId = String(form.get('organizationId') ?? '') || undefined
    const target = String(form.get('target') ?? '')
    const common = { name, events, organizationId }
    create.mutate(
      kind === 'email'
        ? {
            ...common,
            kind,
            recipients: target
              .split(/[,\s]+/)
              .map((r) => r.trim())
              .filter(Boolean),
          }
        : { ...common, kind, url: target },
      { onSuccess: () => (e.target as HTMLFormElement).reset() },
    )
  }
  return (
    <section aria-labelledby="add-channel-heading" className="flex flex-col gap-3">
      <h2 id="add-channel-heading" className="font-semibold">
        Add a channel
      </h2>
      <form onSubmit={submit} className="flex flex-col gap-3 text-sm">
        <div className="flex flex-wrap gap-3">
          <label className="flex flex-col gap-1">
            Kind
            <select className={input} value={kind} onChange={(e) => setKind(e.target.value as 'email' | 'slack')}>
              <option value="email">Email</option>
              <option value="slack">Slack-compatible webhook</option>
            </select>
          </label>
          <label className="flex flex-col gap-1">
            Name
            <input className={input} name="name" required maxLength={100} placeholder="On-call" />
          </label>
          {organizations.length > 1 && (
            <label className="flex flex-col gap-1">
              Organisation
              <select className={input} name="organizationId">
                {organizations.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <label className="flex flex-col gap-1">
          {kind === 'email' ? 'Recipients (comma-separated)' : 'Incoming webhook URL'}
          <input
            key={kind}
            className={`${input} w-full max-w-xl`}
            name="target"
            required
            placeholder={kind === 'email' ? 'oncall@example.com, lead@example.com' : 'https://hooks.slack.com/services/…'}
          />
        </label>
        <fieldset className="flex flex-wrap gap-3">
          <legend className="mb-1">Tell it of</legend>
          {NOTIFICATION_EVENTS.map((e) => (
            <label key={e} className="flex items-center gap-1.5">
              <input type="checkbox" checked={events.includes(e)} onChange={(x) => setEvents(x.target.checked ? [...events, e] : events.filter((v) => v !== e))} />
              {EVENT_LABEL[e]}
            </label>
          ))}
        </fieldset>
        <div>
          <button type="submit" className={button} disabled={create.isPending}>
            Add channel
          </button>
        </div>
      </form>
    </section>
  )
}
