// The SDK's types, generated from the console's OpenAPI document (openapi-typescript):
//   npm run sdk:types            write packages/sdk/src/openapi.ts
//   npm run sdk:types -- --check fail when the committed file and the document disagree
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import openapiTS, { astToString } from 'openapi-typescript'
import { openApiDocument } from '../src/server/rest/app'

const target = resolve(import.meta.dirname, '../packages/sdk/src/openapi.ts')

export async function generatedSdkTypes(): Promise<string> {
  const ast = await openapiTS(openApiDocument() as never, { alphabetize: true })
  return `// Generated from the console's OpenAPI document by scripts/generate-sdk-types.ts — do not edit;\n// run \`npm run sdk:types\` after changing an API schema.\n\n${astToString(ast)}`
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const text = await generatedSdkTypes()
  if (process.argv.includes('--check')) {
    if (readFileSync(target, 'utf8') !== text) {
      console.error('packages/sdk/src/openapi.ts is not what the OpenAPI document gives: run npm run sdk:types')
      process.exit(1)
    }
    console.log('packages/sdk/src/openapi.ts matches the OpenAPI document')
  } else {
    writeFileSync(target, text)
    console.log(`wrote ${target}`)
  }
}
