// Cross-check against amazon-cognito-identity-js (code nobody here wrote) on random inputs, and against
// the server side of the math: S = (A·v^u)^b mod N must give the client's signature.
import AuthenticationHelperModule from 'amazon-cognito-identity-js/lib/AuthenticationHelper.js'
import BigIntegerModule from 'amazon-cognito-identity-js/lib/BigInteger.js'
import { describe, expect, it } from 'vitest'
import { computeDeviceClaim, computePasswordClaim, createDeviceVerifier, generateEphemeral } from '../../src/srp'
import { deviceVerifierFrom } from '../../src/srp/deviceVerifier'
import { bytesToBigInt, bytesToHex, fromBase64, hexToBytes, padBytes, randomBytes, toBase64 } from '../../src/srp/encoding'
import { secretOf, type SrpEphemeral } from '../../src/srp/ephemeral'
import { signClaim } from '../../src/srp/math'
import { createServerEphemeral, createUserVerifier, expectedSignature } from '../../src/srp/server'

type CijsBigInteger = { toString(radix: number): string }
const defaultOf = (m: unknown) => (m as { default?: unknown }).default ?? m
const BigInteger = defaultOf(BigIntegerModule) as new (hex: string, radix: number) => CijsBigInteger
interface Helper {
  smallAValue: CijsBigInteger
  largeAValue?: CijsBigInteger
  randomPassword: string
  SaltToHashDevices: string
  verifierDevices: string
  getLargeAValue(cb: (err: unknown, A: CijsBigInteger) => void): void
  getPasswordAuthenticationKey(
    user: string,
    password: string,
    B: CijsBigInteger,
    salt: CijsBigInteger,
    cb: (err: unknown, key: Uint8Array) => void,
  ): void
  generateHashDevice(groupKey: string, deviceKey: string, cb: (err: unknown) => void): void
}
const Cijs = defaultOf(AuthenticationHelperModule) as new (poolName: string) => Helper

const USER_IDS = ['alice', 'a2c2e290-6d0f-4a08-a5ca-f0162935f3a6', 'jöhn.dœ@exämple.com', '+15551234567', '山田太郎', 'Zoë_ÅngströM']
const PASSWORDS = ['Passw0rd!', 'pässwörd-ü', '🔐 emoji pass 🎉', 'パスワード123', 'x', ' spaces  inside ']
const POOL_ID = 'eu-west-2_eYpv1mFHB'
const POOL_NAME = 'eYpv1mFHB'

/** CIJS's key for the same exchange, with its secret `a` set to ours. */
function cijsKey(prefix: string, ephemeral: SrpEphemeral, id: string, password: string, srpB: string, salt: string) {
  const helper = new Cijs(prefix)
  helper.smallAValue = new BigInteger(secretOf(ephemeral).a.toString(16), 16)
  helper.largeAValue = undefined
  let largeA = ''
  helper.getLargeAValue((_e, A) => (largeA = A.toString(16)))
  expect(largeA).toBe(ephemeral.srpA)
  return new Promise<Uint8Array>((resolve, reject) =>
    helper.getPasswordAuthenticationKey(id, password, new BigInteger(srpB, 16), new BigInteger(salt, 16), (err, key) =>
      err ? reject(err) : resolve(new Uint8Array(key)),
    ),
  )
}

/** 16 random salt bytes; even trials force the top bit, every third a leading zero nibble. */
function trialSalt(trial: number): bigint {
  const bytes = randomBytes(16)
  if (trial % 2 === 0) bytes[0]! |= 0x80
  if (trial % 3 === 0) bytes[0]! &= 0x0f
  return bytesToBigInt(bytes)
}

