// Type-checks every code sample a reader may copy: each ```ts / ```tsx block of README.md and
// guides/*.md, and each `@example` block of the TSDoc in src/ and adapters/. Each block becomes a module
// of its own in a scratch folder (test-results/samples/) whose node_modules/cognito-auth-machine points
// at this repository, so `import ... from 'cognito-auth-machine/...'` resolves through package.json
// "exports" to the BUILT types in dist/ (run `npm run build` first), exactly as in an app that installed
// the package. The ```vue and ```svelte components of a guide are checked too, with vue-tsc and
// svelte-check, beside that guide's ts blocks whose first line names their file (`// src/auth.ts` is
// written as auth.ts, which the component imports as './auth').
//
// A block that cannot stand alone is skipped only when marked: in markdown, an HTML comment
// `<!-- not-checked: reason -->` on the line before the fence; in TSDoc, a first line
// `// not-checked: reason` inside the block. The counts of checked and skipped blocks are printed.
//
// Usage: node scripts/check-samples.mjs [files...]   (default: README.md, guides/*.md, src/**/*.ts, adapters/**/*.ts)
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'

const root = fileURLToPath(new URL('..', import.meta.url))
/** Scratch space: outside node_modules (vue-tsc and svelte-check skip files there), and git-ignored. */
const SCRATCH = join(root, 'test-results/samples')
const FENCE = /^(\s*)```(ts|tsx|typescript)\s*$/
const MD_SKIP = /^<!--\s*not-checked:\s*(.+?)\s*-->$/
const CODE_SKIP = /^\/\/\s*not-checked:\s*(.+)$/

/**
 * @typedef {{ file: string, line: number, lang: 'ts' | 'tsx' | 'vue' | 'svelte', code: string, skip: string | null }} Sample
 * `line` is the 1-based line of the block's first code line in `file`.
 */

/**
 * The ```ts / ```tsx blocks of a markdown text.
 * @param {string} file path relative to the repository
 * @param {string} text
 * @returns {Sample[]}
 */
export function markdownSamples(file, text) {
  const lines = text.split('\n')
  /** @type {Sample[]} */
  const samples = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)/.exec(lines[i])
    if (!open) continue
    let end = i + 1
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++
    const lang = { ts: 'ts', typescript: 'ts', tsx: 'tsx', vue: 'vue', svelte: 'svelte' }[open[1]] ?? null
    if (lang) {
      let before = i - 1
      while (before >= 0 && lines[before].trim() === '') before--
      const marker = before >= 0 ? MD_SKIP.exec(lines[before].trim()) : null
      samples.push({ file, line: i + 2, lang, code: lines.slice(i + 1, end).join('\n'), skip: marker ? marker[1] : null })
    }
    i = end
  }
  return samples
}

/**
 * The fenced blocks under the `@example` tags of a source file's TSDoc comments.
 * @param {string} file path relative to the repository
 * @param {string} text
 * @returns {Sample[]}
 */
export function tsdocSamples(file, text) {
  const lines = text.split('\n')
  /** @type {Sample[]} */
  const samples = []
  let inComment = false
  let inExample = false
  /** @type {{ lang: 'ts' | 'tsx', start: number, body: string[] } | null} */
  let block = null
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (!inComment) {
      if (/^\s*\/\*\*/.test(line) && !/\*\/\s*$/.test(line)) inComment = true
      inExample = false
      continue
    }
    if (/^\s*\*\/\s*$/.test(line) || /\*\/\s*$/.test(line)) {
      inComment = false
      block = null
      continue
    }
    const content = line.replace(/^\s*\* ?/, '')
    if (block) {
      if (/^```\s*$/.test(content)) {
        const code = block.body.join('\n').replace(/\*\\\//g, '*/')
        const first = code.split('\n').find((l) => l.trim() !== '') ?? ''
        const marker = CODE_SKIP.exec(first.trim())
        samples.push({ file, line: block.start, lang: block.lang, code, skip: marker ? marker[1] : null })
        block = null
      } else block.body.push(content)
      continue
    }
    if (/^@example\b/.test(content)) inExample = true
    else if (/^@\w+/.test(content)) inExample = false
    const open = FENCE.exec(content)
    if (inExample && open) block = { lang: open[2] === 'tsx' ? 'tsx' : 'ts', start: i + 2, body: [] }
  }
  return samples
}

