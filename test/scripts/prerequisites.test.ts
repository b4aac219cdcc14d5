// `npm test` starts with scripts/prerequisites.mjs: on a machine without a Chromium or a redis-server, and
// where it may not install them, it must stop before any test runs, non-zero, with one line per missing
// program saying how to get it; with both present (on PATH or through CHROMIUM_PATH / REDIS_SERVER_PATH)
// it passes. The script runs as a child process with an environment built from scratch: PATH holds only a
// link to this Node, unless a test adds fake programs (empty shell scripts) in a directory of its own.
import { spawn } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { NO_INSTALL, packagesFor, parseOsRelease, planInstall } from '../../scripts/prerequisites.mjs'
import { findProgram } from '../../scripts/programs.mjs'
import { CHROMIUM_PATH } from '../browser/launchChromium'
import { startRedis } from '../redis/redisServer'

const SCRIPT = fileURLToPath(new URL('../../scripts/prerequisites.mjs', import.meta.url))
const dirs: string[] = []
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'prerequisites-'))
  dirs.push(dir)
  return dir
}

/** A directory holding only `node` (a link to this Node), the PATH of a machine with nothing else. */
const nodeOnly = tempDir()
symlinkSync(process.execPath, join(nodeOnly, 'node'))

/** An executable shell script `name` in `dir` that does nothing; returns its path. */
function fakeProgram(dir: string, name: string, body = 'exit 0'): string {
  const file = join(dir, name)
  writeFileSync(file, `#!/bin/sh\n${body}\n`)
  chmodSync(file, 0o755)
  return file
}

interface Outcome {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs the script with exactly `env` (nothing inherited); a hang is killed after a minute, failing the status check. */
function runScript(env: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT], { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.once('error', reject)
    child.once('close', (status) => resolve({ status, stdout, stderr }))
  })
}

const lines = (text: string) => text.split('\n').filter(Boolean)

