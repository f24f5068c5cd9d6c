'use client'
// Client-wide providers: tRPC + TanStack Query, the colour theme (system, light, dark), toasts.
import { ThemeProvider } from 'next-themes'
import { useEffect, type ReactNode } from 'react'
import { Toaster } from 'sonner'
import { TRPCReactProvider } from '@/trpc/react'
import { TooltipProvider } from '@/components/ui/Tooltip'

export function Providers({ children, nonce }: { children: ReactNode; nonce?: string }) {
  // Marks the page interactive (hydrated): end-to-end tests wait for it before they click.
  useEffect(() => {
    document.documentElement.dataset.hydrated = '1'
  }, [])
  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange nonce={nonce}>
      <TRPCReactProvider>
        <TooltipProvider>{children}</TooltipProvider>
      </TRPCReactProvider>
      <Toaster richColors closeButton position="bottom-right" />
    </ThemeProvider>
  )
}
