// The failure analytics charts' titles, and their panels loading: the page shows them before the
// charts' code (Recharts, loaded on demand) has arrived, in the places the charts will take.
import { ChartPanel } from '@/components/ui/ChartPanel'

export const FAILURE_CHARTS = {
  rate: 'Failure rate',
  executions: 'Executions',
  cost: 'Average cost per execution',
  duration: 'Average duration (completed)',
  codes: 'Failures by error code',
  services: 'Failures by service',
  steps: 'Failures by step',
} as const

/** The grids FailureCharts draws in: the trends two by two, then the three breakdowns. */
export const TRENDS_GRID = 'grid gap-3 md:grid-cols-2'
export const BREAKDOWNS_GRID = 'grid gap-3 md:grid-cols-2 xl:grid-cols-3'

export function FailureChartsLoading() {
  const T = FAILURE_CHARTS
  return (
    <div className="flex flex-col gap-3">
      <div className={TRENDS_GRID}>
        {[T.rate, T.executions, T.cost, T.duration].map((title) => (
          <ChartPanel key={title} title={title} height={220} loading />
        ))}
      </div>
      <div className={BREAKDOWNS_GRID}>
        {[T.codes, T.services, T.steps].map((title) => (
          <ChartPanel key={title} title={title} height={220} loading />
        ))}
      </div>
    </div>
  )
}
