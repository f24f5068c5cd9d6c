'use client'
// The command palette (⌘K / Ctrl+K, or the sidebar's search button): jump to an execution by its
// id or by what the list's search finds, to a page, to a saved view of the team, or run an
// action (on the execution open: start, pause, resume, retry or cancel it; the theme, the list's
// usual views). cmdk filters and moves through the items; the
// executions come from the server as one types.
import * as Dialog from '@radix-ui/react-dialog'
import { Command } from 'cmdk'
import { usePathname, useRouter } from 'next/navigation'
import { toast } from 'sonner'
import { useTheme } from 'next-themes'
import { useEffect, useState } from 'react'
import { useHotkeys } from 'react-hotkeys-hook'
import { keepPreviousData } from '@tanstack/react-query'
import { api } from '@/trpc/react'
import { StatusBadge } from '@/components/StatusBadge'
import { allows } from '@/server/domain/access'
import type { ServiceExecution } from '@/server/domain/execution'
import type { ShellLink } from './AppShell'

/** Ids the console hands out: a prefix, an underscore, then letters and digits. */
const ID_PATTERN = /^[a-z]+_[0-9a-z]{6,}$/i
const SEARCH_DEBOUNCE_MS = 200

const ITEM =
  'flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm aria-selected:bg-slate-100 data-[selected=true]:bg-slate-100 dark:aria-selected:bg-slate-800 dark:data-[selected=true]:bg-slate-800'
const GROUP =
  '[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:text-slate-500 dark:[&_[cmdk-group-heading]]:text-slate-400'

