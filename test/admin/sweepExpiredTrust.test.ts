import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminForgetDevice, adminGetDevice, adminListDevices, sweepExpiredTrust, type SweepOptions } from '../../src/admin'
import { addDevice, ATTRIBUTE, createPool, createUser, DAY, sdkClient, setTrustMap, startPool, type Local } from './seed'

let local: Local
const s = (ms: number) => Math.floor(ms / 1000)
const DAYS = 30

beforeAll(async () => {
  local = await startPool()
})

afterAll(async () => {
  local?.sdk.destroy()
  await local?.cognito.close()
})

/** A fresh pool on the same server for each test, so counts are the test's own. */
const freshPool = () => createPool(local)

/** The sweep with a 30-day period and the trust attribute, judged at `now` (default: the server's clock). */
const sweep = (pool: Local, extra: Partial<SweepOptions> = {}) =>
  sweepExpiredTrust({
    client: pool.sdk,
    userPoolId: pool.poolId,
    days: DAYS,
    attribute: ATTRIBUTE,
    now: pool.cognito.clock.now(),
    retry: { attempts: 3, baseDelayMs: 1 },
    ...extra,
  })

async function trustMapOf(pool: Local, username: string): Promise<string | undefined> {
  const out = await pool.sdk.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: username }))
  return out.UserAttributes?.find((a) => a.Name === ATTRIBUTE)?.Value
}

async function deviceOf(pool: Local, username: string, deviceKey: string) {
  return adminGetDevice({ client: pool.sdk, userPoolId: pool.poolId, username, deviceKey })
}

async function statusOf(pool: Local, username: string, deviceKey: string) {
  return (await deviceOf(pool, username, deviceKey)).rememberedStatus
}

/** When Cognito says the device was created, epoch milliseconds (whole seconds on the wire). */
async function createdAt(pool: Local, username: string, deviceKey: string): Promise<number> {
  return (await deviceOf(pool, username, deviceKey)).createdAt!.getTime()
}

