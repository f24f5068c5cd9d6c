// The executions table's columns give way to its width: the row's actions always have room.
import { describe, expect, it } from 'vitest'
import { fitting, givesWayBelow, givingWay, type TableColumn } from '@/components/executions/columns-fit'
import { DEFAULT_COLUMNS, defaultColumns } from '@/components/executions/list-view'

const shown = (columns: readonly TableColumn[]): TableColumn[] => ['id', ...columns, 'actions']
const failed = shown(defaultColumns({ status: ['failed'] }))
const plain = shown(DEFAULT_COLUMNS)
const ALL = shown(['status', 'service', 'runner', 'assignee', 'priority', 'progress', 'eta', 'started', 'duration', 'cost', 'tokens', 'tags', 'error'])

describe('columns that give way', () => {
  it('fit every width from a phone (a 22.4rem table at 390 px) to a wide screen, with room kept for the actions', () => {
    for (const columns of [failed, plain, ALL])
      for (let width = 22; width <= 120; width += 0.5) {
        const fit = fitting(columns, true, width)
        expect(fit.need, `${columns.join(',')} at ${width}rem`).toBeLessThanOrEqual(width)
        // id, status and the start time always stay; the actions too.
        expect(fit.columns).toEqual(expect.arrayContaining(['id', 'status', 'started', 'actions']))
      }
  })

  it('makes room for the Error column of a view of failures at 1280 px (a 65rem table) by taking the least useful others', () => {
    const fit = fitting(failed, true, 65)
    expect(fit.columns).toContain('error')
    expect(fit.columns).toEqual(expect.arrayContaining(['service', 'duration', 'cost']))
    expect(fit.columns).not.toContain('tags')
    // The default view loses only the assignee and the runner (the service says most of it), as it lost the assignee before.
    expect(fitting(plain, true, 65).columns).toEqual(plain.filter((c) => c !== 'runner' && c !== 'assignee'))
    // Everything shows on a wide screen.
    expect(fitting(failed, true, 100).columns).toEqual(failed)
  })

  it('hides columns below decreasing widths, and writes one rule each', () => {
    const below = givesWayBelow(ALL, true).map((c) => c.below)
    expect([...below].sort((a, b) => b - a)).toEqual(below)
    const css = givingWay(ALL, true)
    expect(css.match(/display: none/g)).toHaveLength(below.length)
    expect(css).toContain('th:last-child')
    expect(givingWay(ALL, false)).not.toContain('th:last-child')
  })
})