export function CommandPalette({ pages, open, onOpenChange }: { pages: ShellLink[]; open: boolean; onOpenChange: (open: boolean) => void }) {
  useHotkeys(
    'mod+k',
    (event) => {
      event.preventDefault()
      onOpenChange(!open)
    },
    { enableOnFormTags: true },
    [open],
  )
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-slate-950/50" />
        <Dialog.Content
          aria-describedby={undefined}
          className="fixed left-1/2 top-[15vh] z-50 w-[36rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 overflow-hidden rounded-lg border border-slate-200 bg-white text-slate-900 shadow-2xl dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        >
          <PaletteBody pages={pages} onClose={() => onOpenChange(false)} />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

/**
 * What the open palette shows. Its queries exist only while it is open: built in the frame of
 * every page, before the page's own prefetched data is handed over, a query of the saved views
 * made the server render the list's "Saved views (0)" while the browser said (1) — a hydration
 * error on the executions list.
 */
function PaletteBody({ pages, onClose }: { pages: ShellLink[]; onClose: () => void }) {
  const router = useRouter()
  const { setTheme } = useTheme()
  const [query, setQuery] = useState('')
  const [search, setSearch] = useState('')
  useEffect(() => {
    const timer = setTimeout(() => setSearch(query.trim()), SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [query])
  const views = api.views.list.useQuery()
  const found = api.executions.list.useQuery({ search, limit: 6 }, { enabled: search.length >= 3, placeholderData: keepPreviousData })
  // Services by name, as the list says them (read once the palette finds executions).
  const services = api.services.list.useQuery(undefined, { enabled: search.length >= 3, staleTime: 60_000 })
  const serviceName = (id: string) => services.data?.find((s) => s.id === id)?.name ?? id
  const current = useCurrentExecution(onClose)
  const go = (href: string) => {
    onClose()
    router.push(href)
  }
  const typedId = query.trim()
  return (
    <>
      <Dialog.Title className="sr-only">Command palette</Dialog.Title>
      <Command
        label="Command palette"
        // The server's search has already matched the executions; cmdk's own filter keeps the rest.
        filter={(value, typed) => (value.startsWith('execution ') || value.toLowerCase().includes(typed.toLowerCase()) ? 1 : 0)}
      >
        <Command.Input
          value={query}
          onValueChange={setQuery}
          placeholder="Go to an execution (id or search), a page, a saved view…"
          aria-label="Command"
          className="w-full border-b border-slate-200 bg-transparent px-4 py-3 text-sm outline-none dark:border-slate-700"
        />
        <Command.List className="max-h-[60vh] overflow-y-auto p-2">
          <Command.Empty className="px-2 py-3 text-sm text-slate-500 dark:text-slate-400">Nothing matches “{query}”.</Command.Empty>
          {ID_PATTERN.test(typedId) && (
            <Command.Group heading="Execution" className={GROUP}>
              <Command.Item value={`execution ${typedId}`} onSelect={() => go(`/executions/${typedId}`)} className={ITEM}>
                Open execution <span className="font-mono text-xs">{typedId}</span>
              </Command.Item>
            </Command.Group>
          )}
          {search.length >= 3 && (found.data?.items.length ?? 0) > 0 && (
            <Command.Group heading="Executions found" className={GROUP}>
              {found.data!.items.map((e) => (
                <Command.Item key={e.$id} value={`execution ${e.$id}`} onSelect={() => go(`/executions/${e.$id}`)} className={ITEM}>
                  <span className="truncate font-mono text-xs">{e.$id}</span>
                  <StatusBadge status={e.status} />
                  <span className="ml-auto truncate text-xs text-slate-500 dark:text-slate-400">{serviceName(e.service)}</span>
                </Command.Item>
              ))}
            </Command.Group>
          )}
          {current && current.actions.length > 0 && (
            <Command.Group heading="This execution" className={GROUP}>
              {current.actions.map((a) => (
                <Command.Item key={a.label} value={`action ${a.label}`} onSelect={a.run} className={ITEM}>
                  {a.label}
                  {a.keys && <kbd className="ml-auto text-xs text-slate-500 dark:text-slate-400">{a.keys}</kbd>}
                </Command.Item>
              ))}
            </Command.Group>
          )}
          <Command.Group heading="Pages" className={GROUP}>
            {pages.map((p) => (
              <Command.Item key={p.href} value={`page ${p.label}`} onSelect={() => go(p.href)} className={ITEM}>
                {p.label}
              </Command.Item>
            ))}
          </Command.Group>
          {(views.data?.length ?? 0) > 0 && (
            <Command.Group heading="Saved views" className={GROUP}>
              {views.data!.map((v) => (
                <Command.Item key={v.id} value={`view ${v.name}`} onSelect={() => go(`/executions${v.query ? `?${v.query}` : ''}`)} className={ITEM}>
                  {v.name}
                </Command.Item>
              ))}
            </Command.Group>
          )}
          <Command.Group heading="Actions" className={GROUP}>
            <Command.Item value="action show failed executions" onSelect={() => go('/executions?status=failed')} className={ITEM}>
              Show failed executions
            </Command.Item>
            <Command.Item value="action show running executions" onSelect={() => go('/executions?status=running')} className={ITEM}>
              Show running executions
            </Command.Item>
            <Command.Item value="action show silent executions" onSelect={() => go('/executions?stalled=true')} className={ITEM}>
              Show silent executions
            </Command.Item>
            {(['light', 'dark', 'system'] as const).map((theme) => (
              <Command.Item
                key={theme}
                value={`action theme ${theme}`}
                onSelect={() => {
                  setTheme(theme)
                  onClose()
                }}
                className={ITEM}
              >
                Use the {theme} theme
              </Command.Item>
            ))}
          </Command.Group>
        </Command.List>
      </Command>
    </>
  )
}

const LIFECYCLE = [
  ['start', 'Start', 'Shift+S'],
  ['pause', 'Pause', 'Shift+P'],
  ['resume', 'Resume', 'Shift+R'],
  ['retry', 'Retry', 'Shift+T'],
] as const

/**
 * On an execution's page: what the palette can do to it — the lifecycle operations its status
 * allows now (for those who may operate), cancel through the page's own confirmation, its id.
 */
function useCurrentExecution(close: () => void) {
  const pathname = usePathname()
  const utils = api.useUtils()
  const me = api.me.useQuery(undefined, { staleTime: 60_000 })
  const match = /^\/executions\/([^/]+)$/.exec(pathname ?? '')
  const id = match ? decodeURIComponent(match[1]!) : null
  const done = (label: string) => ({
    onSuccess: (next: ServiceExecution) => {
      utils.executions.get.setData({ id: next.$id }, (old) => (old ? { ...old, ...next, steps: next.steps ?? old.steps } : old))
      toast.success(`${label}: the execution is ${next.status}`)
    },
    onError: (error: { message: string }) => toast.error(`${label} refused: ${error.message}`),
  })
  const mutations = {
    start: api.executions.start.useMutation(done('Start')),
    pause: api.executions.pause.useMutation(done('Pause')),
    resume: api.executions.resume.useMutation(done('Resume')),
    retry: api.executions.retry.useMutation(done('Retry')),
  }
  if (!id) return null
  // The page holds the execution (and keeps it live): what it allows now is read from there.
  const execution = utils.executions.get.getData({ id })
  if (!execution) return null
  const operate = me.data ? allows({ role: me.data.role }, 'operate') : false
  const actions: { label: string; keys?: string; run: () => void }[] = []
  if (operate)
    for (const [op, label, keys] of LIFECYCLE)
      if (execution.allowedOperations.includes(op))
        actions.push({
          label: `${label} this execution`,
          keys,
          run: () => {
            mutations[op].mutate({ id }) // (before the palette, and this hook with it, closes)
            close()
          },
        })
  if (operate && execution.allowedOperations.includes('cancel'))
    actions.push({
      label: 'Cancel this execution…',
      run: () => {
        close()
        // The page's Cancel asks for a reason and confirmation: the palette opens it.
        const toolbar = document.querySelector('[role="toolbar"][aria-label="lifecycle"]')
        const cancel = [...(toolbar?.querySelectorAll('button') ?? [])].find((b) => b.textContent === 'Cancel')
        setTimeout(() => cancel?.click(), 0)
      },
    })
  actions.push({
    label: 'Copy this execution’s id',
    run: () => {
      close()
      void navigator.clipboard.writeText(id).then(
        () => toast.success('Copied execution id'),
        () => toast.message('Copy the execution id by hand', { description: id }),
      )
    },
  })
  return { execution, actions }
}
