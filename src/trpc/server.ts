import 'server-only'
// Server components call the same procedures in-process, as the signed-in user of the request.
import { cache } from 'react'
import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { createCaller } from '@/server/api/routers/root'
import { createTrpcContext } from '@/server/api/trpc'

export const serverApi = cache(async () => {
  const context = await createTrpcContext({ req: new Request('http://console.local/', { headers: await headers() }) })
  if (!context.principal) redirect('/sign-in')
  return createCaller(context)
})
