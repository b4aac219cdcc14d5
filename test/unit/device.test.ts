import { describe, expect, it } from 'vitest'
import { memoryStorage } from '../../src/index'
import {
  deviceStore,
  isTrustExpired,
  parseDeviceRecord,
  TRUST_MARGIN_MS,
  trustDeadline,
  withTrustDeadline,
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
  const DAY = 86_400_000
  it('ends a period its days after confirmation, an hour early, whatever the status', () => {
    const policy = { days: 30 }
    // written out, not from the constant: the margin is part of the contract with the sweep
    expect(TRUST_MARGIN_MS).toBe(3_600_000)
    const end = record.confirmedAt + 30 * DAY - 3_600_000
    expect(trustDeadline(record.confirmedAt, policy)).toBe(end)
    expect(trustDeadline(record.confirmedAt, undefined)).toBeNull()
    expect(isTrustExpired(record, end - 1, policy)).toBe(false)
    expect(isTrustExpired(record, end, policy)).toBe(true)
    // a record the user declined to remember is past its period too: its key is never presented again
    const declined: DeviceRecord = { ...record, status: 'not_remembered', trustedUntil: null }
    expect(isTrustExpired(declined, end, policy)).toBe(true)
    // the stored trustedUntil (an older release counted from "remember") does not lengthen it
    const counted: DeviceRecord = { ...record, trustedUntil: end + 20 * DAY }
    expect(isTrustExpired(counted, end, policy)).toBe(true)
    expect(isTrustExpired(record, Number.MAX_SAFE_INTEGER, undefined)).toBe(false)
  })
  it('shows a remembered record with its period’s end, and a record not remembered with none', () => {
    const policy = { days: 30 }
    const end = record.confirmedAt + 30 * DAY - 3_600_000
    expect(withTrustDeadline({ ...record, trustedUntil: end + 5 * DAY }, policy).trustedUntil).toBe(end)
    expect(withTrustDeadline({ ...record, status: 'not_remembered' }, policy).trustedUntil).toBeNull()
    expect(withTrustDeadline(record, undefined).trustedUntil).toBeNull()
  })
  it('writes the attribute map from its current value, dropping entries already past', () => {
    const now = 2_000_000_000_000
    const before = JSON.stringify({ old: now / 1000 - 10, other: now / 1000 + 100, bad: 'x' })
    const after = JSON.parse(updateTrustAttribute(before, 'dev1', now + 5000, now))
    expect(after).toEqual({ other: now / 1000 + 100, dev1: Math.floor((now + 5000) / 1000) })
    expect(JSON.parse(updateTrustAttribute(JSON.stringify(after), 'dev1', null, now))).toEqual({ other: now / 1000 + 100 })
    // without a clock, every other entry stays
    expect(JSON.parse(updateTrustAttribute(before, 'dev1', null))).toEqual({ old: now / 1000 - 10, other: now / 1000 + 100 })
    expect(updateTrustAttribute('garbage', 'd', null)).toBe('{}')
  })
})
