/**
 * The new value of the trust attribute: the old map (device key to expiry in epoch seconds) with
 * `deviceKey` set to `until`, or removed when `until` is null (the client itself marked it
 * not_remembered or forgot it). Other entries are kept even when past their date: marking those
 * devices and pruning them is the server-side sweep's job, and it finds them only in this map.
 *
 * @param current - the attribute's current value, if any (unreadable values start afresh)
 * @param deviceKey - the device to update
 * @param until - its new deadline, epoch milliseconds, or null to remove it
 * @param _now - unused; kept so callers written against the first version still compile
 */
export function updateTrustAttribute(current: string | undefined, deviceKey: string, until: number | null, _now?: number): string {
  let map: Record<string, unknown> = {}
  try {
    const parsed: unknown = JSON.parse(current ?? '{}')
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) map = parsed as Record<string, unknown>
  } catch {
    // unreadable: start afresh
  }
  const next: Record<string, number> = {}
  for (const [key, value] of Object.entries(map)) {
    if (typeof value === 'number' && Number.isFinite(value) && key !== deviceKey) next[key] = value
  }
  if (until !== null) next[deviceKey] = Math.floor(until / 1000)
  return JSON.stringify(next)
}
