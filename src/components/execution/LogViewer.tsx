'use client'
// An execution's logs: the tail first, older lines on demand, new lines live. A virtual list
// (TanStack Virtual), so 100,000 lines cost what the visible ones cost. While the operator reads
// further up, new lines wait below ("12 new lines") and the view does not move; at the bottom it
// follows the tail. Lines are kept by id, so none shows twice (replays after a reconnect included).
import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { ExecutionLog } from '@/server/domain/execution'
import { LOG_LEVELS, type LogLevel } from '@/server/domain/lifecycle'
import { api } from '@/trpc/react'
import { formatTime } from '@/components/format'
import { LOG_TAIL } from './live-patch'

// Older lines, on demand (the page opens with LOG_TAIL).
const PAGE = 500
// One line's height (text-xs, 2 px padding above and below): estimates that match keep the view still.
const LINE_PX = 20
const LEVEL_COLOUR: Record<string, string> = {
  debug: 'text-slate-500 dark:text-slate-400',
  info: 'text-sky-800 dark:text-sky-300',
  warn: 'text-amber-800 dark:text-amber-300',
  error: 'text-red-700 dark:text-red-300',
}

/** A stored line: it always has its id. */
export type LogLine = ExecutionLog & { id: number }

export interface LogFilter {
  level: LogLevel[]
  step: string | null
  search: string
}

const matches = (f: LogFilter, line: LogLine) =>
  (!f.level.length || f.level.includes(line.level)) && (!f.step || line.step === f.step) && (!f.search || line.message.toLowerCase().includes(f.search.toLowerCase()))

