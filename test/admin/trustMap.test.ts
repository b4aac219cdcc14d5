import { describe, expect, it } from 'vitest'
import { expiredTrustKeys, parseTrustMap, serializeTrustMap } from '../../src/device/trustMap'
import { updateTrustAttribute } from '../../src/device/trustMap'

describe('trust map', () => {
  it('reads what the client writes (updateTrustAttribute) and writes it back unchanged', () => {
    const now = Date.UTC(2026, 0, 1)
    const written = updateTrustAttribute(undefined, 'us-east-1_dk-1', now + 30 * 86_400_000, now)
    const map = parseTrustMap(written)
    expect(map).toEqual({ 'us-east-1_dk-1': Math.floor((now + 30 * 86_400_000) / 1000) })
    expect(serializeTrustMap(map!)).toBe(written)
  })

  it('reads a missing or empty attribute as an empty map, and an unreadable one as null', () => {
    expect(parseTrustMap(undefined)).toEqual({})
    expect(parseTrustMap('')).toEqual({})
    expect(parseTrustMap('{}')).toEqual({})
    expect(parseTrustMap('not json')).toBeNull()
    expect(parseTrustMap('[1,2]')).toBeNull()
    expect(parseTrustMap('42')).toBeNull()
    expect(parseTrustMap('null')).toBeNull()
  })

  it('leaves out entries that are not a finite number of seconds', () => {
    expect(parseTrustMap('{"a":1790000000,"b":"soon","c":null,"d":1790000000.7,"":5}')).toEqual({ a: 1790000000, d: 1790000000 })
  })

  it('names the keys whose trust has ended, the exact second included', () => {
    const map = { past: 1_000, now: 2_000, future: 3_000 }
    expect(expiredTrustKeys(map, 2_000_000)).toEqual(['past', 'now'])
    expect(expiredTrustKeys(map, 1_999_999)).toEqual(['past'])
  })
})
