// The REST API on its own process for benchmarks: DATABASE_URL=file:… tsx bench/rest-server.ts
// Prints "listening <port>" once it accepts connections.
import { serve } from '@hono/node-server'
import { getServices } from '../src/server/context'
import { createRestApp } from '../src/server/rest/app'

const app = createRestApp(getServices)
await getServices()
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`listening ${info.port}`))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
