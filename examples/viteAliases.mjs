// Vite aliases that send every public entry point of the package (`cognito-auth-machine`,
// `cognito-auth-machine/react`, ...) to its built file in dist/, read from the package's exports map:
// the examples run exactly what an app that installs the package gets. Build first (`npm run build`).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

export function packageAliases() {
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'))
  return Object.entries(pkg.exports).flatMap(([subpath, target]) => {
    const file = typeof target === 'string' ? target : target.import?.default
    if (!file || !file.endsWith('.js')) return []
    const specifier = pkg.name + subpath.slice(1)
    return [{ find: new RegExp(`^${specifier.replace(/[/.]/g, '\\$&')}$`), replacement: root + file.slice(2) }]
  })
}
