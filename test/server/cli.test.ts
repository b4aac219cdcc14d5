// The command-line program, run as a child process the way a script runs it: the endpoint is the first
// line of stdout, a banner on stderr says it is a test server, non-loopback hosts need --allow-remote,
// and --seed prints a pool an app signs in to.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { CognitoIdentityProviderClient, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider'
import { build } from 'esbuild'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createAuthClient, fetchTransport, memoryStorage } from '../../src/index'
import { totp, type SeededPool } from '../../src/testing'

let cli = ''
beforeAll(async () => {
  // Node 20 cannot run TypeScript: bundle the bin's source the way tsup does (packages stay external, so
  // the AWS SDK comes from node_modules), inside the repository so that they resolve, one file per process.
  const dir = join(process.cwd(), 'node_modules/.cache/cognito-auth-machine-tests')
  mkdirSync(dir, { recursive: true })
  cli = join(dir, `cli-${process.pid}.mjs`)
  await build({
    entryPoints: ['src/testing/cli.ts'],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    outfile: cli,
    logLevel: 'silent',
  })
})

afterAll(() => rmSync(cli, { force: true }))

interface Run {
  child: ChildProcessWithoutNullStreams
  /** Everything printed on stdout so far. */
  readonly stdout: string
  /** Everything printed on stderr so far. */
  readonly stderr: string
  /** Resolves with the first `count` lines of stdout; rejects if the program exits first. */
  lines(count: number): Promise<string[]>
  /** Resolves once stderr holds `text`; rejects if the program exits first. */
  said(text: string): Promise<void>
  /** Resolves with the exit code. */
  exited: Promise<number | null>
}

const running: Run[] = []
afterEach(async () => {
  for (const run of running.splice(0)) {
    if (run.child.exitCode === null) run.child.kill('SIGTERM')
    await run.exited
  }
})

function run(args: string[]): Run {
  const child = spawn(process.execPath, [cli, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const out = { stdout: '', stderr: '' }
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()))
  /** Resolves with what `read` finds in the output once it finds something; rejects if the program exits first. */
  const waitFor = <T>(read: () => T | undefined, what: string) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = read()
        if (found !== undefined) resolve(found)
      }
      child.stdout.on('data', check)
      child.stderr.on('data', check)
      void exited.then((code) => (check(), reject(new Error(`exited ${code} before ${what}; stderr: ${out.stderr}`))))
      check()
    })
  const result: Run = {
    child,
    exited,
    get stdout() {
      return out.stdout
    },
    get stderr() {
      return out.stderr
    },
    lines: (count) =>
      waitFor(() => (out.stdout.split('\n').length > count ? out.stdout.split('\n').slice(0, count) : undefined), `${count} lines`),
    said: async (text) => void (await waitFor(() => (out.stderr.includes(text) ? true : undefined), `saying ${text}`)),
  }
  running.push(result)
  return result
}

