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
  // the app's own entry (each lazily loaded module is an entry point of its own too)
  const entry = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint === '<stdin>')!
  // what the entry imports statically, and what those import, all the way down
  const eagerFiles = new Set<string>()
  const visit = (path: string) => {
    if (eagerFiles.has(path)) return
    eagerFiles.add(path)
    for (const imp of result.metafile.outputs[path]?.imports ?? []) if (imp.kind === 'import-statement') visit(imp.path)
  }
  visit(entry[0])
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
