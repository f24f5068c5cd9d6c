// A second process for test/postgres-writer.test.ts: `times` read-then-write transactions on one
// counter through its own Writer, each waiting between its read and its write.
import { openPostgresWriter } from '../../src/server/db/postgres/writer'

const [url, times, pauseMs] = process.argv.slice(2)
const w = openPostgresWriter(url!)
for (let i = 0; i < Number(times); i++) {
  w.transaction(() => {
    const { n } = w.get<{ n: number }>('SELECT "n" FROM counter WHERE "id" = 1')!
    w.get('SELECT pg_sleep(?)', [Number(pauseMs) / 1000]) // another writer would slip in here
    w.run('UPDATE counter SET "n" = ? WHERE "id" = 1', [n + 1])
  })
}
w.close()
