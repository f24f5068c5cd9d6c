// Limits the browser's tRPC client and the server agree on (imported by both sides).

/**
 * Calls in one batched request. Each call is admitted (and rate-limited) on its own, but one
 * request of thousands of calls ties the server up for seconds (2,000 `me` calls took 1.3 s);
 * the client splits larger batches into requests of this many.
 */
export const MAX_TRPC_BATCH = 100
