'use client'
import { authClient } from '@/lib/auth-client'

export function SignOutButton() {
  return (
    <button
      type="button"
      className="text-sm underline"
      onClick={async () => {
        await authClient.signOut()
        // A whole page load: the frame (sidebar, who is signed in) goes with the session.
        window.location.assign('/sign-in')
      }}
    >
      Sign out
    </button>
  )
}
