// The public vectors in vectors.json (listed in guides/srp.md, 'Test vectors'), on both routes.
import { beforeAll, describe, expect, it } from 'vitest'
import { computeDeviceClaim, computePasswordClaim, formatTimestamp, secretHash } from '../../src/srp'
import { N, g, k } from '../../src/srp/constants'
import { hashPair } from '../../src/srp/math'
import { bytesToHex, hexToBytes, padBytes, toBase64, utf8 } from '../../src/srp/encoding'
import { ephemeralFromSecret } from '../../src/srp/ephemeral'
import { deviceVerifierFrom } from '../../src/srp/deviceVerifier'
import { sha256 } from '../../src/srp/hash'
import { computeU, computeX, deriveKey } from '../../src/srp/math'
import { useRoute } from '../../src/srp/modPow'
import { routes } from './routes'
import vectors from './vectors.json'

const [goUser, cshUser, rsUser] = vectors.user
const [cshDevice, rsDevice] = vectors.device
const [cshVerifier, rsVerifier] = vectors.deviceVerifier

const dateOf = (timestamp: string) => {
  const date = new Date(Date.parse(timestamp))
  expect(formatTimestamp(date)).toBe(timestamp)
  return date
}
const repeatTo128 = (pattern: number[]) =>
  BigInt('0x' + bytesToHex(Uint8Array.from({ length: 128 }, (_, i) => pattern[i % pattern.length]!)))

describe('constants', () => {
  it('k = H(padHex(N) || padHex(g)) and equals the published value', async () => {
    const computed = BigInt('0x' + bytesToHex(await sha256(new Uint8Array([...padBytes(N), ...padBytes(g)]))))
    expect(computed).toBe(k)
    expect(k.toString(16)).toBe(vectors.constants.k)
    expect(await hashPair(N, g)).toBe(k) // what the client's claim uses
  })
  it('SHA-256 of "testvalue" (V1)', async () => {
    expect(bytesToHex(await sha256(utf8('testvalue')))).toBe('b52ccfce5067e90f4b4f8ec8567eb50f9e10850d6e114a2ea09cb45f753011b9')
  })
  it.each(vectors.timestamp)('formatTimestamp($epochMs) = $text', ({ epochMs, text }) => {
    expect(formatTimestamp(new Date(epochMs))).toBe(text)
  })
  it.each(vectors.secretHash)('SECRET_HASH from $source', async (v) => {
    expect(await secretHash(v)).toBe(v.secretHash)
  })
})

