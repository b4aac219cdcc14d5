import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminForgetDevice, adminGetDevice, adminListDevices, sweepExpiredTrust, type SweepOptions } from '../../src/admin'
import { addDevice, ATTRIBUTE, createPool, createUser, DAY, sdkClient, setTrustMap, startPool, type Local } from './seed'

let local: Local
const NOW = Date.UTC(2027, 0, 1)
const s = (ms: number) => Math.floor(ms / 1000)

beforeAll(async () => {
  local = await startPool()
})

afterAll(async () => {
  local?.sdk.destroy()
  await local?.cognito.close()
})

/** A fresh pool on the same server for each test, so counts are the test's own. */
const freshPool = () => createPool(local)

const sweep = (pool: Local, extra: Partial<SweepOptions> = {}) =>
  sweepExpiredTrust({
    client: pool.sdk,
    userPoolId: pool.poolId,
    attribute: ATTRIBUTE,
    now: NOW,
    retry: { attempts: 3, baseDelayMs: 1 },
    ...extra,
  })

async function trustMapOf(pool: Local, username: string): Promise<string | undefined> {
  const out = await pool.sdk.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: username }))
  return out.UserAttributes?.find((a) => a.Name === ATTRIBUTE)?.Value
}

async function statusOf(pool: Local, username: string, deviceKey: string) {
  return (await adminGetDevice({ client: pool.sdk, userPoolId: pool.poolId, username, deviceKey })).rememberedStatus
}

