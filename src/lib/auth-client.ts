// The browser's side of Better Auth: sign in and out against /api/auth on the console's origin.
import { createAuthClient } from 'better-auth/react'

export const authClient = createAuthClient()