describe('sweepExpiredTrust against the local server', () => {
  it('marks a remembered device not_remembered once its DeviceCreateDate is 30 days old, to the second', async () => {
    const pool = await freshPool()
    await createUser(pool, 'alice')
    const key = await addDevice(pool, 'alice')
    const end = (await createdAt(pool, 'alice', key)) + DAYS * DAY
    expect(await sweep(pool, { now: end - 1000 })).toMatchObject({ usersScanned: 1, devicesExpired: 0, errors: [] })
    expect(await statusOf(pool, 'alice', key)).toBe('remembered')
    expect(await sweep(pool, { now: new Date(end) })).toMatchObject({ usersScanned: 1, devicesExpired: 1, errors: [], complete: true })
    expect(await statusOf(pool, 'alice', key)).toBe('not_remembered')
  })

  it('two devices remembered a day apart expire each at its own deadline', async () => {
    const pool = await freshPool()
    await createUser(pool, 'bea')
    const first = await addDevice(pool, 'bea')
    pool.cognito.clock.advance(DAY)
    const second = await addDevice(pool, 'bea')
    const firstEnd = (await createdAt(pool, 'bea', first)) + DAYS * DAY
    const secondEnd = (await createdAt(pool, 'bea', second)) + DAYS * DAY
    expect(secondEnd - firstEnd).toBeGreaterThanOrEqual(DAY - 1000)
    expect((await sweep(pool, { now: firstEnd })).devicesExpired).toBe(1)
    expect([await statusOf(pool, 'bea', first), await statusOf(pool, 'bea', second)]).toEqual(['not_remembered', 'remembered'])
    expect((await sweep(pool, { now: secondEnd - 1000 })).devicesExpired).toBe(0)
    expect((await sweep(pool, { now: secondEnd })).devicesExpired).toBe(1)
    expect(await statusOf(pool, 'bea', second)).toBe('not_remembered')
  })

  it('a user who rewrites the attribute to the year 5000 is still expired on time; an earlier entry ends trust sooner', async () => {
    const pool = await freshPool()
    await createUser(pool, 'mallory')
    const lengthened = await addDevice(pool, 'mallory')
    const shortened = await addDevice(pool, 'mallory')
    const end = (await createdAt(pool, 'mallory', lengthened)) + DAYS * DAY
    const year5000 = s(Date.UTC(5000, 0, 1))
    await setTrustMap(pool, 'mallory', JSON.stringify({ [lengthened]: year5000, [shortened]: s(end - 10 * DAY) }))
    expect((await sweep(pool, { now: end - 10 * DAY })).devicesExpired).toBe(1)
    expect(await statusOf(pool, 'mallory', shortened)).toBe('not_remembered')
    expect(await statusOf(pool, 'mallory', lengthened)).toBe('remembered')
    expect((await sweep(pool, { now: end })).devicesExpired).toBe(1)
    expect(await statusOf(pool, 'mallory', lengthened)).toBe('not_remembered')
    // both entries are gone: neither stands for a trusted device now
    expect(await trustMapOf(pool, 'mallory')).toBe('{}')
  })

  it('needs no attribute: without one it reads only ListUsers and AdminListDevices, and decides by the dates', async () => {
    const pool = await freshPool()
    await createUser(pool, 'cy')
    const key = await addDevice(pool, 'cy')
    await createUser(pool, 'dot') // no device
    const end = (await createdAt(pool, 'cy', key)) + DAYS * DAY
    const requests = countRequests(pool)
    const report = await sweep(pool, { client: requests.client, attribute: undefined, now: end })
    expect(report).toMatchObject({ usersScanned: 2, devicesExpired: 1, entriesPruned: 0, errors: [] })
    expect([...requests.byOperation()].sort()).toEqual([
      ['AdminListDevices', 2],
      ['AdminUpdateDeviceStatus', 1],
      ['ListUsers', 1],
    ])
  })

  it('is idempotent: a second run changes nothing and costs ListUsers plus one AdminListDevices per user', async () => {
    const pool = await freshPool()
    await createUser(pool, 'carol')
    const key = await addDevice(pool, 'carol')
    await createUser(pool, 'cid')
    const now = (await createdAt(pool, 'carol', key)) + DAYS * DAY
    await setTrustMap(pool, 'carol', JSON.stringify({ [key]: s(now - DAY) }))
    expect(await sweep(pool, { now })).toMatchObject({ devicesExpired: 1, entriesPruned: 1, errors: [] })
    const again = await sweep(pool, { now })
    expect(again).toMatchObject({ usersScanned: 2, devicesExpired: 0, entriesPruned: 0, errors: [], calls: 3 })
  })

  it('changes nothing in a dry run, and reports what it would do', async () => {
    const pool = await freshPool()
    await createUser(pool, 'dave')
    const key = await addDevice(pool, 'dave')
    const now = (await createdAt(pool, 'dave', key)) + DAYS * DAY
    const map = JSON.stringify({ [key]: s(now - DAY) })
    await setTrustMap(pool, 'dave', map)
    const report = await sweep(pool, { dryRun: true, now })
    expect(report).toMatchObject({ usersScanned: 1, devicesExpired: 1, entriesPruned: 1, dryRun: true })
    expect(await statusOf(pool, 'dave', key)).toBe('remembered')
    expect(await trustMapOf(pool, 'dave')).toBe(map)
  })

  it('prunes entries of devices already not remembered or gone without counting them as expired, and keeps live ones', async () => {
    const pool = await freshPool()
    await createUser(pool, 'erin')
    const untrusted = await addDevice(pool, 'erin', false)
    const forgotten = await addDevice(pool, 'erin')
    const live = await addDevice(pool, 'erin')
    await adminForgetDevice({ client: pool.sdk, userPoolId: pool.poolId, username: 'erin', deviceKey: forgotten })
    const later = s(pool.cognito.clock.now() + 10 * DAY)
    await setTrustMap(pool, 'erin', JSON.stringify({ [untrusted]: later, [forgotten]: later, [live]: later }))
    const report = await sweep(pool)
    expect(report).toMatchObject({ devicesExpired: 0, entriesPruned: 2, errors: [] })
    expect(JSON.parse((await trustMapOf(pool, 'erin'))!)).toEqual({ [live]: later })
  })

  it('judges by the dates when a user’s map is unreadable, and leaves the map as it is', async () => {
    const pool = await freshPool()
    await createUser(pool, 'garbled')
    const key = await addDevice(pool, 'garbled')
    await setTrustMap(pool, 'garbled', 'not a map')
    const now = (await createdAt(pool, 'garbled', key)) + DAYS * DAY
    expect(await sweep(pool, { now })).toMatchObject({ devicesExpired: 1, errors: [] })
    expect(await statusOf(pool, 'garbled', key)).toBe('not_remembered')
    expect(await trustMapOf(pool, 'garbled')).toBe('not a map')
  })

  it('rides out throttling with backoff, and reports a device it could not update for the next run', async () => {
    const pool = await freshPool()
    await createUser(pool, 'hal')
    const key = await addDevice(pool, 'hal')
    const now = (await createdAt(pool, 'hal', key)) + DAYS * DAY

    pool.cognito.faults.inject({ operation: 'AdminUpdateDeviceStatus', error: 'TooManyRequestsException', times: 5 })
    const throttled = await sweep(pool, { now, retry: { attempts: 2, baseDelayMs: 1 } })
    pool.cognito.faults.clear()
    expect(throttled).toMatchObject({ devicesExpired: 0 })
    expect(throttled.errors).toMatchObject([{ username: 'hal', deviceKey: key, error: { code: 'TOO_MANY_REQUESTS' } }])
    expect(await statusOf(pool, 'hal', key)).toBe('remembered')

    pool.cognito.faults.inject({ operation: 'AdminUpdateDeviceStatus', error: 'TooManyRequestsException', times: 2 })
    const recovered = await sweep(pool, { now, retry: { attempts: 3, baseDelayMs: 1 } })
    pool.cognito.faults.clear()
    expect(recovered).toMatchObject({ devicesExpired: 1, errors: [] })
    expect(await statusOf(pool, 'hal', key)).toBe('not_remembered')
  })

  it('resumes after a crash between marking the devices and pruning the map', async () => {
    const pool = await freshPool()
    await createUser(pool, 'ivy')
    const key = await addDevice(pool, 'ivy')
    const now = (await createdAt(pool, 'ivy', key)) + DAYS * DAY
    await setTrustMap(pool, 'ivy', JSON.stringify({ [key]: s(now - DAY) }))
    pool.cognito.faults.inject({ operation: 'AdminUpdateUserAttributes', status: 500, times: 10 })
    const crashed = await sweep(pool, { now, retry: { attempts: 1 } })
    pool.cognito.faults.clear()
    expect(crashed.devicesExpired).toBe(1)
    expect(crashed.errors).toMatchObject([{ username: 'ivy', error: { code: 'INTERNAL_ERROR' } }])
    expect(await statusOf(pool, 'ivy', key)).toBe('not_remembered')
    expect(await trustMapOf(pool, 'ivy')).toContain(key)

    const resumed = await sweep(pool, { now })
    expect(resumed).toMatchObject({ devicesExpired: 0, entriesPruned: 1, errors: [] })
    expect(await trustMapOf(pool, 'ivy')).toBe('{}')
  })

  it('prunes the map as it is when it writes, keeping an entry a client wrote meanwhile', async () => {
    const pool = await freshPool()
    await createUser(pool, 'jay')
    const old = await addDevice(pool, 'jay')
    const now = (await createdAt(pool, 'jay', old)) + DAYS * DAY
    await setTrustMap(pool, 'jay', JSON.stringify({ [old]: s(now - DAY) }))
    // a browser remembers a new device after the sweep listed the users, before it prunes
    const fresh = s(now + 29 * DAY)
    const report = await sweep(pool, {
      now,
      concurrency: 1,
      client: withHook(pool, 'AdminGetUser', () => setTrustMap(pool, 'jay', JSON.stringify({ [old]: s(now - DAY), newer: fresh }))),
    })
    expect(report).toMatchObject({ devicesExpired: 1, entriesPruned: 1, errors: [] })
    expect(JSON.parse((await trustMapOf(pool, 'jay'))!)).toEqual({ newer: fresh })
  })

  it('skips a user deleted between ListUsers and acting, without an error', async () => {
    const pool = await freshPool()
    await createUser(pool, 'gone')
    await addDevice(pool, 'gone')
    const { AdminDeleteUserCommand } = await import('@aws-sdk/client-cognito-identity-provider')
    const deleting = withHook(pool, 'AdminListDevices', async () => {
      await pool.sdk.send(new AdminDeleteUserCommand({ UserPoolId: pool.poolId, Username: 'gone' }))
    })
    const now = pool.cognito.clock.now() + 31 * DAY
    expect(await sweep(pool, { client: deleting, now })).toMatchObject({ usersScanned: 1, devicesExpired: 0, errors: [], complete: true })
  })

  it('walks every page of ListUsers', async () => {
    const pool = await freshPool()
    for (let i = 0; i < 125; i++) await createUser(pool, `user${String(i).padStart(3, '0')}`)
    const requests = countRequests(pool)
    const report = await sweep(pool, { client: requests.client })
    expect(report.usersScanned).toBe(125)
    expect(requests.count('ListUsers')).toBe(3)
    expect(requests.count('AdminListDevices')).toBe(125)
  })

  it('keeps at most `concurrency` requests in flight', async () => {
    const pool = await freshPool()
    for (let i = 0; i < 12; i++) {
      await createUser(pool, `c${i}`)
      await addDevice(pool, `c${i}`)
    }
    const requests = countRequests(pool)
    const report = await sweep(pool, { client: requests.client, concurrency: 3, now: pool.cognito.clock.now() + 31 * DAY })
    expect(report).toMatchObject({ usersScanned: 12, devicesExpired: 12, errors: [] })
    expect(requests.maxInFlight).toBeLessThanOrEqual(3)
    expect(requests.maxInFlight).toBeGreaterThan(1)
    const devices = await adminListDevices({ client: pool.sdk, userPoolId: pool.poolId, username: 'c7' })
    expect(devices.map((d) => d.rememberedStatus)).toEqual(['not_remembered'])
  })

  it('rejects options it cannot act on', async () => {
    const base = { client: local.sdk, userPoolId: local.poolId, days: 30 }
    await expect(sweepExpiredTrust({ ...base, userPoolId: 'nope' })).rejects.toThrow(TypeError)
    await expect(sweepExpiredTrust({ ...base, days: undefined as unknown as number })).rejects.toThrow(/days/)
    await expect(sweepExpiredTrust({ ...base, days: 0 })).rejects.toThrow(/days/)
    await expect(sweepExpiredTrust({ ...base, attribute: 'trusted' })).rejects.toThrow(TypeError)
    await expect(sweepExpiredTrust({ ...base, concurrency: 0 })).rejects.toThrow(TypeError)
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
    byOperation: () => counts.entries(),
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
