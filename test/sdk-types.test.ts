// The SDK's types are generated from the console's OpenAPI document: a schema changed without
// regenerating them (npm run sdk:types) fails here, before a client meets the difference.
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generatedSdkTypes } from '../scripts/generate-sdk-types'

describe("the SDK's types", () => {
  it('are what the OpenAPI document gives today', async () => {
    const committed = readFileSync(resolve(import.meta.dirname, '../packages/sdk/src/openapi.ts'), 'utf8')
    expect(committed === (await generatedSdkTypes()), 'packages/sdk/src/openapi.ts is stale: run npm run sdk:types').toBe(true)
  })
})

describe("the SDK's package", () => {
  // A source map naming a file the package does not ship breaks debuggers and bundlers
  // (source-map-loader: "Failed to parse source map … ENOENT") for whoever installs the tarball.
  it('ships the sources its source maps name', () => {
    const sdk = resolve(import.meta.dirname, '../packages/sdk')
    execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: sdk, stdio: 'pipe' })
    const shipped = (JSON.parse(readFileSync(join(sdk, 'package.json'), 'utf8')) as { files: string[] }).files
    const maps = readdirSync(join(sdk, 'dist')).filter((f) => f.endsWith('.js.map'))
    expect(maps.length).toBeGreaterThan(5)
    const missing = maps.flatMap((file) => {
      const map = JSON.parse(readFileSync(join(sdk, 'dist', file), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] }
      return map.sources.filter((source, i) => {
        const path = relative(sdk, resolve(sdk, 'dist', source))
        return !map.sourcesContent?.[i] && !shipped.some((folder) => path.startsWith(`${folder}/`))
      })
    })
    expect(missing).toEqual([])
  }, 120_000)
})
