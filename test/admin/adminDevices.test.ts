import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  adminForgetDevice,
  adminGetDevice,
  adminListDevices,
  adminUpdateDeviceStatus,
  AuthError,
  parseAdminDevice,
  type CallCounter,
} from '../../src/admin'
import { addDevice, createUser, startPool, type Local } from './seed'

let local: Local

beforeAll(async () => {
  local = await startPool()
})

afterAll(async () => {
  local?.sdk.destroy()
  await local?.cognito.close()
})

const user = (username: string, counter?: CallCounter) => ({
  client: local.sdk,
  userPoolId: local.poolId,
  username,
  retry: { attempts: 3, baseDelayMs: 1 },
  ...(counter ? { counter } : {}),
})

describe('admin device helpers against the local server', () => {
  it('lists every device of a user across pages, remembered or not', async () => {
    await createUser(local, 'many')
    const keys: string[] = []
    for (let i = 0; i < 62; i++) keys.push(await addDevice(local, 'many', i % 2 === 0))
    const counter = { calls: 0 }
    const devices = await adminListDevices(user('many', counter))
    expect(devices.map((d) => d.deviceKey).sort()).toEqual([...keys].sort())
    expect(counter.calls).toBe(2) // 60 + 2
    const remembered = devices.filter((d) => d.rememberedStatus === 'remembered').length
    expect(remembered).toBe(31)
    expect(devices.filter((d) => d.rememberedStatus === 'not_remembered')).toHaveLength(31)
  })

  it('reads the device attributes into a typed record', async () => {
    await createUser(local, 'typed')
    const key = await addDevice(local, 'typed')
    const device = await adminGetDevice({ ...user('typed'), deviceKey: key })
    expect(device).toMatchObject({ deviceKey: key, name: "typed's device", rememberedStatus: 'remembered' })
    expect(device.lastIp).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/)
    expect(device.createdAt).toBeInstanceOf(Date)
    expect(device.lastModifiedAt).toBeInstanceOf(Date)
    expect(device.attributes['dev:device_arn']).toContain(`/device/${key}`)
    expect(device.attributes.device_status).toBe('valid')
  })

  it('sets the remembered status both ways, and forgets a device for good', async () => {
    await createUser(local, 'status')
    const key = await addDevice(local, 'status')
    await adminUpdateDeviceStatus({ ...user('status'), deviceKey: key, status: 'not_remembered' })
    expect((await adminGetDevice({ ...user('status'), deviceKey: key })).rememberedStatus).toBe('not_remembered')
    await adminUpdateDeviceStatus({ ...user('status'), deviceKey: key, status: 'remembered' })
    expect((await adminGetDevice({ ...user('status'), deviceKey: key })).rememberedStatus).toBe('remembered')
    await adminForgetDevice({ ...user('status'), deviceKey: key })
    const error = await adminGetDevice({ ...user('status'), deviceKey: key }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthError)
    expect(error).toMatchObject({ code: 'STALE_DEVICE', cause: { name: 'ResourceNotFoundException', message: 'Device does not exist.' } })
    expect(await adminListDevices(user('status'))).toEqual([])
  })

  it('takes region, endpoint and credentials instead of a client, as the AWS SDK does', async () => {
    await createUser(local, 'conn')
    const key = await addDevice(local, 'conn')
    const devices = await adminListDevices({
      userPoolId: local.poolId,
      username: 'conn',
      region: local.cognito.region,
      endpoint: local.cognito.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    })
    expect(devices.map((d) => d.deviceKey)).toEqual([key])
  })

  it('retries throttling with backoff, within a bound, and then gives a typed error', async () => {
    await createUser(local, 'throttled')
    const key = await addDevice(local, 'throttled')
    local.cognito.faults.inject({ operation: 'AdminGetDevice', error: 'TooManyRequestsException', times: 2 })
    const counter = { calls: 0 }
    expect((await adminGetDevice({ ...user('throttled', counter), deviceKey: key })).deviceKey).toBe(key)
    expect(counter.calls).toBe(3)

    local.cognito.faults.inject({ operation: 'AdminGetDevice', error: 'TooManyRequestsException', times: 5 })
    try {
      const bounded = { calls: 0 }
      const error = await adminGetDevice({ ...user('throttled', bounded), deviceKey: key }).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryable: true })
      expect(bounded.calls).toBe(3)
    } finally {
      local.cognito.faults.clear() // the unused throttles must not reach the next test
    }
  })

  it('does not retry what cannot succeed', async () => {
    const counter = { calls: 0 }
    const error = await adminListDevices(user('nobody', counter)).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'USER_NOT_FOUND' })
    expect(counter.calls).toBe(1)
  })

  it('reads an unknown remembered status as undefined, never as a known one', () => {
    const device = parseAdminDevice({ DeviceKey: 'dk', DeviceAttributes: [{ Name: 'dev:device_remembered_status', Value: 'maybe' }] })
    expect(device.rememberedStatus).toBeUndefined()
  })
})
