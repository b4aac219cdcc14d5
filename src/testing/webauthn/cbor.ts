// The few CBOR (RFC 8949) items an authenticator writes: integers, byte strings, text strings and maps, for the
// attestation object and the COSE public key. Maps keep the order given; callers give CTAP2's canonical order.

/** A value the encoder takes. @internal */
export type CborValue = number | string | Uint8Array | CborMap

/** A CBOR map, in the order its entries are to be written. */
type CborMap = ReadonlyArray<readonly [number | string, CborValue]>

/** The initial byte(s) of an item: major type and argument. */
function head(major: number, argument: number): number[] {
  const type = major << 5
  if (argument < 24) return [type | argument]
  if (argument < 0x100) return [type | 24, argument]
  if (argument < 0x10000) return [type | 25, argument >> 8, argument & 0xff]
  if (argument <= 0xffffffff) return [type | 26, (argument >>> 24) & 0xff, (argument >> 16) & 0xff, (argument >> 8) & 0xff, argument & 0xff]
  throw new RangeError('cbor: arguments above 2^32 - 1 are not needed here')
}

/** One item's bytes. */
function item(value: CborValue): number[] {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`cbor: ${value} is not an integer`)
    return value >= 0 ? head(0, value) : head(1, -1 - value)
  }
  if (typeof value === 'string') {
    const text = new TextEncoder().encode(value)
    return [...head(3, text.length), ...text]
  }
  if (value instanceof Uint8Array) return [...head(2, value.length), ...value]
  const out = head(5, value.length)
  for (const [key, entry] of value) out.push(...item(key), ...item(entry))
  return out
}

/** The CBOR encoding of `value`. @internal */
export function encodeCbor(value: CborValue): Uint8Array {
  return Uint8Array.from(item(value))
}