describe('scripts/prerequisites.mjs as npm test runs it', { timeout: 120_000 }, () => {
  it('stops non-zero on a machine with only node and installing off, one line per missing program saying how to get it', async () => {
    const { status, stdout, stderr } = await runScript({ PATH: nodeOnly, [NO_INSTALL]: '1' })
    expect(status).toBe(1)
    expect(stdout).toBe('')
    const [head, ...missing] = lines(stderr)
    expect(head).toContain(`installing is off (${NO_INSTALL}=1)`)
    expect(missing).toHaveLength(2)
    const chromium = missing.find((line) => line.startsWith('missing chromium:'))
    const redis = missing.find((line) => line.startsWith('missing redis-server:'))
    // what was looked at
    expect(chromium).toContain('CHROMIUM_PATH is unset and no chromium, chromium-browser, google-chrome on PATH')
    expect(redis).toContain('REDIS_SERVER_PATH is unset and no redis-server on PATH')
    // how to get it on common systems
    for (const how of [
      'apt-get install chromium',
      'dnf install chromium',
      'brew install --cask chromium',
      'npx playwright install chromium',
      'never downloads a browser',
      'CHROMIUM_PATH=',
    ]) {
      expect(chromium).toContain(how)
    }
    for (const how of ['apt-get install redis-server', 'dnf install redis', 'brew install redis', 'REDIS_SERVER_PATH=']) {
      expect(redis).toContain(how)
    }
  })

  it('with installing on but no apt-get, stops the same way and says why nothing was installed', async () => {
    const { status, stderr } = await runScript({ PATH: nodeOnly })
    expect(status).toBe(1)
    const [head, ...missing] = lines(stderr)
    expect(head).toContain('no apt-get on PATH')
    expect(missing.map((line) => line.split(':')[0])).toEqual(['missing chromium', 'missing redis-server'])
  })

  it('names only what is missing: a redis-server on PATH is not reported', async () => {
    const bin = tempDir()
    fakeProgram(bin, 'redis-server')
    const { status, stderr } = await runScript({ PATH: [nodeOnly, bin].join(delimiter), [NO_INSTALL]: '1' })
    expect(status).toBe(1)
    expect(lines(stderr).filter((line) => line.startsWith('missing'))).toEqual([expect.stringMatching(/^missing chromium: /)])
  })

  it('and a Chromium on PATH but no redis-server reports redis-server alone', async () => {
    const bin = tempDir()
    fakeProgram(bin, 'google-chrome')
    const { status, stderr } = await runScript({ PATH: [nodeOnly, bin].join(delimiter), [NO_INSTALL]: '1' })
    expect(status).toBe(1)
    expect(lines(stderr).filter((line) => line.startsWith('missing'))).toEqual([expect.stringMatching(/^missing redis-server: /)])
  })

  it('passes with CHROMIUM_PATH and REDIS_SERVER_PATH pointing at executables off PATH, and names them', async () => {
    const dir = tempDir()
    const chromium = fakeProgram(dir, 'my-chrome')
    const redis = fakeProgram(dir, 'my-redis')
    const { status, stdout, stderr } = await runScript({
      PATH: nodeOnly,
      [NO_INSTALL]: '1',
      CHROMIUM_PATH: chromium,
      REDIS_SERVER_PATH: redis,
    })
    expect(stderr).toBe('')
    expect(status).toBe(0)
    expect(stdout).toContain(`chromium ${chromium} (from CHROMIUM_PATH)`)
    expect(stdout).toContain(`redis-server ${redis} (from REDIS_SERVER_PATH)`)
  })

  it('passes with the programs on PATH, taking chromium before chromium-browser before google-chrome', async () => {
    const first = tempDir()
    const second = tempDir()
    const chromeOnly = fakeProgram(first, 'google-chrome')
    const browser = fakeProgram(second, 'chromium-browser')
    const redis = fakeProgram(second, 'redis-server')
    const PATH = [nodeOnly, first, second].join(delimiter)
    const before = await runScript({ PATH, [NO_INSTALL]: '1' })
    expect(before.status).toBe(0)
    expect(before.stdout).toContain(`chromium ${browser} (from PATH (chromium-browser))`)
    expect(before.stdout).toContain(`redis-server ${redis} (from PATH (redis-server))`)
    expect(before.stdout).not.toContain(chromeOnly)

    const named = fakeProgram(second, 'chromium')
    const after = await runScript({ PATH, [NO_INSTALL]: '1' })
    expect(after.status).toBe(0)
    expect(after.stdout).toContain(`chromium ${named} (from PATH (chromium))`)
  })

  it('a CHROMIUM_PATH that is not an executable file stops the run, though a chromium is on PATH', async () => {
    const bin = tempDir()
    fakeProgram(bin, 'chromium')
    fakeProgram(bin, 'redis-server')
    const notExecutable = join(bin, 'plain-file')
    writeFileSync(notExecutable, 'not a program')
    for (const CHROMIUM_PATH of [notExecutable, join(bin, 'nothing-here'), bin]) {
      const { status, stderr } = await runScript({ PATH: [nodeOnly, bin].join(delimiter), [NO_INSTALL]: '1', CHROMIUM_PATH })
      expect(status, CHROMIUM_PATH).toBe(1)
      expect(stderr, CHROMIUM_PATH).toContain(`missing chromium: CHROMIUM_PATH=${CHROMIUM_PATH} is not an executable file`)
      expect(stderr, CHROMIUM_PATH).not.toContain('missing redis-server')
    }
  })
})

