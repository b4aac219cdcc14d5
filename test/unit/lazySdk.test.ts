import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Bundles a browser app as a bundler would (ESM, code splitting) and returns the eagerly loaded code. */
async function eagerCode(source: string): Promise<{ eager: string; lazy: string }> {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    outdir: '/virtual',
    write: false,
    logLevel: 'silent',
    metafile: true,
  })
  const files = new Map(result.outputFiles.map((f) => [f.path, f.text]))
  const entry = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint)!
  const eagerFiles = new Set<string>([entry[0]])
  for (const imp of entry[1].imports) if (imp.kind === 'import-statement') eagerFiles.add(imp.path)
  let eager = ''
  let lazy = ''
  for (const [path, text] of files) {
    const rel = path.replace(/^.*\/virtual\//, 'virtual/')
    if ([...eagerFiles].some((f) => f.endsWith(rel.replace('virtual/', '')))) eager += text
    else lazy += text
  }
  return { eager, lazy }
}

describe('the AWS SDK stays out of an app that passes fetchTransport()', () => {
  it('is only reachable through a lazily loaded chunk', async () => {
    const { eager, lazy } = await eagerCode(`
      import { createAuthClient, fetchTransport } from './src/index'
      createAuthClient({ userPoolId: 'us-east-1_Abc', clientId: 'x', transport: fetchTransport() }).start()
    `)
    expect(eager).toContain('USER_SRP_AUTH')
    expect(eager).not.toContain('CognitoIdentityProviderServiceException')
    expect(eager.length).toBeLessThan(lazy.length)
    expect(lazy).toContain('CognitoIdentityProviderServiceException')
  }, 60_000)
})
