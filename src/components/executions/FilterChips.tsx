'use client'
// Every active filter of the list as a chip that says what it keeps, with a button that removes
// it (the failure group too: a link from failure analytics applies one). The URL follows.
import Link from 'next/link'
import type { RunnerKind } from '@/server/domain/runner'
import type { ListFilter } from '@/server/domain/schemas'
import { formatCost, formatTime } from '@/components/format'
import { normaliseMessage } from '@/server/domain/failures'

export const RUNNER_LABELS: Record<RunnerKind, string> = { engine: 'the engine', service: 'a service (API)', none: 'no worker' }

type Chip = { key: string; label: string; remove: Partial<ListFilter>; href?: string }

const names = (values: readonly string[], labels?: Record<string, string>) => values.map((v) => labels?.[v] ?? v).join(', ')

/** The chips of a filter, in the order the bar shows its controls; `groupLabel`: the failure group's error as an operator reads it. */
export function chipsOf(f: ListFilter, serviceNames: Record<string, string>, groupLabel?: string): Chip[] {
  const chips: Chip[] = []
  const add = (key: keyof ListFilter, label: string, href?: string) => chips.push({ key, label, remove: { [key]: undefined }, href })
  if (f.search) add('search', `search “${f.search}”`)
  if (f.status?.length) add('status', `status is ${names(f.status)}`)
  if (f.notStatus?.length) add('notStatus', `status is not ${names(f.notStatus)}`)
  if (f.service?.length) add('service', `service is ${names(f.service, serviceNames)}`)
  if (f.notService?.length) add('notService', `service is not ${names(f.notService, serviceNames)}`)
  if (f.priority?.length) add('priority', `priority is ${names(f.priority)}`)
  if (f.notPriority?.length) add('notPriority', `priority is not ${names(f.notPriority)}`)
  if (f.assigneeType?.length) add('assigneeType', `assignee is ${names(f.assigneeType)}`)
  if (f.notAssigneeType?.length) add('notAssigneeType', `assignee is not ${names(f.notAssigneeType)}`)
  if (f.runner?.length) add('runner', `run by ${names(f.runner, RUNNER_LABELS)}`)
  if (f.stalled) add('stalled', 'silent only')
  if (f.tag?.length) add('tag', `tagged ${names(f.tag)}`)
  if (f.notTag?.length) add('notTag', `not tagged ${names(f.notTag)}`)
  if (f.errorCode?.length) add('errorCode', `error code ${names(f.errorCode)}`)
  if (f.errorGroup) add('errorGroup', `failure group ${groupLabel ?? f.errorGroup.slice(0, 8)}`, '/analytics')
  if (f.createdFrom) add('createdFrom', `created from ${formatTime(f.createdFrom)} UTC`)
  if (f.createdTo) add('createdTo', `created to ${formatTime(f.createdTo)} UTC`)
  if (f.costMin !== undefined) add('costMin', `cost ≥ ${formatCost(f.costMin)}`)
  if (f.costMax !== undefined) add('costMax', `cost ≤ ${formatCost(f.costMax)}`)
  if (f.tokensMin !== undefined) add('tokensMin', `tokens ≥ ${f.tokensMin.toLocaleString('en-US')}`)
  if (f.tokensMax !== undefined) add('tokensMax', `tokens ≤ ${f.tokensMax.toLocaleString('en-US')}`)
  if (f.correlationId) add('correlationId', `correlation ${f.correlationId}`)
  if (f.parentExecutionId) add('parentExecutionId', `children of ${f.parentExecutionId}`, `/executions/${f.parentExecutionId}`)
  return chips
}

/** A failure group as its chip says it: its code and message without what varies (as failure analytics shows it), from an execution of it. */
export const failureGroupLabel = (error: { code: string; message: string } | undefined) => (error ? `${error.code}: ${normaliseMessage(error.message)}` : undefined)

export function FilterChips({
  filter,
  serviceNames,
  groupLabel,
  onFilter,
  onClear,
}: {
  filter: ListFilter
  serviceNames: Record<string, string>
  groupLabel?: string
  onFilter: (change: Partial<ListFilter>) => void
  onClear: () => void
}) {
  const chips = chipsOf(filter, serviceNames, groupLabel)
  if (!chips.length) return null
  return (
    <ul aria-label="active filters" className="flex flex-wrap items-center gap-1.5">
      {chips.map((chip) => (
        <li
          key={chip.key}
          className="inline-flex max-w-full items-center gap-1 rounded-full border border-blue-200 bg-blue-50 py-0.5 pl-2.5 pr-1 text-xs text-blue-900 dark:border-blue-800 dark:bg-blue-950 dark:text-blue-100"
        >
          {chip.href ? (
            <Link id={`chip-${chip.key}`} href={chip.href} className="truncate underline-offset-2 hover:underline" title={chip.label}>
              {chip.label}
            </Link>
          ) : (
            <span id={`chip-${chip.key}`} className="truncate" title={chip.label}>
              {chip.label}
            </span>
          )}
          {/* Named "Remove filter", described by the chip: a name holding the chip's words would
              also answer for the facet's own buttons ("Status is failed"). */}
          <button
            type="button"
            aria-label="Remove filter"
            aria-describedby={`chip-${chip.key}`}
            onClick={() => onFilter(chip.remove)}
            className="rounded-full px-1 leading-none hover:bg-blue-200 dark:hover:bg-blue-800"
          >
            ×
          </button>
        </li>
      ))}
      {chips.length > 1 && (
        <li>
          <button type="button" onClick={onClear} className="px-1 text-xs text-blue-700 underline dark:text-blue-300">
            Clear all
          </button>
        </li>
      )}
    </ul>
  )
}
