'use client'
// Alerts: what is firing now (acknowledge it), what fired before, and the rules that fire them
// (AlertRules: an admin edits them there).
// Refreshed while open: alert evaluation runs on the server's interval, not on an event.
import { toast } from 'sonner'
import { api } from '@/trpc/react'
import { RelativeTime } from '@/components/ui/RelativeTime'
import { AlertRules } from './AlertRules'

const STATUS_STYLE: Record<string, string> = {
  firing: 'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100',
  acknowledged: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
  resolved: 'bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-100',
}

export function AlertsView({ canOperate, canAdmin }: { canOperate: boolean; canAdmin: boolean }) {
  const utils = api.useUtils()
  const alerts = api.alerts.list.useQuery({}, { refetchInterval: 15_000 })
  const acknowledge = api.alerts.acknowledge.useMutation({
    onSuccess: () => {
      toast.success('Acknowledged')
      void utils.alerts.list.invalidate()
    },
    onError: (e) => toast.error(e.message),
  })
  const firing = alerts.data?.filter((a) => a.status === 'firing') ?? []
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-xl font-semibold">Alerts</h1>
      <section aria-labelledby="fired-heading" className="flex flex-col gap-2">
        <h2 id="fired-heading" className="font-semibold">
          Fired alerts ({firing.length} firing)
        </h2>
        {alerts.error && <p role="alert">Alerts could not be loaded: {alerts.error.message}</p>}
        {alerts.data?.length === 0 && <p className="text-slate-500 dark:text-slate-400">No alert has fired.</p>}
        {!!alerts.data?.length && (
          <div className="relative overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-700 dark:text-slate-400">
                <tr>
                  <th className="py-2 pr-3">Rule</th>
                  <th className="pr-3">Status</th>
                  <th className="pr-3">Value</th>
                  <th className="pr-3">Message</th>
                  <th className="pr-3">Fired</th>
                  <th>Acknowledged</th>
                </tr>
              </thead>
              <tbody>
                {alerts.data.map((a) => (
                  <tr key={a.id} id={a.id} className="scroll-mt-16 border-b border-slate-100 target:bg-amber-50 dark:border-slate-800 dark:target:bg-amber-950">
                    <td className="py-1.5 pr-3">{a.rule}</td>
                    <td className="pr-3">
                      <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[a.status]}`}>{a.status}</span>
                    </td>
                    <td className="pr-3 tabular-nums">{a.value}</td>
                    <td className="pr-3">{a.message}</td>
                    <td className="pr-3">
                      <RelativeTime iso={a.firedAt} />
                    </td>
                    <td>
                      {a.status === 'firing' && canOperate ? (
                        <button
                          type="button"
                          disabled={acknowledge.isPending}
                          onClick={() => acknowledge.mutate({ id: a.id })}
                          className="rounded bg-slate-800 px-2 py-1 text-xs text-white disabled:opacity-50 dark:bg-slate-200 dark:text-slate-900"
                        >
                          Acknowledge
                        </button>
                      ) : a.acknowledgedAt ? (
                        <>
                          <RelativeTime iso={a.acknowledgedAt} /> by{' '}
                          <span title={a.acknowledgedBy ? `id ${a.acknowledgedBy}` : undefined}>{a.acknowledgedByName ?? a.acknowledgedBy ?? '—'}</span>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <AlertRules canAdmin={canAdmin} />
    </div>
  )
}
