import { isObject, parseJson } from '../json'

/**
 * The trust map kept in the custom attribute named by `trust.attribute`: device key to the end of its
 * trust, in epoch seconds. On the wire it is a JSON object, e.g. `{"us-east-1_0c5a…":1790000000}`;
 * a custom attribute holds at most 2048 characters, room for about 30 devices.
 */
export type TrustMap = Record<string, number>

/**
 * Reads a trust map. Entries whose value is not a finite number are left out; a value that is not a
 * JSON object at all gives `null`, so a caller can tell "no devices" (`{}`) from "unreadable".
 * A missing or empty attribute is an empty map.
 *
 * @param value - the attribute's value
 * @example
 * ```ts
 * import { parseTrustMap } from 'cognito-auth-machine/admin'
 *
 * parseTrustMap('{"dk-1":1790000000}') // { 'dk-1': 1790000000 }
 * parseTrustMap('not json') // null
 * ```
 */
export function parseTrustMap(value: string | undefined | null): TrustMap | null {
  if (!value) return {}
  const parsed = parseJson(value)
  if (!isObject(parsed)) return null
  const map: TrustMap = {}
  for (const [key, until] of Object.entries(parsed)) {
    // a key such as __proto__ is data here, never the map's prototype
    if (key !== '' && typeof until === 'number' && Number.isFinite(until))
      Object.defineProperty(map, key, { value: Math.floor(until), enumerable: true, writable: true, configurable: true })
  }
  return map
}

/**
 * Writes a trust map as the attribute's value (whole seconds, keys in the map's order).
 *
 * @param map - device key to expiry, epoch seconds
 * @example
 * ```ts
 * import { serializeTrustMap } from 'cognito-auth-machine/admin'
 *
 * serializeTrustMap({ 'dk-1': 1790000000 }) // '{"dk-1":1790000000}'
 * ```
 */
export function serializeTrustMap(map: TrustMap): string {
  const out: TrustMap = {}
  for (const [key, until] of Object.entries(map)) if (Number.isFinite(until)) out[key] = Math.floor(until)
  return JSON.stringify(out)
}

/**
 * The device keys of a map whose trust has ended at `now` (an entry ending exactly now has ended, as in
 * `isTrustExpired`).
 *
 * @param map - device key to expiry, epoch seconds
 * @param now - the current time, epoch milliseconds
 */
export function expiredTrustKeys(map: TrustMap, now: number): string[] {
  return Object.entries(map)
    .filter(([, until]) => until * 1000 <= now)
    .map(([key]) => key)
}

/**
 * The new value of the trust attribute: the current map (device key to expiry in epoch seconds) with
 * `deviceKey` set to `until`, or removed when `until` is null (the client marked it not remembered or
 * forgot it). Entries already past at `now` are dropped: the sweep judges every device by its own date
 * and needs no entry to expire it, and the attribute's 2048 characters stay free for live devices.
 *
 * @param current - the attribute's current value, if any (unreadable values start afresh)
 * @param deviceKey - the device to update
 * @param until - its new deadline, epoch milliseconds, or null to remove it
 * @param now - the current time, epoch milliseconds (default: keep every other entry)
 * @example
 * ```ts
 * import { updateTrustAttribute } from 'cognito-auth-machine/machine'
 *
 * updateTrustAttribute('{"dk-old":1000}', 'dk-1', 1_790_000_000_000, Date.now()) // '{"dk-1":1790000000}'
 * ```
 */
export function updateTrustAttribute(current: string | undefined, deviceKey: string, until: number | null, now = -Infinity): string {
  const map = parseTrustMap(current) ?? {}
  for (const key of expiredTrustKeys(map, now)) delete map[key]
  delete map[deviceKey]
  if (until !== null) map[deviceKey] = Math.floor(until / 1000)
  return JSON.stringify(map) // parseTrustMap's entries are whole seconds already
}
