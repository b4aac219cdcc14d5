/**
 * A Web Storage (`localStorage`) stand-in with a quota counted in characters, as browsers count it, and
 * `QuotaExceededError` as a DOMException when a write would pass it. Quota 0 behaves like Safari's old
 * private mode, which refused every write.
 */
export class FakeStorage implements Storage {
  readonly map = new Map<string, string>()
  constructor(private readonly quota = Number.POSITIVE_INFINITY) {}

  get length(): number {
    return this.map.size
  }
  clear(): void {
    this.map.clear()
  }
  getItem(key: string): string | null {
    return this.map.get(key) ?? null
  }
  key(index: number): string | null {
    return [...this.map.keys()][index] ?? null
  }
  removeItem(key: string): void {
    this.map.delete(key)
  }
  setItem(key: string, value: string): void {
    let used = key.length + String(value).length
    for (const [k, v] of this.map) if (k !== key) used += k.length + v.length
    if (used > this.quota) throw new DOMException(`Setting the value of '${key}' exceeded the quota.`, 'QuotaExceededError')
    this.map.set(key, String(value))
  }
}
