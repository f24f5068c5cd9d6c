'use client'
import { useState, type FormEvent } from 'react'
import { useSearchParams } from 'next/navigation'
import { authClient } from '@/lib/auth-client'
import { localPath } from '@/lib/local-path'

export function SignInForm() {
  const next = useSearchParams().get('next')
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    setPending(true)
    setError(null)
    let retryAfter: string | null = null
    const { error } = await authClient.signIn.email(
      { email: String(form.get('email')), password: String(form.get('password')) },
      { onError: ({ response }) => void (retryAfter = response.headers.get('x-retry-after')) },
    )
    if (error) {
      setPending(false)
      // Past the attempts an address may make (better-auth.ts): say how long to wait, not just "later".
      if (error.status === 429) return setError(`Too many sign-in attempts from this address: try again in ${Math.max(1, Number(retryAfter) || 60)} s.`)
      return setError(error.message ?? 'sign-in failed')
    }
    // Only paths of this console: never an outside address from the query string. A whole page
    // load, as the frame around every page (the sidebar, who is signed in) changes with the session:
    // a client-side push and refresh fetched the page twice and cancelled the first.
    window.location.assign(localPath(next, window.location.origin))
  }

  return (
    <form onSubmit={submit} className="mx-auto mt-16 flex max-w-sm flex-col gap-4" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title" className="text-xl font-semibold">
        Sign in
      </h1>
      <label className="flex flex-col gap-1 text-sm">
        Email
        <input name="email" type="email" autoComplete="username" required className="rounded border border-slate-300 px-3 py-2 dark:border-slate-700 dark:bg-slate-900" />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="rounded border border-slate-300 px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
        />
      </label>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending} className="rounded bg-slate-900 px-3 py-2 text-white disabled:opacity-50 dark:bg-slate-100 dark:text-slate-900">
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  )
}
