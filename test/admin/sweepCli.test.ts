import { spawn } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { adminGetDevice, runSweepCli } from '../../src/admin'
import { addDevice, ATTRIBUTE, createPool, createUser, DAY, setTrustMap, startPool, type Local } from './seed'

let local: Local

beforeAll(async () => {
  local = await startPool()
})

afterAll(async () => {
  vi.unstubAllEnvs()
  local?.sdk.destroy()
  await local?.cognito.close()
})

/** Runs the command in-process and collects what it prints. */
async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const status = await runSweepCli(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }, {})
  return { status, stdout, stderr }
}

/** A pool with one user whose one remembered device expired a day before `now`. */
async function expiredDevice(now: number): Promise<{ pool: Local; key: string }> {
  const pool = await createPool(local)
  await createUser(pool, 'alice')
  const key = await addDevice(pool, 'alice')
  await setTrustMap(pool, 'alice', JSON.stringify({ [key]: Math.floor((now - DAY) / 1000) }))
  return { pool, key }
}

describe('cognito-auth-machine-sweep', () => {
  beforeAll(() => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local')
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local')
  })

  it('runs the sweep and prints the report as one JSON line; exit 0', async () => {
    const now = Date.UTC(2027, 5, 1)
    const { pool, key } = await expiredDevice(now)
    const args = [
      '--user-pool-id',
      pool.poolId,
      '--attribute',
      ATTRIBUTE,
      '--endpoint',
      local.cognito.endpoint,
      '--now',
      new Date(now).toISOString(),
    ]
    const dry = await run([...args, '--dry-run'])
    expect(dry.status).toBe(0)
    expect(JSON.parse(dry.stdout)).toMatchObject({ usersScanned: 1, devicesExpired: 1, dryRun: true })
    expect((await adminGetDevice({ client: pool.sdk, userPoolId: pool.poolId, username: 'alice', deviceKey: key })).rememberedStatus).toBe(
      'remembered',
    )

    const real = await run([...args, '--verbose'])
    expect(real.status).toBe(0)
    expect(JSON.parse(real.stdout)).toMatchObject({
      usersScanned: 1,
      devicesExpired: 1,
      entriesPruned: 1,
      errors: [],
      dryRun: false,
      complete: true,
    })
    expect(real.stderr).toContain(`alice: expired ${key}`)
    expect((await adminGetDevice({ client: pool.sdk, userPoolId: pool.poolId, username: 'alice', deviceKey: key })).rememberedStatus).toBe(
      'not_remembered',
    )
  })

  it('exits 1 with the errors in the report when some work failed', async () => {
    const now = Date.UTC(2027, 5, 1)
    const { pool } = await expiredDevice(now)
    local.cognito.faults.inject({ operation: 'AdminUpdateDeviceStatus', error: 'TooManyRequestsException', times: 2 })
    const result = await run([
      '--user-pool-id',
      pool.poolId,
      '--attribute',
      ATTRIBUTE,
      '--endpoint',
      local.cognito.endpoint,
      '--now',
      String(now),
      '--max-attempts',
      '1',
    ])
    local.cognito.faults.clear()
    expect(result.status).toBe(1)
    expect(JSON.parse(result.stdout).errors).toMatchObject([{ username: 'alice', code: 'TOO_MANY_REQUESTS' }])
  })

  it('passes --expire-unlisted on to the sweep', async () => {
    const pool = await createPool(local)
    await createUser(pool, 'bo')
    const unlisted = await addDevice(pool, 'bo')
    const listed = await addDevice(pool, 'bo')
    await setTrustMap(pool, 'bo', JSON.stringify({ [listed]: Math.floor((Date.now() + DAY) / 1000) }))
    const args = ['--user-pool-id', pool.poolId, '--attribute', ATTRIBUTE, '--endpoint', local.cognito.endpoint]
    expect(JSON.parse((await run(args)).stdout)).toMatchObject({ devicesExpired: 0 })
    expect(JSON.parse((await run([...args, '--expire-unlisted'])).stdout)).toMatchObject({ devicesExpired: 1, errors: [] })
    expect(
      (await adminGetDevice({ client: pool.sdk, userPoolId: pool.poolId, username: 'bo', deviceKey: unlisted })).rememberedStatus,
    ).toBe('not_remembered')
  })

  it('exits 2 on bad usage, and prints the usage', async () => {
    for (const args of [
      [],
      ['--attribute', ATTRIBUTE],
      ['--user-pool-id', 'eu-west-1_abc'],
      ['--user-pool-id', 'eu-west-1_abc', '--attribute', ATTRIBUTE, '--now', 'soon'],
      ['--bogus'],
    ]) {
      const result = await run(args)
      expect(result.status).toBe(2)
      expect(result.stderr).toContain('usage: cognito-auth-machine-sweep')
    }
    expect((await run(['--user-pool-id', 'eu-west-1_abc', '--attribute', 'plain'])).status).toBe(2)
    expect((await run(['--help'])).stdout).toContain('--dry-run')
  })

  it('works as a built program, with credentials from the environment', async () => {
    const now = Date.UTC(2027, 5, 1)
    const { pool, key } = await expiredDevice(now)
    // Node 20 cannot run TypeScript: bundle the bin's source as tsup does, next to node_modules so the SDK resolves.
    const dir = join('node_modules', '.cache', 'cognito-auth-machine-tests')
    mkdirSync(dir, { recursive: true })
    const outfile = join(dir, `sweep-${process.pid}.mjs`)
    await build({
      entryPoints: ['src/admin/cli.ts'],
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      outfile,
      logLevel: 'silent',
    })
    const args = [
      outfile,
      '--user-pool-id',
      pool.poolId,
      '--attribute',
      ATTRIBUTE,
      '--endpoint',
      local.cognito.endpoint,
      '--now',
      String(now),
    ]
    const env = { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: local.cognito.region }
    const { status, stdout, stderr } = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      let err = ''
      child.stdout.on('data', (d: Buffer) => (out += d.toString()))
      child.stderr.on('data', (d: Buffer) => (err += d.toString()))
      child.on('close', (code) => resolve({ status: code, stdout: out, stderr: err }))
    }).finally(() => rmSync(outfile, { force: true }))
    expect(stderr).toBe('') // no SDK Node-version notice either
    expect(status).toBe(0)
    expect(JSON.parse(stdout)).toMatchObject({ usersScanned: 1, devicesExpired: 1, errors: [] })
    expect((await adminGetDevice({ client: pool.sdk, userPoolId: pool.poolId, username: 'alice', deviceKey: key })).rememberedStatus).toBe(
      'not_remembered',
    )
  })
})