describe('sweepExpiredTrust against the local server', () => {
  it('marks expired remembered devices not_remembered, prunes them from the map, and leaves devices in trust alone', async () => {
    const pool = await freshPool()
    await createUser(pool, 'alice')
    const expired = await addDevice(pool, 'alice')
    const trusted = await addDevice(pool, 'alice')
    await setTrustMap(pool, 'alice', JSON.stringify({ [expired]: s(NOW - DAY), [trusted]: s(NOW + 10 * DAY) }))
    await createUser(pool, 'bob') // no map at all

    const report = await sweep(pool)
    expect(report).toMatchObject({ usersScanned: 2, devicesExpired: 1, entriesPruned: 1, errors: [], dryRun: false, complete: true })
    expect(await statusOf(pool, 'alice', expired)).toBe('not_remembered')
    expect(await statusOf(pool, 'alice', trusted)).toBe('remembered')
    expect(JSON.parse((await trustMapOf(pool, 'alice'))!)).toEqual({ [trusted]: s(NOW + 10 * DAY) })
  })

  it('is idempotent: a second run finds nothing to do and calls only ListUsers', async () => {
    const pool = await freshPool()
    await createUser(pool, 'carol')
    const key = await addDevice(pool, 'carol')
    await setTrustMap(pool, 'carol', JSON.stringify({ [key]: s(NOW - 1) }))
    expect((await sweep(pool)).devicesExpired).toBe(1)
    const again = await sweep(pool)
    expect(again).toMatchObject({ usersScanned: 1, devicesExpired: 0, entriesPruned: 0, errors: [], calls: 1 })
  })

  it('changes nothing in a dry run, and reports what it would do', async () => {
    const pool = await freshPool()
    await createUser(pool, 'dave')
    const key = await addDevice(pool, 'dave')
    const map = JSON.stringify({ [key]: s(NOW - DAY) })
    await setTrustMap(pool, 'dave', map)
    const report = await sweep(pool, { dryRun: true })
    expect(report).toMatchObject({ usersScanned: 1, devicesExpired: 1, entriesPruned: 1, dryRun: true })
    expect(await statusOf(pool, 'dave', key)).toBe('remembered')
    expect(await trustMapOf(pool, 'dave')).toBe(map)
  })

  it('prunes entries of devices already not remembered or gone without counting them as expired', async () => {
    const pool = await freshPool()
    await createUser(pool, 'erin')
    const untrusted = await addDevice(pool, 'erin', false)
    const forgotten = await addDevice(pool, 'erin')
    await adminForgetDevice({ client: pool.sdk, userPoolId: pool.poolId, username: 'erin', deviceKey: forgotten })
    await setTrustMap(pool, 'erin', JSON.stringify({ [untrusted]: s(NOW - DAY), [forgotten]: s(NOW - DAY) }))
    const report = await sweep(pool)
    expect(report).toMatchObject({ devicesExpired: 0, entriesPruned: 2, errors: [] })
    expect(await trustMapOf(pool, 'erin')).toBe('{}')
  })

  it('judges expiry by the given now: the exact second has expired, one second before has not', async () => {
    const pool = await freshPool()
    await createUser(pool, 'fay')
    const key = await addDevice(pool, 'fay')
    await setTrustMap(pool, 'fay', JSON.stringify({ [key]: s(NOW) }))
    expect((await sweep(pool, { now: NOW - 1000 })).devicesExpired).toBe(0)
    expect((await sweep(pool, { now: new Date(NOW) })).devicesExpired).toBe(1)
  })

  it('reports a user whose map is unreadable and goes on with the others', async () => {
    const pool = await freshPool()
    await createUser(pool, 'garbled')
    await setTrustMap(pool, 'garbled', 'not a map')
    await createUser(pool, 'fine')
    const key = await addDevice(pool, 'fine')
    await setTrustMap(pool, 'fine', JSON.stringify({ [key]: s(NOW - DAY) }))
    const report = await sweep(pool)
    expect(report.devicesExpired).toBe(1)
    expect(report.errors).toHaveLength(1)
    expect(report.errors[0]).toMatchObject({ username: 'garbled', error: { code: 'UNEXPECTED_RESPONSE' } })
    expect(await trustMapOf(pool, 'garbled')).toBe('not a map')
  })

  it('rides out throttling with backoff, and reports a device it could not update, keeping its entry for the next run', async () => {
    const pool = await freshPool()
    await createUser(pool, 'hal')
    const key = await addDevice(pool, 'hal')
    await setTrustMap(pool, 'hal', JSON.stringify({ [key]: s(NOW - DAY) }))

    pool.cognito.faults.inject({ operation: 'AdminUpdateDeviceStatus', error: 'TooManyRequestsException', times: 5 })
    const throttled = await sweep(pool, { retry: { attempts: 2, baseDelayMs: 1 } })
    pool.cognito.faults.clear()
    expect(throttled).toMatchObject({ devicesExpired: 0, entriesPruned: 0 })
    expect(throttled.errors).toMatchObject([{ username: 'hal', deviceKey: key, error: { code: 'TOO_MANY_REQUESTS' } }])
    expect(await statusOf(pool, 'hal', key)).toBe('remembered')
    expect(await trustMapOf(pool, 'hal')).toContain(key)

    pool.cognito.faults.inject({ operation: 'AdminUpdateDeviceStatus', error: 'TooManyRequestsException', times: 2 })
    const recovered = await sweep(pool, { retry: { attempts: 3, baseDelayMs: 1 } })
    pool.cognito.faults.clear()
    expect(recovered).toMatchObject({ devicesExpired: 1, entriesPruned: 1, errors: [] })
    expect(await statusOf(pool, 'hal', key)).toBe('not_remembered')
  })

  it('resumes after a crash between marking the devices and pruning the map', async () => {
    const pool = await freshPool()
    await createUser(pool, 'ivy')
    const key = await addDevice(pool, 'ivy')
    await setTrustMap(pool, 'ivy', JSON.stringify({ [key]: s(NOW - DAY) }))
    pool.cognito.faults.inject({ operation: 'AdminUpdateUserAttributes', status: 500, times: 10 })
    const crashed = await sweep(pool, { retry: { attempts: 1 } })
    pool.cognito.faults.clear()
    expect(crashed.devicesExpired).toBe(1)
    expect(crashed.errors).toMatchObject([{ username: 'ivy', error: { code: 'INTERNAL_ERROR' } }])
    expect(await statusOf(pool, 'ivy', key)).toBe('not_remembered')
    expect(await trustMapOf(pool, 'ivy')).toContain(key)

    const resumed = await sweep(pool)
    expect(resumed).toMatchObject({ devicesExpired: 0, entriesPruned: 1, errors: [] })
    expect(await trustMapOf(pool, 'ivy')).toBe('{}')
  })

  it('acts on the map as it is when it gets to the user, not as ListUsers showed it', async () => {
    const pool = await freshPool()
    await createUser(pool, 'jay')
    const key = await addDevice(pool, 'jay')
    await setTrustMap(pool, 'jay', JSON.stringify({ [key]: s(NOW - DAY) }))
    // The user re-trusts the device (a new deadline) after the sweep read the page, before it acts.
    const report = await sweep(pool, {
      concurrency: 1,
      client: withHook(pool, 'AdminGetUser', () => setTrustMap(pool, 'jay', JSON.stringify({ [key]: s(NOW + 30 * DAY) }))),
    })
    expect(report).toMatchObject({ devicesExpired: 0, entriesPruned: 0, errors: [] })
    expect(await statusOf(pool, 'jay', key)).toBe('remembered')
  })

  it('with expireUnlisted, also ends the trust of a remembered device whose entry a client dropped; without it, leaves it', async () => {
    const pool = await freshPool()
    await createUser(pool, 'kim')
    const dropped = await addDevice(pool, 'kim') // its expired entry was dropped by a client writing the map
    const listed = await addDevice(pool, 'kim')
    await setTrustMap(pool, 'kim', JSON.stringify({ [listed]: s(NOW + 10 * DAY) }))
    await createUser(pool, 'lee') // no map: not under the policy, never touched
    const unmanaged = await addDevice(pool, 'lee')

    expect(await sweep(pool)).toMatchObject({ devicesExpired: 0, errors: [] })
    expect(await statusOf(pool, 'kim', dropped)).toBe('remembered')

    const dry = await sweep(pool, { expireUnlisted: true, dryRun: true })
    expect(dry).toMatchObject({ devicesExpired: 1, entriesPruned: 0, errors: [] })
    expect(await statusOf(pool, 'kim', dropped)).toBe('remembered')

    const report = await sweep(pool, { expireUnlisted: true })
    expect(report).toMatchObject({ usersScanned: 2, devicesExpired: 1, entriesPruned: 0, errors: [] })
    expect(await statusOf(pool, 'kim', dropped)).toBe('not_remembered')
    expect(await statusOf(pool, 'kim', listed)).toBe('remembered')
    expect(await statusOf(pool, 'lee', unmanaged)).toBe('remembered')
    expect(JSON.parse((await trustMapOf(pool, 'kim'))!)).toEqual({ [listed]: s(NOW + 10 * DAY) })
    expect((await sweep(pool, { expireUnlisted: true })).devicesExpired).toBe(0)
  })

  it('skips a user deleted between ListUsers and acting, without an error', async () => {
    const pool = await freshPool()
    await createUser(pool, 'gone')
    const key = await addDevice(pool, 'gone')
    await setTrustMap(pool, 'gone', JSON.stringify({ [key]: s(NOW - DAY) }))
    const { AdminDeleteUserCommand } = await import('@aws-sdk/client-cognito-identity-provider')
    const deleting = withHook(pool, 'AdminGetUser', async () => {
      await pool.sdk.send(new AdminDeleteUserCommand({ UserPoolId: pool.poolId, Username: 'gone' }))
    })
    expect(await sweep(pool, { client: deleting })).toMatchObject({ usersScanned: 1, devicesExpired: 0, errors: [], complete: true })
  })

  it('walks every page of ListUsers', async () => {
    const pool = await freshPool()
    for (let i = 0; i < 125; i++) await createUser(pool, `user${String(i).padStart(3, '0')}`)
    const requests = countRequests(pool)
    const report = await sweep(pool, { client: requests.client })
    expect(report.usersScanned).toBe(125)
    expect(requests.count('ListUsers')).toBe(3)
  })

  it('keeps at most `concurrency` requests in flight', async () => {
    const pool = await freshPool()
    for (let i = 0; i < 12; i++) {
      await createUser(pool, `c${i}`)
      const key = await addDevice(pool, `c${i}`)
      await setTrustMap(pool, `c${i}`, JSON.stringify({ [key]: s(NOW - DAY) }))
    }
    const requests = countRequests(pool)
    const report = await sweep(pool, { client: requests.client, concurrency: 3 })
    expect(report).toMatchObject({ usersScanned: 12, devicesExpired: 12, errors: [] })
    expect(requests.maxInFlight).toBeLessThanOrEqual(3)
    expect(requests.maxInFlight).toBeGreaterThan(1)
    const devices = await adminListDevices({ client: pool.sdk, userPoolId: pool.poolId, username: 'c7' })
    expect(devices.map((d) => d.rememberedStatus)).toEqual(['not_remembered'])
  })

  it('rejects options it cannot act on', async () => {
    await expect(sweepExpiredTrust({ client: local.sdk, userPoolId: 'nope', attribute: ATTRIBUTE })).rejects.toThrow(TypeError)
    await expect(sweepExpiredTrust({ client: local.sdk, userPoolId: local.poolId, attribute: 'trusted' })).rejects.toThrow(TypeError)
    await expect(sweepExpiredTrust({ client: local.sdk, userPoolId: local.poolId, attribute: ATTRIBUTE, concurrency: 0 })).rejects.toThrow(
      TypeError,
    )
  })
})

/** An SDK client on the same server whose middleware counts requests per operation and the most in flight at once. */
function countRequests(pool: Local) {
  const client = sdkClient(pool.cognito)
  const counts = new Map<string, number>()
  let inFlight = 0
  const stats = {
    client,
    maxInFlight: 0,
    count: (operation: string) => counts.get(operation) ?? 0,
  }
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName).replace(/Command$/, '')
      counts.set(operation, (counts.get(operation) ?? 0) + 1)
      stats.maxInFlight = Math.max(stats.maxInFlight, ++inFlight)
      try {
        return await next(args)
      } finally {
        inFlight--
      }
    },
    { step: 'finalizeRequest', name: 'countRequests' },
  )
  return stats
}

/** An SDK client that runs `hook` once, before the first request of `operation`. */
function withHook(pool: Local, operation: string, hook: () => Promise<void>) {
  const client = sdkClient(pool.cognito)
  let done = false
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!done && context.commandName === `${operation}Command`) {
        done = true
        await hook()
      }
      return next(args)
    },
    { step: 'initialize', name: 'hook' },
  )
  return client
}
