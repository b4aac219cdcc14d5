import { describe, expect, it } from 'vitest'
import { memoryStorage } from '../../src/index'
import {
  deviceStore,
  isTrustExpired,
  parseDeviceRecord,
  trustedUntilFrom,
  updateTrustAttribute,
  type DeviceRecord,
} from '../../src/machine/index'

const record: DeviceRecord = {
  version: 1,
  userId: 'sub-1',
  deviceKey: 'us-east-1_0f0e0d0c-0000-4000-8000-000000000001',
  deviceGroupKey: '-abcDEF',
  devicePassword: 'c2VjcmV0',
  status: 'remembered',
  confirmedAt: 1_700_000_000_000,
  trustedUntil: 1_702_592_000_000,
}
const scope = { userPoolId: 'us-east-1_Pool1', clientId: 'client1' }

describe('DeviceRecord parsing is strict', () => {
  it('accepts a whole record', () => {
    expect(parseDeviceRecord(JSON.stringify(record), 'sub-1')).toEqual({ ok: true, record })
  })
  it.each([
    ['not JSON', '{oops'],
    ['an old shape', JSON.stringify({ deviceKey: record.deviceKey, randomPassword: 'x', deviceGroupKey: 'g' })],
    ['a missing secret', JSON.stringify({ ...record, devicePassword: '' })],
    ['a bad status', JSON.stringify({ ...record, status: 'yes' })],
    ['a bad deadline', JSON.stringify({ ...record, trustedUntil: 'soon' })],
    ['extra fields', JSON.stringify({ ...record, extra: 1 })],
    ['a malformed key', JSON.stringify({ ...record, deviceKey: 'nope' })],
  ])('rejects %s', (_name, text) => {
    expect(parseDeviceRecord(text, 'sub-1').ok).toBe(false)
  })
  it("rejects another user's record", () => {
    expect(parseDeviceRecord(JSON.stringify(record), 'sub-2')).toMatchObject({ ok: false, reason: 'bad userId' })
  })
})

describe('deviceStore', () => {
  it('finds a record by any typed name through the alias index', async () => {
    const store = deviceStore(memoryStorage(), scope)
    await store.save(record, ['Ana@Example.com', 'ana'])
    expect((await store.find('ana@example.com')).record).toEqual(record)
    expect((await store.find('sub-1')).record).toEqual(record)
    expect(await store.find('bob')).toEqual({ userId: null, record: null })
  })
  it('drops a corrupt record whole and says why', async () => {
    const storage = memoryStorage()
    const store = deviceStore(storage, scope)
    await store.save(record, ['ana'])
    await storage.setItem('cognito-auth-machine.us-east-1_Pool1.client1.device.sub-1', '{"version":1,"userId":"sub-1"}')
    const found = await store.find('ana')
    expect(found.record).toBeNull()
    expect(found.dropped).toBe('bad deviceKey')
    expect(await storage.getItem('cognito-auth-machine.us-east-1_Pool1.client1.device.sub-1')).toBeNull()
  })
  it('removes only the named device', async () => {
    const store = deviceStore(memoryStorage(), scope)
    await store.save(record, ['ana'])
    await store.remove('sub-1', 'us-east-1_0f0e0d0c-0000-4000-8000-000000000999')
    expect((await store.find('ana')).record).not.toBeNull()
    await store.remove('sub-1', record.deviceKey)
    expect((await store.find('ana')).record).toBeNull()
  })
  it('reports storage failures as STORAGE_ERROR', async () => {
    const broken = { getItem: () => Promise.reject(new Error('disk on fire')), setItem: () => undefined, removeItem: () => undefined }
    await expect(deviceStore(broken, scope).find('ana')).rejects.toMatchObject({ code: 'STORAGE_ERROR' })
  })
})

describe('trust policy', () => {
  it('computes deadlines and expiry by the given clock', () => {
    expect(trustedUntilFrom(1000, { days: 30 })).toBe(1000 + 30 * 86_400_000)
    expect(trustedUntilFrom(1000, undefined)).toBeNull()
    expect(isTrustExpired(record, record.trustedUntil! - 1)).toBe(false)
    expect(isTrustExpired(record, record.trustedUntil!)).toBe(true)
    expect(isTrustExpired({ ...record, status: 'not_remembered' }, record.trustedUntil! + 1)).toBe(false)
    expect(isTrustExpired({ ...record, trustedUntil: null }, Number.MAX_SAFE_INTEGER)).toBe(false)
  })
  it('keeps a compact attribute map, leaving past deadlines for the server-side sweep', () => {
    const now = 2_000_000_000_000
    const before = JSON.stringify({ old: now / 1000 - 10, other: now / 1000 + 100, bad: 'x' })
    const after = JSON.parse(updateTrustAttribute(before, 'dev1', now + 5000))
    expect(after).toEqual({ old: now / 1000 - 10, other: now / 1000 + 100, dev1: Math.floor((now + 5000) / 1000) })
    expect(JSON.parse(updateTrustAttribute(JSON.stringify(after), 'dev1', null))).toEqual({ old: now / 1000 - 10, other: now / 1000 + 100 })
    expect(updateTrustAttribute('garbage', 'd', null)).toBe('{}')
  })
})