describe('user SRP against amazon-cognito-identity-js and the server-side math', () => {
  it('50 random trials: same A, same key, and the server accepts the signature', async () => {
    let topBitSalts = 0
    for (let trial = 0; trial < 50; trial++) {
      const id = USER_IDS[trial % USER_IDS.length]!
      const password = PASSWORDS[(trial * 5) % PASSWORDS.length]! + trial
      const salt = trialSalt(trial)
      if (padBytes(salt)[0] === 0) topBitSalts++
      const verifier = await createUserVerifier(POOL_NAME, id, password, padBytes(salt))
      const server = createServerEphemeral(verifier.v)
      const secretBlock = randomBytes(64 + trial)
      const now = new Date(Date.UTC(2020, trial % 12, 1 + (trial % 28), trial % 24, trial, trial))
      const ephemeral = await generateEphemeral()
      const challenge = { srpB: server.srpB, salt: salt.toString(16), secretBlock: toBase64(secretBlock), ephemeral, now }
      const claim = await computePasswordClaim({ poolId: POOL_ID, userIdForSrp: id, password, ...challenge })

      const key = await cijsKey(POOL_NAME, ephemeral, id, password, server.srpB, salt.toString(16))
      expect(await signClaim(key, POOL_NAME, id, secretBlock, claim.TIMESTAMP)).toBe(claim.PASSWORD_CLAIM_SIGNATURE)
      const A = BigInt('0x' + ephemeral.srpA)
      const prefix = POOL_NAME
      expect(await expectedSignature({ A, server, v: verifier.v, prefix, id, secretBlock, timestamp: claim.TIMESTAMP })).toBe(
        claim.PASSWORD_CLAIM_SIGNATURE,
      )
      // and a wrong password gives a signature the server refuses
      const wrong = await computePasswordClaim({ poolId: POOL_ID, userIdForSrp: id, password: password + '!', ...challenge })
      expect(wrong.PASSWORD_CLAIM_SIGNATURE).not.toBe(claim.PASSWORD_CLAIM_SIGNATURE)
    }
    expect(topBitSalts).toBeGreaterThanOrEqual(10)
  })
})

describe('device SRP against amazon-cognito-identity-js and the server-side math', () => {
  it('20 random trials: CIJS verifiers reproduce; our verifiers sign in on both clients', async () => {
    for (let trial = 0; trial < 20; trial++) {
      const deviceKey = `eu-west-2_${crypto.randomUUID()}`
      const deviceGroupKey = `-${toBase64(randomBytes(6)).replace(/[+/=]/g, 'x')}`

      // CIJS makes a device secret and verifier; we must compute the same verifier from its inputs.
      const helper = new Cijs(deviceGroupKey)
      helper.generateHashDevice(deviceGroupKey, deviceKey, () => undefined)
      const reproduced = await deviceVerifierFrom({
        deviceGroupKey,
        deviceKey,
        devicePassword: helper.randomPassword,
        saltBytes: hexToBytes(helper.SaltToHashDevices),
      })
      expect(reproduced.passwordVerifier).toBe(toBase64(hexToBytes(helper.verifierDevices)))

      // Our verifier, stored by the server as Cognito does, then a device sign-in.
      const ours = await createDeviceVerifier({ deviceGroupKey, deviceKey })
      expect(ours.devicePassword).toMatch(/^[A-Za-z0-9+/]{54}==$/)
      const saltBytes = fromBase64(ours.salt, 'salt')
      expect(saltBytes.length).toBeGreaterThanOrEqual(15)
      expect(saltBytes.length).toBeLessThanOrEqual(17)
      const v = bytesToBigInt(fromBase64(ours.passwordVerifier, 'verifier'))
      const server = createServerEphemeral(v)
      const secretBlock = randomBytes(48)
      const ephemeral = await generateEphemeral()
      const SALT = bytesToHex(saltBytes)
      const claim = await computeDeviceClaim({
        deviceGroupKey,
        deviceKey,
        devicePassword: ours.devicePassword,
        srpB: server.srpB,
        salt: SALT,
        secretBlock: toBase64(secretBlock),
        ephemeral,
      })
      const A = BigInt('0x' + ephemeral.srpA)
      const timestamp = claim.TIMESTAMP
      expect(await expectedSignature({ A, server, v, prefix: deviceGroupKey, id: deviceKey, secretBlock, timestamp })).toBe(
        claim.PASSWORD_CLAIM_SIGNATURE,
      )
      const key = await cijsKey(deviceGroupKey, ephemeral, deviceKey, ours.devicePassword, server.srpB, SALT)
      expect(await signClaim(key, deviceGroupKey, deviceKey, secretBlock, timestamp)).toBe(claim.PASSWORD_CLAIM_SIGNATURE)
    }
  })
})
