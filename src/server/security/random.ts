// Random bytes from a pool filled 4 KiB at a time: ids and IVs are made many times a millisecond,
// and one call into the system's generator per 4 KiB costs far less than one per value.
import { randomFillSync } from 'node:crypto'

const POOL_SIZE = 4096
const pool = Buffer.alloc(POOL_SIZE)
let offset = POOL_SIZE

/** `n` (≤ 256) fresh random bytes, never handed out twice. */
export function randomBytesPooled(n: number): Buffer {
  if (offset + n > POOL_SIZE) {
    randomFillSync(pool)
    offset = 0
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + n))
  offset += n
  return bytes
}
