import type { Metadata } from 'next'
import Link from 'next/link'
import type { ReactNode } from 'react'
import { headers } from 'next/headers'
import { TRPCReactProvider } from '@/trpc/react'
import { createTrpcContext } from '@/server/api/trpc'
import { SignOutButton } from '@/components/SignOutButton'
import './globals.css'

export const metadata: Metadata = {
  title: 'Execution console',
  description: 'Watch and steer long-running service executions',
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { principal } = await createTrpcContext({ req: new Request('http://console.local/', { headers: await headers() }) })
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-slate-900 dark:bg-slate-950 dark:text-slate-100">
        <header className="border-b border-slate-200 dark:border-slate-800">
          <nav className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-3" aria-label="main">
            <Link href="/executions" className="font-semibold">
              Execution console
            </Link>
            <Link href="/executions" className="text-sm">
              Executions
            </Link>
            {principal?.role === 'admin' && (
              <>
                <Link href="/admin" className="text-sm">
                  Users and keys
                </Link>
                <Link href="/audit" className="text-sm">
                  Audit trail
                </Link>
              </>
            )}
            <a href="/api/openapi.json" className="text-sm">
              API (OpenAPI)
            </a>
            {principal?.kind === 'user' && (
              <span className="ml-auto flex items-center gap-3 text-sm">
                <span>
                  {principal.name} · {principal.role}
                </span>
                <SignOutButton />
              </span>
            )}
          </nav>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-6">
          <TRPCReactProvider>{children}</TRPCReactProvider>
        </main>
      </body>
    </html>
  )
}