export function LogViewer({
  executionId,
  steps,
  filter,
  onFilter,
  subscribe,
}: {
  executionId: string
  steps: string[]
  filter: LogFilter
  onFilter: (f: LogFilter) => void
  /** Hands new lines as they commit; returns the unsubscribe. */
  subscribe: (onLines: (lines: LogLine[]) => void) => () => void
}) {
  const utils = api.useUtils()
  const query = { id: executionId, level: filter.level.length ? filter.level : undefined, step: filter.step ? [filter.step] : undefined, search: filter.search || undefined }
  const tail = api.executions.logs.useQuery({ ...query, latest: true, limit: LOG_TAIL })
  // The first page comes rendered from the server (hydrated), so it is in the state from the start.
  const [lines, setLines] = useState<LogLine[]>(() => (tail.data?.items as LogLine[] | undefined) ?? [])
  const [older, setOlder] = useState<number | null>(() => tail.data?.olderCursor ?? null)
  const [unseen, setUnseen] = useState(0)
  const following = useRef(true)
  const scroller = useRef<HTMLDivElement>(null)
  const [expanded, setExpanded] = useState<Set<number>>(new Set())

  // A new filter: start again from its tail.
  const shown = useRef(tail.data)
  useEffect(() => {
    if (!tail.data || tail.data === shown.current) return
    shown.current = tail.data
    setLines(tail.data.items as LogLine[])
    setOlder(tail.data.olderCursor)
    setUnseen(0)
    following.current = true
  }, [tail.data])

  // initialRect: the server renders the first lines too (before the browser measures the box).
  const virtual = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => LINE_PX,
    overscan: 20,
    getItemKey: (i) => lines[i]!.id,
    initialRect: { width: 1000, height: 384 },
  })

  // Live lines: only those the filter shows and past the last one held.
  const filterRef = useRef(filter)
  filterRef.current = filter
  useEffect(
    () =>
      subscribe((incoming) => {
        setLines((held) => {
          const last = held.at(-1)?.id ?? 0
          const fresh = incoming.filter((l) => l.id > last && matches(filterRef.current, l))
          if (!fresh.length) return held
          if (!following.current) setUnseen((n) => n + fresh.length)
          return [...held, ...fresh]
        })
      }),
    [subscribe],
  )
  // Following the tail: stay at the bottom as lines arrive.
  useLayoutEffect(() => {
    if (following.current && lines.length) virtual.scrollToIndex(lines.length - 1, { align: 'end' })
  }, [lines.length, virtual])

  const onScroll = useCallback(() => {
    const el = scroller.current
    if (!el) return
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 40
    following.current = atBottom
    if (atBottom) setUnseen(0)
  }, [])

  // Older lines go above what the operator is reading: the view keeps its distance from the bottom.
  const keepFromBottom = useRef<number | null>(null)
  useLayoutEffect(() => {
    const el = scroller.current
    if (keepFromBottom.current === null || !el) return
    el.scrollTop = el.scrollHeight - keepFromBottom.current
    keepFromBottom.current = null
  }, [lines])
  const loadOlder = async () => {
    if (older === null) return
    const page = await utils.executions.logs.fetch({ ...query, before: older, limit: PAGE })
    following.current = false
    const el = scroller.current
    if (el) keepFromBottom.current = el.scrollHeight - el.scrollTop
    setLines((held) => [...(page.items as LogLine[]).filter((l) => l.id < (held[0]?.id ?? Infinity)), ...held])
    setOlder(page.olderCursor)
  }

  return (
    <section aria-labelledby="logs-heading" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <h2 id="logs-heading" className="font-semibold">
          Logs
        </h2>
        <fieldset className="flex items-center gap-2">
          <legend className="sr-only">Levels</legend>
          {LOG_LEVELS.map((level) => (
            <label key={level} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={filter.level.includes(level)}
                onChange={(e) => onFilter({ ...filter, level: e.target.checked ? [...filter.level, level] : filter.level.filter((l) => l !== level) })}
              />
              {level}
            </label>
          ))}
        </fieldset>
        <label className="flex items-center gap-1">
          Step
          <select
            value={filter.step ?? ''}
            onChange={(e) => onFilter({ ...filter, step: e.target.value || null })}
            className="rounded border border-slate-300 px-1 py-0.5 dark:border-slate-600 dark:bg-slate-900"
          >
            <option value="">all</option>
            {steps.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <form
          onSubmit={(e) => {
            e.preventDefault()
            onFilter({ ...filter, search: String(new FormData(e.currentTarget).get('search') ?? '') })
          }}
        >
          <label className="flex items-center gap-1">
            Search
            <input name="search" type="search" defaultValue={filter.search} className="w-48 rounded border border-slate-300 px-2 py-0.5 dark:border-slate-600 dark:bg-slate-900" />
          </label>
        </form>
        <span className="text-xs text-slate-500 dark:text-slate-400" aria-live="polite">
          {lines.length.toLocaleString('en-US')} {lines.length === 1 ? 'line' : 'lines'} shown
        </span>
      </div>
      <div className="relative">
        <div
          ref={scroller}
          onScroll={onScroll}
          className="max-h-96 min-h-16 overflow-auto rounded bg-slate-50 font-mono text-xs dark:bg-slate-900"
          role="log"
          aria-label="log lines"
          tabIndex={0}
        >
          {older !== null && (
            <button type="button" onClick={loadOlder} className="m-1 rounded border border-slate-300 px-2 py-0.5 font-sans dark:border-slate-600">
              Load older lines
            </button>
          )}
          {tail.isLoading && <p className="p-2 font-sans">Loading logs…</p>}
          {!tail.isLoading && lines.length === 0 && (
            <p className="p-2 font-sans text-slate-500 dark:text-slate-400">No log lines{filter.level.length || filter.step || filter.search ? ' match these filters' : ' yet'}.</p>
          )}
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((item) => {
              const line = lines[item.index]!
              const open = expanded.has(line.id)
              const hasMore = line.context !== undefined || line.metadata !== undefined
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtual.measureElement}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
                  className="px-2 py-0.5"
                >
                  <span className="text-slate-500 dark:text-slate-400">{formatTime(line.timestamp)}</span>{' '}
                  <span className={`uppercase ${LEVEL_COLOUR[line.level] ?? ''}`}>{line.level}</span>{' '}
                  {line.step && <span className="text-slate-500 dark:text-slate-400">[{line.step}]</span>} <span className="whitespace-pre-wrap break-words">{line.message}</span>
                  {hasMore && (
                    <button
                      type="button"
                      aria-expanded={open}
                      onClick={() => setExpanded((s) => (s.has(line.id) ? new Set([...s].filter((x) => x !== line.id)) : new Set(s).add(line.id)))}
                      className="ml-2 font-sans text-blue-700 underline dark:text-blue-300"
                    >
                      {open ? 'less' : 'context'}
                    </button>
                  )}
                  {open && (
                    <pre className="mt-1 whitespace-pre-wrap rounded bg-white p-1 dark:bg-slate-950">{JSON.stringify({ ...line.metadata, context: line.context }, null, 2)}</pre>
                  )}
                </div>
              )
            })}
          </div>
        </div>
        {unseen > 0 && (
          <button
            type="button"
            onClick={() => {
              following.current = true
              setUnseen(0)
              virtual.scrollToIndex(lines.length - 1, { align: 'end' })
            }}
            className="absolute bottom-2 right-4 rounded bg-blue-700 px-3 py-1 text-xs text-white shadow"
          >
            {unseen} new {unseen === 1 ? 'line' : 'lines'} ↓
          </button>
        )}
      </div>
    </section>
  )
}
