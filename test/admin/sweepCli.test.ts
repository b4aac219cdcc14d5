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

/** A pool with one user whose one remembered device, with its map entry, is 31 days old at `now`. */
async function expiredDevice(): Promise<{ pool: Local; key: string; now: number }> {
  const pool = await createPool(local)
  await createUser(pool, 'alice')
  const key = await addDevice(pool, 'alice')
  const now = local.cognito.clock.now() + 31 * DAY
  await setTrustMap(pool, 'alice', JSON.stringify({ [key]: Math.floor((now - DAY) / 1000) }))
  return { pool, key, now }
}

describe('cognito-auth-machine-sweep', () => {
  beforeAll(() => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local')
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local')
  })

  it('runs the sweep and prints the report as one JSON line; exit 0', async () => {
    const { pool, key, now } = await expiredDevice()
    const args = [
      '--user-pool-id',
      pool.poolId,
      '--days',
      '30',
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
    const { pool, now } = await expiredDevice()
    local.cognito.faults.inject({ operation: 'AdminUpdateDeviceStatus', error: 'TooManyRequestsException', times: 2 })
    const result = await run([
      '--user-pool-id',
      pool.poolId,
      '--days',
      '30',
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

  it('decides by --days without --attribute', async () => {
    const pool = await createPool(local)
    await createUser(pool, 'bo')
    const key = await addDevice(pool, 'bo')
    const args = [
      '--user-pool-id',
      pool.poolId,
      '--endpoint',
      local.cognito.endpoint,
      '--now',
      String(local.cognito.clock.now() + 35 * DAY),
    ]
    expect(JSON.parse((await run([...args, '--days', '40'])).stdout)).toMatchObject({ devicesExpired: 0, errors: [] })
    expect(JSON.parse((await run([...args, '--days', '30'])).stdout)).toMatchObject({ devicesExpired: 1, errors: [] })
    expect((await adminGetDevice({ client: pool.sdk, userPoolId: pool.poolId, username: 'bo', deviceKey: key })).rememberedStatus).toBe(
      'not_remembered',
    )
  })

  it('exits 2 on bad usage, and prints the usage', async () => {
    for (const args of [
      [],
      ['--days', '30'],
      ['--user-pool-id', 'eu-west-1_abc'],
      ['--user-pool-id', 'eu-west-1_abc', '--days', 'thirty'],
      ['--user-pool-id', 'eu-west-1_abc', '--days', '0'],
      ['--user-pool-id', 'eu-west-1_abc', '--days', '30', '--now', 'soon'],
      ['--bogus'],
    ]) {
      const result = await run(args)
      expect(result.status).toBe(2)
      expect(result.stderr).toContain('usage: cognito-auth-machine-sweep')
    }
    expect((await run(['--user-pool-id', 'eu-west-1_abc', '--days', '30', '--attribute', 'plain'])).status).toBe(2)
    expect((await run(['--help'])).stdout).toContain('--dry-run')
  })

  it('works as a built program, with credentials from the environment', async () => {
    const { pool, key, now } = await expiredDevice()
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
      '--days',
      '30',
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
