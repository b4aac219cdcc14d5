// Where the tests find the two programs they run besides Node: a Chromium (browser tests, driven by
// playwright-core) and a redis-server (Redis tests, one child process per test file). The lookup lives
// here once, for scripts/prerequisites.mjs (the first step of `npm test`), test/browser/launchChromium.ts
// and test/redis/redisServer.ts, so the check and the tests always agree on the same executable.
//
// Order: an environment variable (CHROMIUM_PATH, REDIS_SERVER_PATH) wins when set, and must then name an
// executable file (a wrong path is reported, never silently replaced); otherwise the first of the usual
// names on PATH.
import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join, resolve } from 'node:path'

/** The programs, the variable that points at each, and the names looked up on PATH, in order. */
export const PROGRAMS = {
  chromium: { variable: 'CHROMIUM_PATH', names: ['chromium', 'chromium-browser', 'google-chrome'] },
  'redis-server': { variable: 'REDIS_SERVER_PATH', names: ['redis-server'] },
}

/** How to get each program, for the one line printed when it is missing. */
export const HOW_TO_GET = {
  chromium:
    'get it with `sudo apt-get install chromium` (Debian), `sudo dnf install chromium` (Fedora) or `brew install --cask chromium` (macOS), ' +
    'or where the internet is open with `npx playwright install chromium` (the project itself never downloads a browser) and then ' +
    "CHROMIUM_PATH=<the chrome it put under ~/.cache/ms-playwright>; on Ubuntu apt's chromium is only a snap stub, so use that or " +
    "Google Chrome's .deb (google-chrome on PATH is found); any browser off PATH needs CHROMIUM_PATH=<its executable>",
  'redis-server':
    'get it with `sudo apt-get install redis-server` (Debian, Ubuntu), `sudo dnf install redis` (Fedora) or `brew install redis` (macOS); ' +
    'one off PATH needs REDIS_SERVER_PATH=<its executable>',
}

function isExecutableFile(file) {
  try {
    if (!statSync(file).isFile()) return false
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The first executable file called `name` in the directories of `env.PATH`, or undefined. */
export function onPath(name, env = process.env) {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    const file = join(dir, name)
    if (isExecutableFile(file)) return file
  }
  return undefined
}

/**
 * Finds one of {@link PROGRAMS}: `{ path, from }` when found, else `{ problem, notFound }` (`notFound` is
 * true when nothing was set or on PATH, so installing the package would help; false when the variable
 * names something that is not an executable file).
 */
export function findProgram(program, env = process.env) {
  const { variable, names } = PROGRAMS[program]
  const set = env[variable]
  if (set) {
    const file = resolve(set)
    if (isExecutableFile(file)) return { path: file, from: variable }
    return { problem: `${variable}=${set} is not an executable file`, notFound: false }
  }
  for (const name of names) {
    const file = onPath(name, env)
    if (file) return { path: file, from: `PATH (${name})` }
  }
  return { problem: `${variable} is unset and no ${names.join(', ')} on PATH`, notFound: true }
}

/** The line printed for a program that was not found: what was looked at, and how to get it. */
export function missingLine(program, problem) {
  return `missing ${program}: ${problem}; ${HOW_TO_GET[program]}`
}

/** The path of a program, or an error naming how to get it. */
function pathOf(program) {
  const found = findProgram(program)
  if (found.path) return found.path
  throw new Error(missingLine(program, found.problem))
}

/** The Chromium executable the browser tests launch (throws, saying how to get one, when there is none). */
export const chromiumPath = () => pathOf('chromium')

/** The redis-server executable the Redis tests start (throws, saying how to get one, when there is none). */
export const redisServerPath = () => pathOf('redis-server')
