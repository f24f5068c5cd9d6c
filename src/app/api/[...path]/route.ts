// The REST API (docs/api.md) and its OpenAPI document, served by the Hono app on the console's port.
import { getServices } from '@/server/context'
import { createRestApp } from '@/server/rest/app'

export const dynamic = 'force-dynamic'

const app = createRestApp(getServices)
const handler = (req: Request) => app.fetch(req)

// OPTIONS too: Next's own answer would offer every method on every path.
export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as OPTIONS }
