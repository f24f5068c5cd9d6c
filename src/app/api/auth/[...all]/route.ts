// Better Auth's endpoints (sign-in, sign-out, session) on the console's port.
import { getServices } from '@/server/context'

export const dynamic = 'force-dynamic'

const handler = async (req: Request) => (await getServices()).access.auth.handler(req)

export { handler as GET, handler as POST }
