import { describe, expect, it } from 'vitest'
import { N } from '../../src/srp/constants'
import { bytesToBigInt, randomBytes } from '../../src/srp/encoding'
import { bigintRoute, currentRoute, nodeRoute } from '../../src/srp/modPow'

const random = (bytes: number) => bytesToBigInt(randomBytes(bytes))

describe('the two modular-exponentiation routes', () => {
  it('N, computed from the formula of RFC 3526, is the prime OpenSSL ships as MODP group 15', async () => {
    const { getDiffieHellman } = await import('node:crypto')
    expect(N.toString(16)).toBe(getDiffieHellman('modp15').getPrime('hex'))
    expect(getDiffieHellman('modp15').getGenerator('hex')).toBe('02')
  })

  it('Node picks the OpenSSL route by default', () => {
    expect(nodeRoute).toBeDefined()
    expect(currentRoute().name).toBe('node')
  })

  it('agree on g^e for random exponents of every size SRP uses, and on edge exponents', () => {
    const exponents = [0n, 1n, 2n, 31n, 32n, 33n, N - 1n, random(1), random(32), random(128), random(160), random(200)]
    for (const e of exponents) expect(bigintRoute.gPow(e), `g^${e}`).toBe(nodeRoute!.gPow(e))
  })

  it('agree on base^e, including bases OpenSSL refuses (0, 1, N-1)', () => {
    const bases = [0n, 1n, 2n, N - 1n, N - 2n, random(383), random(384) % N, random(16)]
    const exponents = [0n, 1n, random(32), random(160)]
    for (const base of bases) {
      for (const e of exponents) expect(bigintRoute.modPow(base, e), `${base}^${e}`).toBe(nodeRoute!.modPow(base, e))
    }
  })

  it('match the textbook definition on small cases', () => {
    const naive = (b: bigint, e: bigint) => {
      let r = 1n
      for (let i = 0n; i < e; i++) r = (r * b) % N
      return r
    }
    for (const [b, e] of [
      [3n, 0n],
      [3n, 7n],
      [N - 5n, 13n],
      [2n, 100n],
    ] as const) {
      expect(bigintRoute.modPow(b, e)).toBe(naive(b, e))
      expect(nodeRoute!.modPow(b, e)).toBe(naive(b, e))
    }
    expect(bigintRoute.gPow(100n)).toBe(naive(2n, 100n))
  })
})
