import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { build, preview, type PreviewServer } from 'vite'
import { startLocalPool } from '../../examples/localPool.mjs'

export const root = fileURLToPath(new URL('../..', import.meta.url))

/** One example app, built against a freshly seeded local server and served by `vite preview`. */
export interface RunningExample {
  /** Where the app is served. */
  url: string
  /** The local server and the seeded pool, client and user. */
  pool: Awaited<ReturnType<typeof startLocalPool>>
  /** Stops the preview server and the local Cognito server. */
  close(): Promise<void>
}

/**
 * Seeds a local server, builds `examples/<name>` with its address in the environment (as
 * `examples/dev.mjs` does for development), and serves the build on a free port.
 *
 * @param name - `react`, `vue` or `svelte`
 * @param storage - where the app keeps records: `idb` (the default) or `local` (localStorage)
 * @param label - the build's folder under test-results/browser (`<name>-<storage>` by default), so that
 * two suites of the same app do not share one
 * @param options - `passwordless`: the passwordless variant (its pool, and the app built with `VITE_COGNITO_AUTH_FLOW=USER_AUTH`)
 */
export async function startExample(
  name: 'react' | 'vue' | 'svelte',
  storage: 'idb' | 'local' = 'idb',
  label = `${name}-${storage}`,
  options: { passwordless?: boolean } = {},
): Promise<RunningExample> {
  const pool = await startLocalPool({ passwordless: options.passwordless ?? false })
  Object.assign(process.env, {
    VITE_COGNITO_AUTH_FLOW: options.passwordless ? 'USER_AUTH' : '',
    VITE_COGNITO_STORAGE: storage,
    VITE_COGNITO_ENDPOINT: pool.endpoint,
    VITE_COGNITO_REGION: pool.region,
    VITE_COGNITO_USER_POOL_ID: pool.userPoolId,
    VITE_COGNITO_CLIENT_ID: pool.clientId,
    // window.__cognitoAuthClient (getTokens, getView), for the tests that compare a tab's tokens with its view
    VITE_COGNITO_EXPOSE_FOR_TESTS: 'true',
  })
  const configFile = `${root}/examples/${name}/vite.config.ts`
  const outDir = `${root}/test-results/browser/${label}/dist`
  // A production build, as shipped: vitest runs with NODE_ENV=test, which would give React's development build.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ configFile, mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
  let server: PreviewServer
  try {
    server = await preview({ configFile, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } })
  } catch (error) {
    await pool.server.close()
    throw error
  }
  const url = server.resolvedUrls?.local[0]
  if (!url) throw new Error('vite preview did not report its address')
  return {
    url,
    pool,
    async close() {
      await server.close()
      await pool.server.close()
    },
  }
}

/** The folder for one example's screenshots (gitignored, kept by CI as test artifacts). */
export async function screenshotDir(name: string): Promise<string> {
  const dir = `${root}/test-results/browser/${name}/screenshots`
  await mkdir(dir, { recursive: true })
  return dir
}