/** @param {string} dir @returns {Promise<string[]>} the .ts files under `dir` (not .d.ts), relative to the repository */
async function sourceFiles(dir) {
  const entries = await readdir(join(root, dir), { withFileTypes: true, recursive: true })
  return entries
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(root, join(e.parentPath ?? e.path, e.name)))
    .sort()
}

/** The files checked by default: README.md, guides/*.md, and the sources of src/ and adapters/. */
export async function defaultFiles() {
  const guides = existsSync(join(root, 'guides'))
    ? (await readdir(join(root, 'guides')))
        .filter((f) => f.endsWith('.md'))
        .sort()
        .map((f) => `guides/${f}`)
    : []
  return ['README.md', ...guides, ...(await sourceFiles('src')), ...(await sourceFiles('adapters'))]
}

/**
 * Collects the samples of `files` (paths relative to the repository).
 * @param {string[]} files
 * @returns {Promise<Sample[]>}
 */
export async function collectSamples(files) {
  const all = []
  for (const file of files) {
    const text = await readFile(join(root, file), 'utf8')
    all.push(...(file.endsWith('.md') ? markdownSamples(file, text) : tsdocSamples(file, text)))
  }
  return all
}

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    module: 'ESNext',
    moduleResolution: 'Bundler',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    isolatedModules: true,
    jsx: 'react-jsx',
    types: ['node'],
    ignoreDeprecations: '6.0',
  },
  include: ['*.ts', '*.tsx'],
}

/**
 * Type-checks samples with tsc against the built package; resolves with the diagnostics, each mapped
 * back to the sample's file and line.
 * @param {Sample[]} samples the samples to check (skipped ones are left out by the caller)
 * @param {string} [dir] the scratch folder (inside the repository, so other packages resolve from its node_modules)
 * @returns {Promise<{ file: string, line: number, message: string }[]>}
 */
export async function typeCheck(samples, dir = join(SCRATCH, 'ts')) {
  await scratchProject(dir, TSCONFIG)
  /** @type {Map<string, Sample>} */
  const byName = new Map()
  await Promise.all(
    samples.map((sample, i) => {
      const name = `${String(i).padStart(3, '0')}-${sample.file.replace(/\W+/g, '_')}-L${sample.line}.${sample.lang}`
      byName.set(name, sample)
      // each sample is a module of its own (top-level await, no name clashes between samples)
      return writeFile(join(dir, name), `${sample.code}\nexport {}\n`)
    }),
  )
  const output = await runTool(dir, 'typescript/bin/tsc', ['-p', join(dir, 'tsconfig.json'), '--pretty', 'false'])
  return tscDiagnostics(output, byName)
}

/** A scratch folder with a tsconfig and node_modules/cognito-auth-machine pointing at this repository. */
async function scratchProject(dir, tsconfig) {
  if (!existsSync(join(root, 'dist/index.d.ts'))) throw new Error('dist/ is missing: run `npm run build` first')
  await rm(dir, { recursive: true, force: true })
  await mkdir(join(dir, 'node_modules'), { recursive: true })
  await symlink(root, join(dir, 'node_modules/cognito-auth-machine'), 'dir')
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2))
}

/** Runs a tool of this repository's node_modules in `dir`; resolves with its output, whatever its exit code. */
function runTool(dir, bin, args) {
  return promisify(execFile)(process.execPath, [join(root, 'node_modules', bin), ...args], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }).then(
    (r) => `${r.stdout}${r.stderr}`,
    (e) => (e.stdout !== undefined ? `${e.stdout}${e.stderr}` : Promise.reject(e)),
  )
}

/** tsc's (or vue-tsc's) `file(line,col): error ...` lines, mapped back to the samples. */
function tscDiagnostics(output, byName) {
  const diagnostics = []
  for (const line of output.split('\n')) {
    const m = /^(.+?)\((\d+),(\d+)\): (error .*)$/.exec(line.trim())
    if (m) {
      const sample = byName.get(m[1].split(/[\\/]/).pop())
      if (sample) diagnostics.push({ file: sample.file, line: sample.line + Number(m[2]) - 1, message: m[4] })
      else diagnostics.push({ file: m[1], line: Number(m[2]), message: m[4] })
    } else if (line.trim() !== '' && diagnostics.length > 0) diagnostics[diagnostics.length - 1].message += `\n    ${line.trim()}`
    else if (line.trim() !== '') diagnostics.push({ file: '(tsc)', line: 0, message: line.trim() })
  }
  return diagnostics
}

