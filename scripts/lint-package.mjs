// Checks the packed package as a consumer gets it: publint (exports map, files, types) and
// @arethetypeswrong/cli (types resolve for ESM and CJS consumers under node16 and bundlers).
// node10 resolution is ignored: it cannot see subpath exports, and this package needs Node 20.
import { execFileSync } from 'node:child_process'

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' })
run('npx', ['--no-install', 'publint', '--strict'])
run('npx', ['--no-install', 'attw', '--pack', '.', '--profile', 'node16', '--format', 'table-flipped'])

// What a consumer downloads: the licence, the README and the guides beside the built code, and no test or source folder.
const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }))
const files = pack.files.map((f) => f.path)
const required = ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'dist/index.js']
const missing = required.filter((file) => !files.includes(file))
const guides = files.filter((file) => /^guides\/.+\.md$/.test(file))
const stray = files.filter((file) => /^(src|test|bench|examples|scripts)\//.test(file))
if (missing.length > 0 || guides.length === 0 || stray.length > 0) {
  console.error(`npm pack: missing ${missing.join(', ') || '-'}; guides ${guides.length}; not for the package: ${stray.join(', ') || '-'}`)
  process.exit(1)
}
console.log(`npm pack: ${files.length} files, LICENSE, README, CHANGELOG and ${guides.length} guides included`)
