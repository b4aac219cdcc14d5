// The first step of `npm test`: before anything slow runs, make sure the programs the tests start are on
// this machine (found as scripts/programs.mjs finds them): a Chromium for the browser tests and a
// redis-server for the Redis tests. When one is missing and this machine allows it, it is installed from
// the distribution's packages and the run goes on; otherwise the script stops at once with exit code 1 and
// one line per missing program saying how to get it.
//
// Installing needs all of:
// - COGNITO_AUTH_MACHINE_NO_INSTALL unset (or empty, 0, false);
// - apt-get on PATH;
// - root, or a sudo that asks no password (`sudo -n true` succeeds);
// - a distribution whose package fits: Debian (and its derivatives other than Ubuntu's) for both programs,
//   Ubuntu for redis-server only (its chromium package is a stub that installs a snap).
// It then runs `apt-get update` and `apt-get install -y <the missing ones>`, as CI needs on a clean machine.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { findProgram, missingLine, onPath, PROGRAMS } from './programs.mjs'

export const NO_INSTALL = 'COGNITO_AUTH_MACHINE_NO_INSTALL'

/** ID and ID_LIKE of an os-release file (`/etc/os-release`). */
export function parseOsRelease(text) {
  const fields = {}
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim())
    if (match) fields[match[1]] = match[2].replace(/^(["'])(.*)\1$/, '$2')
  }
  return { id: fields.ID ?? '', like: (fields.ID_LIKE ?? '').split(/\s+/).filter(Boolean) }
}

/** The programs this distribution's packages provide as the tests need them (the package has the program's name). */
export function packagesFor(os) {
  const family = [os.id, ...os.like]
  if (family.includes('ubuntu')) return ['redis-server']
  if (family.includes('debian')) return ['chromium', 'redis-server']
  return []
}

const installOff = (env) => !['', '0', 'false'].includes((env[NO_INSTALL] ?? '').trim().toLowerCase())

/**
 * What to install for the programs `missing` (those not found at all; a variable pointing at a wrong file
 * is not fixed by a package): `{ packages, sudo, why }`. `privilege()` is asked last, only when installing
 * is otherwise possible: 'root', 'sudo' (sudo -n works) or 'none'. `why` says what stays uninstalled and why.
 */
export function planInstall({ missing, env, os, aptGet, privilege }) {
  const none = (why) => ({ packages: [], sudo: false, why })
  if (missing.length === 0) return none(undefined)
  if (installOff(env)) return none(`installing is off (${NO_INSTALL}=${env[NO_INSTALL]})`)
  if (!aptGet) return none('no apt-get on PATH to install with')
  const fits = packagesFor(os)
  const packages = missing.filter((program) => fits.includes(program))
  const left = missing.filter((program) => !fits.includes(program))
  const leftWhy = left.length ? `no ${os.id || 'unknown'} package gives a usable ${left.join(', ')}` : undefined
  if (packages.length === 0) return none(leftWhy)
  const can = privilege()
  if (can === 'none') return none('not root, and sudo asks for a password')
  return { packages, sudo: can === 'sudo', why: leftWhy }
}

function readOs() {
  for (const file of ['/etc/os-release', '/usr/lib/os-release']) {
    try {
      return parseOsRelease(readFileSync(file, 'utf8'))
    } catch {}
  }
  return { id: '', like: [] }
}

function privilege() {
  if (process.getuid?.() === 0) return 'root'
  const sudo = onPath('sudo')
  if (!sudo) return 'none'
  const probe = spawnSync(sudo, ['-n', 'true'], { stdio: 'ignore', timeout: 5_000 })
  return probe.status === 0 ? 'sudo' : 'none'
}

/** Runs apt-get update, then apt-get install; returns undefined when both succeed, else what failed. */
function install(aptGet, packages, sudo) {
  const run = (args) => {
    const [command, ...rest] = sudo
      ? [onPath('sudo') ?? 'sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive', aptGet, ...args]
      : [aptGet, ...args]
    const result = spawnSync(command, rest, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
    return result.status === 0 ? undefined : `${[command, ...rest].join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`
  }
  return run(['update', '-qq']) ?? run(['install', '-y', '-qq', ...packages])
}

function check() {
  return Object.keys(PROGRAMS).map((program) => ({ program, ...findProgram(program) }))
}

function main() {
  let found = check()
  let note
  const notFound = found.filter((entry) => !entry.path && entry.notFound).map((entry) => entry.program)
  if (notFound.length > 0) {
    const aptGet = onPath('apt-get')
    const plan = planInstall({ missing: notFound, env: process.env, os: readOs(), aptGet, privilege })
    note = plan.why
    if (plan.packages.length > 0) {
      console.log(`prerequisites: installing ${plan.packages.join(' ')} with apt-get${plan.sudo ? ' (sudo)' : ''}`)
      const failed = install(aptGet, plan.packages, plan.sudo)
      if (failed) note = note ? `${failed}; ${note}` : failed
      found = check()
    }
  }
  const missing = found.filter((entry) => !entry.path)
  if (missing.length === 0) {
    console.log(`prerequisites: ${found.map((entry) => `${entry.program} ${entry.path} (from ${entry.from})`).join(', ')}`)
    return
  }
  console.error(`prerequisites: the tests cannot run on this machine yet${note ? `: ${note}` : ''}`)
  for (const entry of missing) console.error(missingLine(entry.program, entry.problem))
  process.exitCode = 1
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main()
