// Which of the executions table's columns fit its width: pure, for the table and its tests.
import type { ListColumn } from './list-view'

/** A column of the table: the execution id, a chosen column, or the row's actions. */
export type TableColumn = 'id' | ListColumn | 'actions'

/**
 * Columns give way as the table's own width shrinks (a container query: the sidebar and a phone
 * both narrow it), so the rows stay one line and the row's actions stay in view: id, status and
 * start time stay on a phone. Each column has the width it takes at most, in rem (its cell's cut
 * width and its padding), and a rank: the lowest goes first. A column hides below the width the
 * columns still shown need, so which go depends on what else is shown (the Error column of a view
 * of failures makes room for itself by taking the least useful others). Written once as the
 * table's own style rules (`givingWay`), not as a class on each of its 550 cells.
 */
const WIDTH: Record<TableColumn, number> = {
  id: 9.5,
  status: 5.5,
  service: 7.5,
  error: 12.5,
  runner: 8.5,
  assignee: 8.5,
  priority: 4,
  progress: 6.2,
  eta: 3.6,
  started: 5.5,
  duration: 4.5,
  cost: 4.2,
  tokens: 4,
  tags: 6.5,
  actions: 0,
}
/** The order columns give way in, first to last (those not here always stay). */
const GIVES_WAY: readonly TableColumn[] = ['tokens', 'assignee', 'runner', 'tags', 'eta', 'priority', 'progress', 'cost', 'duration', 'service', 'error']
/** The selection box's column. */
const SELECT_WIDTH = 1.3
/** The actions' own column (Retry and Cancel), kept free for them while the table is at least this wide… */
const ACTIONS_WIDTH = 6.5
/** …below it the acting row's actions are drawn over the end of its row instead. */
const ACTIONS_RESERVED_FROM = 40

/** Each shown column that gives way, with the table width (rem) below which it hides, widest first. */
export function givesWayBelow(shown: readonly TableColumn[], actions: boolean): { id: TableColumn; below: number }[] {
  let need = SELECT_WIDTH + shown.reduce((n, id) => n + WIDTH[id], 0)
  const out: { id: TableColumn; below: number }[] = []
  for (const id of GIVES_WAY) {
    if (!shown.includes(id)) continue
    const below = actions && need + ACTIONS_WIDTH >= ACTIONS_RESERVED_FROM ? need + ACTIONS_WIDTH : need
    out.push({ id, below: Number(below.toFixed(2)) })
    need -= WIDTH[id]
  }
  return out
}

/** The columns a table `width` rem wide shows of `shown`, and the width they need at most (with the actions' own column where it has one). */
export function fitting(shown: readonly TableColumn[], actions: boolean, width: number): { columns: TableColumn[]; need: number } {
  const hidden = new Set(givesWayBelow(shown, actions).flatMap((c) => (width < c.below ? [c.id] : [])))
  const columns = shown.filter((id) => !hidden.has(id))
  const need = SELECT_WIDTH + columns.reduce((n, id) => n + WIDTH[id], 0)
  return { columns, need: actions && width >= ACTIONS_RESERVED_FROM ? need + ACTIONS_WIDTH : need }
}

/** The table's style rules: the actions' column kept free where it fits, and each column that gives way hidden below its width (the selection box is the first cell of a row). */
export function givingWay(shown: readonly TableColumn[], actions: boolean): string {
  const rules = givesWayBelow(shown, actions).map(
    ({ id, below }) => `@container (width < ${below}rem) { .executions-table tr > :nth-child(${shown.indexOf(id) + 2}) { display: none } }`,
  )
  if (actions) rules.unshift(`@container (width >= ${ACTIONS_RESERVED_FROM}rem) { .executions-table th:last-child { width: ${ACTIONS_WIDTH}rem; min-width: ${ACTIONS_WIDTH}rem } }`)
  return rules.join('\n')
}