describe('cognito-auth-machine-local', () => {
  it('prints its endpoint as the first line of stdout and a test-server banner on stderr; SigV4 with dummy credentials works', async () => {
    const program = run(['--port', '0'])
    const [endpoint] = await program.lines(1)
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    const sdk = new CognitoIdentityProviderClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    })
    const { UserPool } = await sdk.send(new CreateUserPoolCommand({ PoolName: 'cli' }))
    sdk.destroy()
    expect(UserPool?.Id).toMatch(/^us-east-1_/)
    await program.said('Ctrl-C stops it.')
    expect(program.stderr).toContain('a local TEST server')
    expect(program.stderr).toContain('NOT Amazon Cognito')
    expect(program.stderr).toContain(`Listening on ${endpoint} (loopback only)`)
    expect(program.stdout).toBe(`${endpoint}\n`)
  })

  it('refuses --host 0.0.0.0 without --allow-remote, before listening', async () => {
    const program = run(['--port', '0', '--host', '0.0.0.0'])
    expect(await program.exited).toBe(1)
    expect(program.stdout).toBe('')
    expect(program.stderr).toMatch(/0\.0\.0\.0 is not a loopback address.*--allow-remote/s)
  })

  it('listens on 0.0.0.0 with --allow-remote, with a warning and the banner on stderr', async () => {
    const program = run(['--port', '0', '--host', '0.0.0.0', '--allow-remote'])
    const [endpoint] = await program.lines(1)
    expect(endpoint).toMatch(/^http:\/\/0\.0\.0\.0:\d+\/$/)
    await program.said('Ctrl-C stops it.')
    expect(program.stderr).toMatch(/WARNING: listening on 0\.0\.0\.0/)
    expect(program.stderr).toContain('REACHABLE FROM OTHER MACHINES')
  })

  it('serves the origins and hosts given with --allow-origin and --allow-host', async () => {
    const program = run(['--port=0', '--allow-origin', 'https://app.test:8443', '--allow-host=devbox.lan'])
    const [endpoint] = await program.lines(1)
    const preflight = (origin: string) =>
      fetch(endpoint!, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } })
    const listed = await preflight('https://app.test:8443')
    expect(listed.status).toBe(204)
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://app.test:8443')
    expect((await preflight('https://evil.example')).status).toBe(403)
    await program.said('Ctrl-C stops it.')
    expect(program.stderr).toContain('browsers: loopback pages, https://app.test:8443')
  })

  it('refuses unknown flags and malformed values with exit 1 and a message', async () => {
    for (const [args, message] of [
      [['--nope'], /unknown argument --nope/],
      [['--port', 'x'], /--port needs a number/],
      [['--allow-origin', 'https://app.test/path'], /not an origin/],
      [['--seed-options', '{oops'], /--seed-options must be JSON/],
      [['--seed-options', '{"mfa":"MAYBE"}'], /seedPool: mfa must be 'OFF', 'ON' or 'OPTIONAL'/],
      [['--seed-options', '{"mfa":"OFF","enrolTotp":true}'], /cannot be enrolled in TOTP/],
    ] as const) {
      const program = run(['--port', '0', ...args])
      expect(await program.exited, args.join(' ')).toBe(1)
      expect(program.stderr, args.join(' ')).toMatch(message)
      expect(program.stdout, args.join(' ')).toBe('')
    }
  })

  it('prints its usage with --help', async () => {
    const program = run(['--help'])
    expect(await program.exited).toBe(0)
    expect(program.stdout).toMatch(/^usage: cognito-auth-machine-local/)
    expect(program.stdout).toContain('--seed-options <json>')
  })
})

describe('cognito-auth-machine-local --seed', () => {
  it('prints the seeded pool after the endpoint, and an app signs in with what it printed', async () => {
    const program = run(['--port', '0', '--seed'])
    const [endpoint, json] = await program.lines(2)
    const pool = JSON.parse(json!) as SeededPool
    expect(pool).toMatchObject({ endpoint, region: 'us-east-1', users: [{ username: 'alice', password: 'Passw0rd!', temporary: false }] })
    expect(pool.userPoolId).toMatch(/^us-east-1_/)
    const client = createAuthClient({ ...pool, transport: fetchTransport(), storage: memoryStorage() })
    const view = await client.signIn({ username: pool.users[0]!.username, password: pool.users[0]!.password })
    client.stop()
    expect(view.step).toBe('signedIn')
  })

  it('seeds what --seed-options asks: MFA required, users enrolled in TOTP, remembered devices', async () => {
    const options = {
      mfa: 'ON',
      enrolTotp: true,
      devices: { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: false },
      users: [{ username: 'ana', password: 'Correct-Horse-9' }],
    }
    const program = run(['--port', '0', '--seed-options', JSON.stringify(options)])
    const [, json] = await program.lines(2)
    const pool = JSON.parse(json!) as SeededPool
    const ana = pool.users[0]!
    expect(ana.totpSecret).toMatch(/^[A-Z2-7]{32}$/)
    const client = createAuthClient({ ...pool, transport: fetchTransport(), storage: memoryStorage() })
    const asked = await client.signIn({ username: 'ana', password: 'Correct-Horse-9' })
    expect(asked).toMatchObject({ step: 'mfaCode', channel: 'TOTP' })
    // The program's clock is the real one: the code of this moment is the one it expects.
    const view = await client.submitCode(totp(ana.totpSecret!, Date.now()))
    client.stop()
    expect(view).toMatchObject({ step: 'signedIn', device: { status: 'remembered' } })
  })
})
