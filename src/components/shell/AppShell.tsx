'use client'
// The console's frame: a sidebar with the pages (the current one marked), the theme and who is
// signed in; on a phone it folds into a drawer behind a menu button, so the page itself starts
// at the top of the first screen. One sidebar in the page at any width (never a second copy of
// its controls).
import Link from 'next/link'
import { usePathname } from 'next/navigation'
import { useEffect, useState, type ReactNode } from 'react'
import { SignOutButton } from '@/components/SignOutButton'
import { ThemeToggle } from '@/components/ThemeToggle'
import { CommandPalette } from './CommandPalette'
import { PaletteShortcut } from './PaletteShortcut'
import { NotificationBell } from '@/components/notifications/NotificationBell'

export type ShellLink = { href: string; label: string }

const LINK_CLASS =
  'block rounded-md px-2.5 py-1.5 text-sm text-slate-700 hover:bg-slate-100 aria-[current=page]:bg-slate-200 aria-[current=page]:font-medium aria-[current=page]:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:aria-[current=page]:bg-slate-800 dark:aria-[current=page]:text-white'

export function AppShell({ links, adminLinks, user, children }: { links: ShellLink[]; adminLinks: ShellLink[]; user: { name: string; role: string } | null; children: ReactNode }) {
  const pathname = usePathname()
  const [open, setOpen] = useState(false)
  const [palette, setPalette] = useState(false)
  // A page chosen in the drawer closes it; so does Escape.
  useEffect(() => setOpen(false), [pathname])
  useEffect(() => {
    if (!open) return
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false)
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [open])

  if (!user) {
    return (
      <main id="main" className="px-4 py-6">
        {children}
      </main>
    )
  }
  return (
    <div className="lg:flex">
      <div className="sticky top-0 z-30 flex items-center gap-3 border-b border-slate-200 bg-white px-3 py-2 lg:hidden dark:border-slate-800 dark:bg-slate-950">
        <button
          type="button"
          aria-label="Open the menu"
          aria-expanded={open}
          aria-controls="app-sidebar"
          onClick={() => setOpen(true)}
          className="rounded-md border border-slate-300 px-2 py-0.5 text-lg leading-none dark:border-slate-600"
        >
          ☰
        </button>
        <Link href="/executions" className="font-semibold">
          Execution console
        </Link>
        <span className="ml-auto">
          <NotificationBell />
        </span>
        <button
          type="button"
          onClick={() => setPalette(true)}
          aria-label="Jump to… (command palette)"
          className="rounded-md border border-slate-300 px-2 py-0.5 text-sm dark:border-slate-600"
        >
          ⌕
        </button>
      </div>
      <CommandPalette pages={[...links, ...adminLinks]} open={palette} onOpenChange={setPalette} />
      {open && <div className="fixed inset-0 z-40 bg-slate-950/50 lg:hidden" onClick={() => setOpen(false)} aria-hidden="true" />}
      <aside
        id="app-sidebar"
        aria-label="sidebar"
        className={`fixed inset-y-0 left-0 z-50 flex w-52 shrink-0 flex-col gap-4 overflow-y-auto border-r border-slate-200 bg-white p-3 max-lg:transition-transform lg:sticky lg:top-0 lg:h-screen lg:translate-x-0 dark:border-slate-800 dark:bg-slate-950 ${open ? 'translate-x-0' : 'max-lg:invisible max-lg:-translate-x-full'}`}
      >
        <div className="flex items-center justify-between px-2.5 pt-1">
          <Link href="/executions" className="font-semibold">
            Execution console
          </Link>
          {/* (On a phone the bell is in the top bar, beside the menu.) */}
          <span className="max-lg:hidden">
            <NotificationBell />
          </span>
          <button type="button" aria-label="Close the menu" onClick={() => setOpen(false)} className="px-1 text-lg leading-none lg:hidden">
            ×
          </button>
        </div>
        <button
          type="button"
          onClick={() => setPalette(true)}
          className="flex items-center justify-between rounded-md border border-slate-300 px-2.5 py-1.5 text-left text-sm text-slate-500 hover:bg-slate-50 max-lg:hidden dark:border-slate-700 dark:text-slate-400 dark:hover:bg-slate-800"
        >
          Jump to…
          <PaletteShortcut />
        </button>
        <nav aria-label="main" className="flex flex-col gap-4">
          <NavList links={links} pathname={pathname} />
          {adminLinks.length > 0 && (
            <div>
              <p className="px-2.5 pb-1 text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">Administration</p>
              <NavList links={adminLinks} pathname={pathname} />
            </div>
          )}
          <a href="/api/openapi.json" className={LINK_CLASS}>
            API (OpenAPI)
          </a>
        </nav>
        <div className="mt-auto flex flex-col gap-2 border-t border-slate-200 px-2.5 pt-3 text-sm dark:border-slate-800">
          <ThemeToggle />
          <span className="truncate" title={`${user.name} · ${user.role}`}>
            {user.name} · {user.role}
          </span>
          <span>
            <SignOutButton />
          </span>
        </div>
      </aside>
      <main id="main" className="min-w-0 flex-1 px-4 py-4">
        {children}
      </main>
    </div>
  )
}

/** Links to pages, the one shown marked as current. */
function NavList({ links, pathname }: { links: ShellLink[]; pathname: string }) {
  return (
    <ul className="flex flex-col gap-0.5">
      {links.map(({ href, label }) => (
        <li key={href}>
          <Link href={href} aria-current={pathname === href || pathname.startsWith(`${href}/`) ? 'page' : undefined} className={LINK_CLASS}>
            {label}
          </Link>
        </li>
      ))}
    </ul>
  )
}
