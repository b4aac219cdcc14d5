// Shared benchmark helpers: CPU time per operation, interleaved rounds, medians, and in-memory esbuild bundles.
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('..', import.meta.url))

/** CPU microseconds (user + system) spent by one call of fn. */
export async function cpuMicros(fn) {
  const start = process.cpuUsage()
  await fn()
  const used = process.cpuUsage(start)
  return used.user + used.system
}

/** Runs every case once per round, in a rotating order, and returns the median CPU ms of each. */
export async function interleaved(cases, rounds) {
  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]))
  const names = Object.keys(cases)
  for (const fn of Object.values(cases)) await fn() // warm-up
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length]
      samples[name].push(await cpuMicros(cases[name]))
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(samples[name]) / 1000]))
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Bundles an entry (or inline source) with esbuild and returns the code as text. */
export async function bundle({ entry, contents, platform = 'browser', minify = true, external = [] }) {
  const result = await build({
    ...(entry ? { entryPoints: [entry] } : { stdin: { contents, resolveDir: root, loader: 'ts' } }),
    absWorkingDir: root,
    bundle: true,
    write: false,
    format: 'esm',
    platform,
    minify,
    external,
    target: 'es2022',
    logLevel: 'silent',
  })
  return result.outputFiles[0].text
}

/** gzip size in bytes, at the highest level, as a CDN would serve it. */
export function gzipSize(text) {
  return gzipSync(text, { level: 9 }).length
}

/** Imports bundled ESM text as a module. */
export function importText(code) {
  return import('data:text/javascript;base64,' + Buffer.from(code).toString('base64'))
}
