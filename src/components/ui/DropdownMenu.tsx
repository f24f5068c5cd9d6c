'use client'
// A menu of actions behind one button (Radix): arrow keys move, typing jumps, Escape and an
// outside click close it, focus returns to the button.
import * as Radix from '@radix-ui/react-dropdown-menu'
import Link from 'next/link'
import type { ReactNode } from 'react'

export function DropdownMenu({ label, children, title }: { label: ReactNode; children: ReactNode; title?: string }) {
  return (
    <Radix.Root modal={false}>
      <Radix.Trigger
        title={title}
        className="inline-flex items-center gap-1 rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50 data-[state=open]:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800 dark:data-[state=open]:bg-slate-800"
      >
        {label}
      </Radix.Trigger>
      <Radix.Portal>
        <Radix.Content
          align="end"
          sideOffset={4}
          collisionPadding={8}
          className="z-50 min-w-52 rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          {children}
        </Radix.Content>
      </Radix.Portal>
    </Radix.Root>
  )
}

const ITEM = 'block cursor-default select-none rounded px-2 py-1.5 outline-none data-[highlighted]:bg-slate-100 dark:data-[highlighted]:bg-slate-800'

export function MenuItem({ onSelect, children }: { onSelect: () => void; children: ReactNode }) {
  return (
    <Radix.Item className={ITEM} onSelect={onSelect}>
      {children}
    </Radix.Item>
  )
}

export function MenuLink({ href, children, external }: { href: string; children: ReactNode; external?: boolean }) {
  return (
    <Radix.Item asChild className={ITEM}>
      {external ? (
        <a href={href} target="_blank" rel="noreferrer">
          {children}
        </a>
      ) : (
        <Link href={href}>{children}</Link>
      )}
    </Radix.Item>
  )
}

export const MenuSeparator = () => <Radix.Separator className="my-1 h-px bg-slate-200 dark:bg-slate-700" />
