// Better Auth's endpoints (sign-in, sign-out, session) on the console's port; of them only those
// the console uses or a user needs for their own account (its password, its sessions).
import { getServices } from '@/server/context'
import { crossSiteRefusal } from '@/server/auth/request'
import { errorBody } from '@/server/http/errors'
import { ServiceError } from '@/server/services/errors'

export const dynamic = 'force-dynamic'

const handler = async (req: Request) => {
  // A browser's request from another site — a forged sign-out, a sign-in into the forger's account —
  // is refused as any signed-in change is (a browser sends its Origin with every cross-site POST).
  // A client outside a browser, sending neither an Origin nor a cookie, signs in as before.
  if (req.method !== 'GET' && req.method !== 'HEAD' && (req.headers.has('origin') || req.headers.has('cookie'))) {
    const refused = crossSiteRefusal(req, { kind: 'user' })
    if (refused) return Response.json(errorBody(new ServiceError('FORBIDDEN', refused)), { status: 403 })
  }
  return (await getServices()).access.auth.handler(req)
}

export { handler as GET, handler as POST }
