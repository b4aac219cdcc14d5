/** arctan(1/x), scaled by `one`, from its Taylor series (each term rounded down). */
function arctanInverse(x: bigint, one: bigint): bigint {
  let term = one / x
  let sum = term
  for (let n = 3n, sign = -1n; term > 0n; n += 2n, sign = -sign) {
    term /= x * x
    sum += (sign * term) / n
  }
  return sum
}

/** floor(2^2942 * pi), by Machin's formula pi = 16 arctan(1/5) - 4 arctan(1/239), with 64 guard bits. */
const PI_2942 = (4n * (4n * arctanInverse(5n, 1n << 3006n) - arctanInverse(239n, 1n << 3006n))) >> 64n

/**
 * The 3072-bit MODP prime of RFC 3526 (group 15), as Cognito uses it, computed from the RFC's own
 * definition, 2^3072 - 2^3008 - 1 + 2^64 * (floor(2^2942 * pi) + 1690314), rather than spelled as 768 hex
 * digits (which would cost a browser bundle about 0.6 KB gzip). The SRP tests check it through
 * k = H(N || g) and the public vectors.
 */
export const N = (1n << 3072n) - (1n << 3008n) - 1n + (1n << 64n) * (PI_2942 + 1690314n)

/** The generator. */
export const g = 2n

/**
 * k = H(padHex(N) || padHex(g)), written out for the server side (`createServerEphemeral`, which is
 * synchronous). The client's claim hashes it instead (`hashPair(N, g)`), which keeps these 64 hex digits
 * out of browser bundles; a unit test checks that both agree.
 */
export const k = 0x538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6n

/** The HKDF info string of Cognito's SRP variant. */
export const HKDF_INFO = 'Caldera Derived Key'
