// The REST API on its own process for benchmarks: DATABASE_URL=file:… tsx bench/rest-server.ts
// Prints "listening <port>" once it accepts connections.
import { createServer } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import { getServices } from '../src/server/context'
import { withWatchStream } from '../src/server/events/sse'
import { createRestApp } from '../src/server/rest/app'

const app = createRestApp(getServices)
await getServices()
const server = createServer(withWatchStream(getRequestListener(app.fetch), getServices))
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as { port: number }).port}`))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
