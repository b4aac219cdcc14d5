// Loads an example's TypeScript entry without `npm run build`: bundles it with esbuild, resolving the
// package's public entry points (`cognito-auth-machine`, `cognito-auth-machine/testing`, ...) to their
// sources through the exports map and tsup's entries, so an example still imports nothing but public
// subpaths. Other packages stay external (resolved from node_modules).
import { build } from 'esbuild'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const tsup = readFileSync(join(root, 'tsup.config.ts'), 'utf8')
const entries = Object.fromEntries([...tsup.matchAll(/'?([\w/]+)'?:\s*'([^']+\.ts)'/g)].map((m) => [m[1], m[2]]))
const alias = {}
for (const [subpath, target] of Object.entries(pkg.exports)) {
  const file = typeof target === 'string' ? target : target.import?.default
  const key = file?.match(/^\.\/dist\/(.+)\.js$/)?.[1]
  if (key && entries[key]) alias[pkg.name + subpath.slice(1)] = join(root, entries[key])
}

/**
 * Bundles `entry` (a path from the repository's root) and imports it.
 * @param {string} entry
 * @returns {Promise<Record<string, unknown>>} the module
 */
export async function loadFromSource(entry) {
  // Inside the repository, so that external packages resolve from its node_modules; one file per
  // process, so several starting at once (workers, restarts) never read a half-written bundle.
  const dir = join(root, 'node_modules/.cache/cognito-auth-machine-examples')
  mkdirSync(dir, { recursive: true })
  const outfile = join(dir, `${entry.replace(/\W+/g, '-')}-${process.pid}.mjs`)
  await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'warning',
    packages: 'external',
    plugins: [
      {
        name: 'public-entry-points',
        setup(b) {
          b.onResolve({ filter: new RegExp(`^${pkg.name}(/|$)`) }, (args) => {
            const path = alias[args.path]
            if (!path) return { errors: [{ text: `${args.path} is not a public entry point of ${pkg.name}` }] }
            return { path }
          })
        },
      },
    ],
  })
  try {
    return await import(pathToFileURL(outfile).href)
  } finally {
    rmSync(outfile, { force: true }) // loaded: the file is no longer needed
  }
}
