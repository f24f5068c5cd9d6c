import 'server-only'
// Server components call the same procedures in-process.
import { cache } from 'react'
import { createCaller } from '@/server/api/routers/root'
import { createTrpcContext } from '@/server/api/trpc'

export const serverApi = cache(async () => createCaller(await createTrpcContext()))
