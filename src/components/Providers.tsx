'use client'
// Client-wide providers: tRPC + TanStack Query, the colour theme (system, light, dark), toasts.
import { ThemeProvider } from 'next-themes'
import type { ReactNode } from 'react'
import { Toaster } from 'sonner'
import { TRPCReactProvider } from '@/trpc/react'

export function Providers({ children }: { children: ReactNode }) {
  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
      <TRPCReactProvider>{children}</TRPCReactProvider>
      <Toaster richColors closeButton position="bottom-right" />
    </ThemeProvider>
  )
}
