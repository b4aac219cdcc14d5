// Checks the packed package as a consumer gets it: publint (exports map, files, types) and
// @arethetypeswrong/cli (types resolve for ESM and CJS consumers under node16 and bundlers).
// node10 resolution is ignored: it cannot see subpath exports, and this package needs Node 20.
import { execFileSync } from 'node:child_process'

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' })
run('npx', ['--no-install', 'publint', '--strict'])
run('npx', ['--no-install', 'attw', '--pack', '.', '--profile', 'node16', '--format', 'table-flipped'])
