import type { Metadata } from 'next'
import type { ReactNode } from 'react'
import { headers } from 'next/headers'
import { Providers } from '@/components/Providers'
import { AppShell } from '@/components/shell/AppShell'
import { allows } from '@/server/domain/access'
import { requestContext } from '@/trpc/server'
import { scriptNonce } from '@/server/http/security-headers'
import './globals.css'

const PAGES = [
  ['/executions', 'Executions'],
  ['/inbox', 'Review inbox'],
  ['/analytics', 'Failure analytics'],
  ['/alerts', 'Alerts'],
  ['/recovery', 'Recovery'],
  ['/workers', 'Workers'],
  ['/resources', 'Resources'],
  ['/definitions', 'Definitions'],
] as const
/** Pages for those who may change things (operators and admins). */
const OPERATOR_PAGES = [['/launch', 'Launch']] as const
const ADMIN_PAGES = [
  ['/admin', 'Users and keys'],
  ['/notification-channels', 'Notification channels'],
  ['/audit', 'Audit trail'],
] as const

export const metadata: Metadata = {
  title: 'Execution console',
  description: 'Watch and steer long-running service executions',
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { principal } = (await requestContext()).gate
  // The page's script nonce (http/security-headers.ts), for the theme's inline script.
  const nonce = scriptNonce((await headers()).get('content-security-policy'))
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen bg-white text-slate-900 dark:bg-slate-950 dark:text-slate-100">
        <Providers nonce={nonce}>
          <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-2 focus:py-1 dark:focus:bg-slate-900">
            Skip to content
          </a>
          <AppShell
            links={[...PAGES, ...(principal && allows(principal, 'operate') ? OPERATOR_PAGES : [])].map(([href, label]) => ({ href, label }))}
            adminLinks={principal?.role === 'admin' ? ADMIN_PAGES.map(([href, label]) => ({ href, label })) : []}
            user={principal?.kind === 'user' ? { name: principal.name, role: principal.role } : null}
          >
            {children}
          </AppShell>
        </Providers>
      </body>
    </html>
  )
}