describe('what the script would install', () => {
  const debian = parseOsRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nID=debian\n')
  const ubuntu = parseOsRelease('NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n')
  const mint = parseOsRelease('NAME="Linux Mint"\nID=linuxmint\nID_LIKE="ubuntu debian"\n')
  const raspbian = parseOsRelease("ID=raspbian\nID_LIKE='debian'\n")
  const fedora = parseOsRelease('NAME="Fedora Linux"\nID=fedora\n')
  const both = ['chromium', 'redis-server'] as const
  const plan = (input: Partial<Parameters<typeof planInstall>[0]>) =>
    planInstall({ missing: [...both], env: {}, os: debian, aptGet: '/usr/bin/apt-get', privilege: () => 'root', ...input })

  it('reads os-release: ID and ID_LIKE, quoted or not', () => {
    expect(debian).toEqual({ id: 'debian', like: [] })
    expect(ubuntu).toEqual({ id: 'ubuntu', like: ['debian'] })
    expect(mint).toEqual({ id: 'linuxmint', like: ['ubuntu', 'debian'] })
    expect(raspbian).toEqual({ id: 'raspbian', like: ['debian'] })
  })

  it("Debian and its derivatives: both packages; Ubuntu's family: redis-server only (chromium is a snap stub); others: none", () => {
    expect(packagesFor(debian)).toEqual(['chromium', 'redis-server'])
    expect(packagesFor(raspbian)).toEqual(['chromium', 'redis-server'])
    expect(packagesFor(ubuntu)).toEqual(['redis-server'])
    expect(packagesFor(mint)).toEqual(['redis-server'])
    expect(packagesFor(fedora)).toEqual([])
  })

  it('installs what is missing as root, or through a sudo that asks no password', () => {
    expect(plan({})).toEqual({ packages: ['chromium', 'redis-server'], sudo: false, why: undefined })
    expect(plan({ missing: ['redis-server'] })).toEqual({ packages: ['redis-server'], sudo: false, why: undefined })
    expect(plan({ privilege: () => 'sudo' })).toEqual({ packages: ['chromium', 'redis-server'], sudo: true, why: undefined })
    expect(plan({ env: { [NO_INSTALL]: '0' } }).packages).toEqual(['chromium', 'redis-server'])
    expect(plan({ env: { [NO_INSTALL]: '' } }).packages).toEqual(['chromium', 'redis-server'])
  })

  it('on Ubuntu installs redis-server and says chromium stays missing', () => {
    const ubuntuPlan = plan({ os: ubuntu })
    expect(ubuntuPlan.packages).toEqual(['redis-server'])
    expect(ubuntuPlan.why).toContain('chromium')
    expect(plan({ os: ubuntu, missing: ['chromium'] })).toMatchObject({ packages: [], why: expect.stringContaining('chromium') })
  })

  it('installs nothing when turned off, without apt-get, without privilege or on another system, and says why', () => {
    let asked = 0
    const privilege = () => (asked++, 'root' as const)
    expect(plan({ env: { [NO_INSTALL]: '1' }, privilege })).toEqual({
      packages: [],
      sudo: false,
      why: `installing is off (${NO_INSTALL}=1)`,
    })
    expect(plan({ aptGet: undefined, privilege })).toMatchObject({ packages: [], why: 'no apt-get on PATH to install with' })
    expect(plan({ os: fedora, privilege })).toMatchObject({ packages: [], why: expect.stringContaining('fedora') })
    // sudo is only probed when installing is otherwise possible
    expect(asked).toBe(0)
    expect(plan({ privilege: () => 'none' })).toMatchObject({ packages: [], why: 'not root, and sudo asks for a password' })
    expect(plan({ missing: [] })).toEqual({ packages: [], sudo: false, why: undefined })
  })
})

describe('the tests find the programs as the check does', () => {
  const saved = process.env.REDIS_SERVER_PATH
  afterEach(() => {
    if (saved === undefined) delete process.env.REDIS_SERVER_PATH
    else process.env.REDIS_SERVER_PATH = saved
  })

  it('launchChromium launches the Chromium the check found', () => {
    expect(CHROMIUM_PATH).toBe(findProgram('chromium').path)
  })

  it('the Redis tests start the redis-server of REDIS_SERVER_PATH', { timeout: 60_000 }, async () => {
    const real = findProgram('redis-server').path
    expect(real).toBeDefined()
    const dir = tempDir()
    const marker = join(dir, 'started')
    process.env.REDIS_SERVER_PATH = fakeProgram(dir, 'wrapped-redis', `echo started > '${marker}'\nexec '${real}' "$@"`)
    const server = await startRedis()
    try {
      expect(readFileSync(marker, 'utf8')).toBe('started\n')
    } finally {
      await server.stop()
    }
  })
})
