import type { Metadata } from 'next'
import Link from 'next/link'
import type { ReactNode } from 'react'
import { headers } from 'next/headers'
import { Providers } from '@/components/Providers'
import { ThemeToggle } from '@/components/ThemeToggle'
import { createTrpcContext } from '@/server/api/trpc'
import { SignOutButton } from '@/components/SignOutButton'
import './globals.css'

const PAGES = [
  ['/executions', 'Executions'],
  ['/analytics', 'Failure analytics'],
  ['/alerts', 'Alerts'],
  ['/workers', 'Workers'],
  ['/definitions', 'Definitions'],
] as const
const ADMIN_PAGES = [
  ['/admin', 'Users and keys'],
  ['/audit', 'Audit trail'],
] as const

export const metadata: Metadata = {
  title: 'Execution console',
  description: 'Watch and steer long-running service executions',
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { principal } = (await createTrpcContext({ req: new Request('http://console.local/', { headers: await headers() }) })).gate
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen bg-white text-slate-900 dark:bg-slate-950 dark:text-slate-100">
        <Providers>
          <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-2 focus:py-1 dark:focus:bg-slate-900">
            Skip to content
          </a>
          <header className="border-b border-slate-200 dark:border-slate-800">
            <nav className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3" aria-label="main">
              <Link href="/executions" className="font-semibold">
                Execution console
              </Link>
              {[...PAGES, ...(principal?.role === 'admin' ? ADMIN_PAGES : [])].map(([href, label]) => (
                <Link key={href} href={href} className="text-sm">
                  {label}
                </Link>
              ))}
              <a href="/api/openapi.json" className="text-sm">
                API (OpenAPI)
              </a>
              <span className="ml-auto">
                <ThemeToggle />
              </span>
              {principal?.kind === 'user' && (
                <span className="flex items-center gap-3 text-sm">
                  <span>
                    {principal.name} · {principal.role}
                  </span>
                  <SignOutButton />
                </span>
              )}
            </nav>
          </header>
          <main id="main" className="mx-auto max-w-7xl px-4 py-6">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  )
}