/**
 * Checks the ```vue and ```svelte components of each markdown file, each file in a project of its own
 * beside its named ts blocks (`// src/auth.ts` first), with vue-tsc or svelte-check.
 * @param {Sample[]} samples all samples (the components and the ts blocks of their files)
 * @returns {Promise<{ file: string, line: number, message: string }[]>}
 */
export async function checkComponents(samples) {
  const diagnostics = []
  const files = [...new Set(samples.filter((s) => (s.lang === 'vue' || s.lang === 'svelte') && s.skip === null).map((s) => s.file))]
  for (const [index, file] of files.entries()) {
    const dir = join(SCRATCH, `components-${index}`)
    await scratchProject(dir, { ...TSCONFIG, include: ['*.ts', '*.vue', '*.svelte'] })
    /** @type {Map<string, Sample>} */
    const byName = new Map()
    for (const [i, sample] of samples.filter((s) => s.file === file).entries()) {
      const named = /^\/\/\s*(?:\S+\/)?([\w.-]+\.ts)\s*$/.exec(sample.code.split('\n')[0] ?? '')
      const name = sample.lang === 'vue' || sample.lang === 'svelte' ? `Sample${i}.${sample.lang}` : named?.[1]
      if (!name || sample.skip !== null) continue
      byName.set(name, sample)
      await writeFile(join(dir, name), sample.code)
    }
    const langs = new Set([...byName.values()].map((s) => s.lang))
    if (langs.has('vue'))
      diagnostics.push(...tscDiagnostics(await runTool(dir, 'vue-tsc/bin/vue-tsc.js', ['--noEmit', '-p', 'tsconfig.json']), byName))
    if (langs.has('svelte')) {
      const output = await runTool(dir, 'svelte-check/bin/svelte-check', [
        '--tsconfig',
        './tsconfig.json',
        '--output',
        'machine',
        '--fail-on-warnings',
      ])
      for (const line of output.split('\n')) {
        const m = /^\d+ (ERROR|WARNING) "(.+?)" (\d+):(\d+) "(.*)"$/.exec(line.trim())
        const sample = m && byName.get(m[2].split(/[\\/]/).pop())
        if (m)
          diagnostics.push(
            sample
              ? { file: sample.file, line: sample.line + Number(m[3]) - 1, message: `${m[1]} ${m[5]}` }
              : { file: m[2], line: Number(m[3]), message: m[5] },
          )
        else if (/^\d+ FAILURE /.test(line.trim())) diagnostics.push({ file: '(svelte-check)', line: 0, message: line.trim() })
      }
    }
  }
  return diagnostics
}

async function main() {
  const args = process.argv.slice(2)
  const files = args.length > 0 ? args : await defaultFiles()
  const samples = await collectSamples(files)
  const checked = samples.filter((s) => s.skip === null)
  const skipped = samples.filter((s) => s.skip !== null)
  const diagnostics = [
    ...(await typeCheck(checked.filter((s) => s.lang === 'ts' || s.lang === 'tsx'))),
    ...(await checkComponents(samples)),
  ]
  for (const s of skipped) console.log(`skipped ${s.file}:${s.line}: ${s.skip}`)
  for (const d of diagnostics) console.error(`${d.file}:${d.line}: ${d.message}`)
  const failing = new Set(diagnostics.map((d) => `${d.file}:${d.line}`)).size
  const inFiles = new Set(samples.map((s) => s.file)).size
  console.log(
    `samples: ${checked.length} checked (${checked.filter((s) => s.lang === 'vue' || s.lang === 'svelte').length} of them Vue or Svelte components), ` +
      `${skipped.length} skipped (marked not-checked), from ${inFiles} files; ` +
      `${diagnostics.length === 0 ? 'all type-check' : `${diagnostics.length} errors at ${failing} places`}`,
  )
  if (diagnostics.length > 0) process.exitCode = 1
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
