import { trpcHandler } from '@/server/api/handler'
import { getServices } from '@/server/context'

export const dynamic = 'force-dynamic'

const handler = trpcHandler(getServices)

export { handler as GET, handler as POST }
