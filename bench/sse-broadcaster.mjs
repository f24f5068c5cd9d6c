// The baseline: a bare Node http Server-Sent Events broadcaster. POST /publish with a JSON body
// sends it to every connected client as one event. Prints "listening <port>".
import { createServer } from 'node:http'

const clients = new Set()
let id = 0
const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/publish') {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      const message = JSON.parse(body)
      message.timestamp = new Date().toISOString()
      const frame = `id: ${++id}\nevent: progress\ndata: ${JSON.stringify(message)}\n\n`
      for (const client of clients) client.write(frame)
      res.end()
    })
    return
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
  res.write(': hello\n\n')
  clients.add(res)
  req.on('close', () => clients.delete(res))
})
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`))
process.on('SIGTERM', () => process.exit(0))