describe.each(routes)('vectors on the $name route', (route) => {
  beforeAll(() => useRoute(route))

  it('V1 (Go): A, u, x, key and signature', async () => {
    const eph = ephemeralFromSecret(BigInt(goUser!.a_dec!))
    expect(BigInt('0x' + eph.srpA).toString()).toBe(goUser!.A_dec)
    expect((await computeU(0x6d797365637265746861736841n, 0x6d797365637265746861736842n)).toString()).toBe(
      '39743664823761398449876968619416475559594078623923024211668626611155104513539',
    )
    const B = BigInt(goUser!.srpB_dec!)
    const u = await computeU(BigInt('0x' + eph.srpA), B)
    expect(u.toString(16).padStart(64, '0')).toBe(goUser!.u)
    const x = await computeX(padBytes(BigInt(goUser!.salt_dec!)), 'myPool', 'test', 'test')
    expect(x.toString(16).padStart(64, '0')).toBe(goUser!.x)
    const S = BigInt('0x' + goUser!.padHexS)
    expect(bytesToHex(await deriveKey(S, u))).toBe(goUser!.key)
    const claim = await computePasswordClaim({
      poolId: goUser!.poolId,
      userIdForSrp: goUser!.userIdForSrp,
      password: goUser!.password,
      srpB: B.toString(16),
      salt: BigInt(goUser!.salt_dec!).toString(16),
      secretBlock: toBase64(utf8(goUser!.secretBlockUtf8!)),
      ephemeral: eph,
      now: dateOf(goUser!.timestamp),
    })
    expect(claim.PASSWORD_CLAIM_SIGNATURE).toBe(goUser!.signature)
    expect(claim.TIMESTAMP).toBe(goUser!.timestamp)
  })

  it('V2 (cognito-srp-helper, user): SRP_A, identity hash and signature', async () => {
    const eph = ephemeralFromSecret(BigInt('0x' + cshUser!.a))
    expect(eph.srpA).toBe(cshUser!.srpA)
    expect(bytesToHex(await sha256(utf8('eYpv1mFHB' + cshUser!.userIdForSrp + ':' + cshUser!.password)))).toBe(cshUser!.identityHash)
    const claim = await computePasswordClaim({
      ...cshUser!,
      srpB: cshUser!.srpB!,
      salt: cshUser!.salt!,
      secretBlock: cshUser!.secretBlock!,
      ephemeral: eph,
      now: dateOf(cshUser!.timestamp),
    })
    expect(claim).toEqual({
      PASSWORD_CLAIM_SIGNATURE: cshUser!.signature,
      PASSWORD_CLAIM_SECRET_BLOCK: cshUser!.secretBlock,
      TIMESTAMP: cshUser!.timestamp,
    })
  })

  it('V3 (cognito-srp-helper, device): verifier and signature', async () => {
    const verifier = await deviceVerifierFrom({ ...cshVerifier!, saltBytes: hexToBytes(cshVerifier!.saltBytesHex!) })
    expect(verifier).toEqual({ devicePassword: 'BAUl', salt: cshVerifier!.Salt, passwordVerifier: cshVerifier!.PasswordVerifier })
    const claim = await computeDeviceClaim({
      ...cshDevice!,
      srpB: cshDevice!.srpB!,
      salt: cshDevice!.salt_effective!,
      secretBlock: cshDevice!.secretBlock!,
      ephemeral: ephemeralFromSecret(BigInt('0x' + cshDevice!.a)),
      now: dateOf(cshDevice!.timestamp),
    })
    expect(claim.PASSWORD_CLAIM_SIGNATURE).toBe(cshDevice!.signature)
  })

  it('V4 (Rust): user and device signatures, even and odd-length SRP_B/SALT, and the device verifier', async () => {
    const userEph = ephemeralFromSecret(repeatTo128([1]))
    expect(userEph.srpA).toBe(rsUser!.srpA)
    const deviceEph = ephemeralFromSecret(repeatTo128([0, 1, 2, 3, 4, 5, 6, 7]))
    expect(deviceEph.srpA).toBe(rsDevice!.srpA)
    for (const variant of [rsUser!, rsUser!.oddLength!]) {
      const claim = await computePasswordClaim({
        ...rsUser!,
        ...variant,
        srpB: variant.srpB!,
        salt: variant.salt!,
        secretBlock: rsUser!.secretBlock!,
        ephemeral: userEph,
        now: dateOf(rsUser!.timestamp),
      })
      expect(claim.PASSWORD_CLAIM_SIGNATURE).toBe(variant.signature)
    }
    for (const variant of [rsDevice!, rsDevice!.oddLength!]) {
      const claim = await computeDeviceClaim({
        ...rsDevice!,
        ...variant,
        srpB: variant.srpB!,
        salt: variant.salt!,
        secretBlock: rsDevice!.secretBlock!,
        ephemeral: deviceEph,
        now: dateOf(rsDevice!.timestamp),
      })
      expect(claim.PASSWORD_CLAIM_SIGNATURE).toBe(variant.signature)
    }
    const verifier = await deviceVerifierFrom({ ...rsVerifier!, saltBytes: utf8(rsVerifier!.saltBytesAscii!) })
    expect(verifier.salt).toBe(rsVerifier!.Salt)
    expect(verifier.passwordVerifier).toBe(rsVerifier!.PasswordVerifier)
  })

  it('parses SRP_B and SALT in upper case and with leading zeros to the same claim', async () => {
    const eph = ephemeralFromSecret(BigInt('0x' + cshUser!.a))
    const base = { ...cshUser!, secretBlock: cshUser!.secretBlock!, ephemeral: eph, now: dateOf(cshUser!.timestamp) }
    const variants = [
      { srpB: cshUser!.srpB!.toUpperCase(), salt: cshUser!.salt!.toUpperCase() },
      { srpB: '000' + cshUser!.srpB!, salt: '0000' + cshUser!.salt! },
    ]
    for (const v of variants) {
      expect((await computePasswordClaim({ ...base, ...v })).PASSWORD_CLAIM_SIGNATURE).toBe(cshUser!.signature)
    }
  })
})
