import { g, N } from './constants'
import { nodeRouteWith } from './nodeRoute'

/** One way of computing the two modular exponentiations SRP needs, modulo the group prime N. */
export interface ModPowRoute {
  /** Which route this is. */
  readonly name: 'node' | 'bigint'
  /** g^e mod N. */
  gPow(e: bigint): bigint
  /** base^e mod N, for 0 <= base < N. */
  modPow(base: bigint, e: bigint): bigint
}

// ---- BigInt route: sliding window for any base, a lazily grown fixed-base table for g ----

const WINDOW = 5

/** table[index], which the callers' arithmetic keeps within bounds. */
function at(table: readonly bigint[], index: number): bigint {
  const value = table[index]
  if (value === undefined) throw new RangeError(`modPow: no table entry ${index}`)
  return value
}

/** base^e mod N by left-to-right sliding window over odd powers. */
function slidingWindow(base: bigint, e: bigint): bigint {
  if (e === 0n) return 1n
  const b = base % N
  const b2 = (b * b) % N
  const odd: bigint[] = [b] // odd[i] = b^(2i+1)
  for (let i = 1; i < 1 << (WINDOW - 1); i++) odd.push((at(odd, i - 1) * b2) % N)
  const bits = e.toString(2)
  let result = 1n
  let i = 0
  while (i < bits.length) {
    if (bits[i] === '0') {
      result = (result * result) % N
      i++
      continue
    }
    // the longest window starting here, up to WINDOW bits, that ends in a 1
    let end = Math.min(i + WINDOW, bits.length)
    while (bits[end - 1] === '0') end--
    for (let j = i; j < end; j++) result = (result * result) % N
    result = (result * at(odd, (parseInt(bits.slice(i, end), 2) - 1) >> 1)) % N
    i = end
  }
  return result
}

/** table[j] = g^(2^(WINDOW*j)) mod N, extended on demand. */
const gTable: bigint[] = [g]

/** g^e mod N by Yao's fixed-base method over gTable: about bits/WINDOW + 2^(WINDOW+1) products. */
function fixedBaseG(e: bigint): bigint {
  const mask = BigInt((1 << WINDOW) - 1)
  const digits: number[] = []
  for (let rest = e; rest > 0n; rest >>= BigInt(WINDOW)) digits.push(Number(rest & mask))
  while (gTable.length < digits.length) {
    let next = at(gTable, gTable.length - 1)
    for (let s = 0; s < WINDOW; s++) next = (next * next) % N
    gTable.push(next)
  }
  let result = 1n
  let acc = 1n
  for (let d = (1 << WINDOW) - 1; d >= 1; d--) {
    for (let j = 0; j < digits.length; j++) if (digits[j] === d) acc = (acc * at(gTable, j)) % N
    result = (result * acc) % N
  }
  return result
}

/** The portable route: native BigInt only. Runs anywhere; used in browsers. */
export const bigintRoute: ModPowRoute = { name: 'bigint', gPow: fixedBaseG, modPow: slidingWindow }

/** The native route, where node:crypto is present (its own module, so that browser builds can leave it out). */
export const nodeRoute: ModPowRoute | undefined = nodeRouteWith(slidingWindow)

let active: ModPowRoute = nodeRoute ?? bigintRoute

/** The route in use: Node's where available, else BigInt. */
export function currentRoute(): ModPowRoute {
  return active
}

/** Selects a route (tests and benchmarks compare both on the same inputs). Not part of the public API. */
export function useRoute(route: ModPowRoute): void {
  active = route
}
