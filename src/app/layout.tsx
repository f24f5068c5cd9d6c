import type { Metadata } from 'next'
import Link from 'next/link'
import type { ReactNode } from 'react'
import { TRPCReactProvider } from '@/trpc/react'
import './globals.css'

export const metadata: Metadata = {
  title: 'Execution console',
  description: 'Watch and steer long-running service executions',
}

export default function RootLayout({ children }: { children: ReactNode }) {
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
            <a href="/api/openapi.json" className="text-sm">
              API (OpenAPI)
            </a>
          </nav>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-6">
          <TRPCReactProvider>{children}</TRPCReactProvider>
        </main>
      </body>
    </html>
  )
}
