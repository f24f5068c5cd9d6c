// The SDK's types are generated from the console's OpenAPI document: a schema changed without
// regenerating them (npm run sdk:types) fails here, before a client meets the difference.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generatedSdkTypes } from '../scripts/generate-sdk-types'

describe("the SDK's types", () => {
  it('are what the OpenAPI document gives today', async () => {
    const committed = readFileSync(resolve(import.meta.dirname, '../packages/sdk/src/openapi.ts'), 'utf8')
    expect(committed === (await generatedSdkTypes()), 'packages/sdk/src/openapi.ts is stale: run npm run sdk:types').toBe(true)
  })
})
