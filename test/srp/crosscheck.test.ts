// Cross-check against amazon-cognito-identity-js (code nobody here wrote). Its own sign-in code runs:
// CognitoUser.authenticateUser, with its AuthenticationHelper, DateHelper and HMAC, against a fake
// transport that plays Cognito's part and captures what it sends. For the same SRP_B, SALT, SECRET_BLOCK,
// secret `a` (injected into its AuthenticationHelper) and instant (its Date), the PASSWORD_CLAIM_SIGNATURE
// and TIMESTAMP identity-js sends must be the ones src/srp computes, for the user's PASSWORD_VERIFIER and
// the device's DEVICE_PASSWORD_VERIFIER; and the server side of the math, S = (A·v^u)^b mod N, must
// accept identity-js's signature.
//
// The inputs are drawn from a seed, printed at the start; repeat a run with SRP_CROSSCHECK_SEED=<seed>
// (and SRP_CROSSCHECK_TRIALS=<n> for more trials than the default 8 per test).
import { createHash, randomInt } from 'node:crypto'
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js'
import AuthenticationHelperModule from 'amazon-cognito-identity-js/lib/AuthenticationHelper.js'
import BigIntegerModule from 'amazon-cognito-identity-js/lib/BigInteger.js'
import { describe, expect, it, vi } from 'vitest'
import { computeDeviceClaim, computePasswordClaim, createDeviceVerifier, type SrpClaim } from '../../src/srp'
import { k, N } from '../../src/srp/constants'
import { deviceVerifierFrom } from '../../src/srp/deviceVerifier'
import { bytesToBigInt, bytesToHex, fromBase64, hexToBytes, padBytes, toBase64 } from '../../src/srp/encoding'
import { ephemeralFromSecret } from '../../src/srp/ephemeral'
import { currentRoute } from '../../src/srp/modPow'
import { createUserVerifier, expectedSignature, type ServerEphemeral } from '../../src/srp/server'

type CijsBigInteger = { toString(radix: number): string }
const defaultOf = (m: unknown) => (m as { default?: unknown }).default ?? m
const BigInteger = defaultOf(BigIntegerModule) as new (hex: string, radix: number) => CijsBigInteger
interface Helper {
  randomPassword: string
  SaltToHashDevices: string
  verifierDevices: string
  generateRandomSmallA(): CijsBigInteger
  generateHashDevice(groupKey: string, deviceKey: string, cb: (err: unknown) => void): void
}
const Cijs = defaultOf(AuthenticationHelperModule) as { new (poolName: string): Helper; prototype: Helper }

const SEED = process.env.SRP_CROSSCHECK_SEED || String(randomInt(2 ** 47))
const TRIALS = Number(process.env.SRP_CROSSCHECK_TRIALS || 8)
console.info(`SRP cross-check: seed ${SEED}, ${TRIALS} trials per test (repeat with SRP_CROSSCHECK_SEED=${SEED})`)
/** Each trial drives identity-js's pure-JS BigInteger; a busy machine can be several times slower than an idle one. */
const TIMEOUT_MS = 60_000 + TRIALS * 15_000

const USER_IDS = ['alice', 'a2c2e290-6d0f-4a08-a5ca-f0162935f3a6', 'jöhn.dœ@exämple.com', '+15551234567', '山田太郎', 'Zoë_ÅngströM']
const PASSWORDS = ['Passw0rd!', 'pässwörd-ü', '🔐 emoji pass 🎉', 'パスワード123', 'x', ' spaces  inside ']
const POOL_ID = 'eu-west-2_eYpv1mFHB'
const POOL_NAME = 'eYpv1mFHB'
const CLIENT_ID = '1example23456789abcdefghij'

/** The trial's random source: SHA-256 in counter mode over the seed and a label, so a seed repeats a run. */
function drawFrom(label: string) {
  let counter = 0
  const bytes = (n: number) => {
    const out = new Uint8Array(n)
    for (let filled = 0; filled < n; filled += 32) {
      out.set(
        createHash('sha256')
          .update(`${SEED}/${label}/${counter++}`)
          .digest()
          .subarray(0, n - filled),
        filled,
      )
    }
    return out
  }
  const below = (n: number) => Number(bytesToBigInt(bytes(8)) % BigInt(n))
  return {
    bytes,
    below,
    /** An SRP secret exponent, 128 bytes as both clients draw it. */
    secret: () => bytesToBigInt(bytes(128)),
    /**
     * An instant from 2000 to 2099, milliseconds included (the TIMESTAMP drops them); even trials fall on
     * days 1 to 9 (the TIMESTAMP does not zero-pad the day), odd ones on days 10 to 28.
     */
    instant: (trial: number) =>
      new Date(
        Date.UTC(
          2000 + below(100),
          below(12),
          trial % 2 === 0 ? 1 + below(9) : 10 + below(19),
          below(24),
          below(60),
          below(60),
          below(1000),
        ),
      ),
  }
}

/** 16 salt bytes; even trials force the top bit (padHex adds a 00 byte), every third a leading zero nibble. */
function trialSalt(trial: number, draw: ReturnType<typeof drawFrom>): bigint {
  const bytes = draw.bytes(16)
  if (trial % 2 === 0) bytes[0]! |= 0x80
  if (trial % 3 === 0) bytes[0]! &= 0x0f
  return bytesToBigInt(bytes)
}

/** The server's ephemeral for a given b: B = (k·v + g^b) mod N. */
function serverEphemeral(v: bigint, b: bigint): ServerEphemeral {
  const B = (k * v + currentRoute().gPow(b)) % N
  return { b, B, srpB: B.toString(16) }
}

/** The claim fields of a captured answer, to compare with an {@link SrpClaim}. */
const claimOf = (answer: Record<string, string> | undefined): SrpClaim => ({
  PASSWORD_CLAIM_SIGNATURE: answer?.PASSWORD_CLAIM_SIGNATURE ?? '(none)',
  PASSWORD_CLAIM_SECRET_BLOCK: answer?.PASSWORD_CLAIM_SECRET_BLOCK ?? '(none)',
  TIMESTAMP: answer?.TIMESTAMP ?? '(none)',
})

/** What identity-js sent: InitiateAuth's AuthParameters and each RespondToAuthChallenge's ChallengeResponses. */
interface CijsAnswers {
  initiate?: Record<string, string>
  password?: Record<string, string>
  deviceSrp?: Record<string, string>
  device?: Record<string, string>
}

/**
 * Runs identity-js's `CognitoUser.authenticateUser` (USER_SRP_AUTH) against a fake Cognito that answers
 * with the given challenges, at the instant `now`, its AuthenticationHelpers drawing the secrets `secrets`
 * in order (the user's, then the device's). With `device`, the device is in identity-js's storage as it
 * keeps a remembered one, and the fake asks for DEVICE_SRP_AUTH after the password.
 */
async function cijsSignIn(input: {
  username: string
  password: string
  secrets: bigint[]
  passwordVerifier: Record<string, string>
  device?: { deviceKey: string; deviceGroupKey: string; devicePassword: string; challenge: Record<string, string> }
  now: Date
}): Promise<CijsAnswers> {
  const items = new Map<string, string>()
  const Storage = {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
    clear: () => items.clear(),
  }
  if (input.device) {
    const prefix = `CognitoIdentityServiceProvider.${CLIENT_ID}.${input.passwordVerifier.USER_ID_FOR_SRP}`
    Storage.setItem(`${prefix}.deviceKey`, input.device.deviceKey)
    Storage.setItem(`${prefix}.randomPasswordKey`, input.device.devicePassword)
    Storage.setItem(`${prefix}.deviceGroupKey`, input.device.deviceGroupKey)
  }
  const answers: CijsAnswers = {}
  const captured = new Error('answers captured')
  const device = input.device
  type Callback = (err: unknown, data?: unknown) => void
  const fakeCognito = {
    request(operation: string, params: Record<string, unknown>, callback: Callback) {
      const responses = params.ChallengeResponses as Record<string, string>
      if (operation === 'InitiateAuth') {
        answers.initiate = params.AuthParameters as Record<string, string>
        return callback(null, { ChallengeName: 'PASSWORD_VERIFIER', Session: 'session-1', ChallengeParameters: input.passwordVerifier })
      }
      if (operation === 'RespondToAuthChallenge' && params.ChallengeName === 'PASSWORD_VERIFIER') {
        answers.password = responses
        return device
          ? callback(null, { ChallengeName: 'DEVICE_SRP_AUTH', Session: 'session-2', ChallengeParameters: {} })
          : callback(captured)
      }
      if (operation === 'RespondToAuthChallenge' && params.ChallengeName === 'DEVICE_SRP_AUTH' && device) {
        answers.deviceSrp = responses
        return callback(null, { ChallengeName: 'DEVICE_PASSWORD_VERIFIER', Session: 'session-3', ChallengeParameters: device.challenge })
      }
      if (operation === 'RespondToAuthChallenge' && params.ChallengeName === 'DEVICE_PASSWORD_VERIFIER' && device) {
        answers.device = responses
        return callback(captured)
      }
      return callback(new Error(`unexpected ${operation} ${String(params.ChallengeName ?? '')}`))
    },
  }
  const pool = new CognitoUserPool({ UserPoolId: POOL_ID, ClientId: CLIENT_ID, Storage })
  ;(pool as unknown as { client: typeof fakeCognito }).client = fakeCognito
  const user = new CognitoUser({ Username: input.username, Pool: pool, Storage })

  const queue = [...input.secrets]
  const draw = Cijs.prototype.generateRandomSmallA
  Cijs.prototype.generateRandomSmallA = function () {
    const a = queue.shift()
    if (a === undefined) throw new Error('identity-js made more AuthenticationHelpers than there are secrets')
    return new BigInteger(a.toString(16), 16)
  }
  vi.useFakeTimers({ toFake: ['Date'], now: input.now })
  try {
    await new Promise<void>((resolve, reject) => {
      const unexpected = (what: string) => () => reject(new Error(`identity-js: unexpected ${what}`))
      user.authenticateUser(new AuthenticationDetails({ Username: input.username, Password: input.password }), {
        onSuccess: unexpected('success'),
        onFailure: (err: unknown) => (err === captured ? resolve() : reject(err as Error)),
        mfaRequired: unexpected('mfaRequired'),
        totpRequired: unexpected('totpRequired'),
        newPasswordRequired: unexpected('newPasswordRequired'),
        customChallenge: unexpected('customChallenge'),
      })
    })
  } finally {
    vi.useRealTimers()
    Cijs.prototype.generateRandomSmallA = draw
  }
  // every injected secret was used: the A values compared below are the ones identity-js drew
  expect(queue).toEqual([])
  return answers
}

describe('user SRP: identity-js signs the PASSWORD_VERIFIER claim as src/srp does', () => {
  it(
    `${TRIALS} seeded trials: same SRP_A, TIMESTAMP and signature; the server-side math accepts identity-js's signature`,
    async () => {
      let topBitSalts = 0
      for (let trial = 0; trial < TRIALS; trial++) {
        const where = `seed ${SEED}, user trial ${trial}`
        const draw = drawFrom(`user ${trial}`)
        const id = USER_IDS[draw.below(USER_IDS.length)]!
        const password = PASSWORDS[draw.below(PASSWORDS.length)]! + trial
        const salt = trialSalt(trial, draw)
        if (padBytes(salt)[0] === 0) topBitSalts++
        const verifier = await createUserVerifier(POOL_NAME, id, password, padBytes(salt))
        const server = serverEphemeral(verifier.v, draw.secret())
        const a = draw.secret()
        const secretBlock = draw.bytes(64 + draw.below(200))
        const now = draw.instant(trial)
        const challenge = { SRP_B: server.srpB, SALT: salt.toString(16), SECRET_BLOCK: toBase64(secretBlock) }

        // identity-js answers the challenge, typed username and USER_ID_FOR_SRP differing (the signature uses the latter)
        const theirs = await cijsSignIn({
          username: `typed-${trial}@example.com`,
          password,
          secrets: [a],
          passwordVerifier: { ...challenge, USER_ID_FOR_SRP: id, USERNAME: id },
          now,
        })
        const ephemeral = ephemeralFromSecret(a)
        expect(theirs.initiate?.SRP_A, where).toBe(ephemeral.srpA)
        expect(theirs.password?.USERNAME, where).toBe(id)

        const ours = await computePasswordClaim({
          poolId: POOL_ID,
          userIdForSrp: id,
          password,
          srpB: challenge.SRP_B,
          salt: challenge.SALT,
          secretBlock: challenge.SECRET_BLOCK,
          ephemeral,
          now,
        })
        expect(claimOf(theirs.password), where).toEqual(ours)

        // the server side of the math accepts the signature identity-js sent
        const A = BigInt('0x' + theirs.initiate!.SRP_A!)
        const timestamp = theirs.password!.TIMESTAMP!
        expect(await expectedSignature({ A, server, v: verifier.v, prefix: POOL_NAME, id, secretBlock, timestamp }), where).toBe(
          theirs.password!.PASSWORD_CLAIM_SIGNATURE,
        )
        // and a wrong password gives another signature
        const wrong = await computePasswordClaim({
          poolId: POOL_ID,
          userIdForSrp: id,
          password: password + '!',
          srpB: challenge.SRP_B,
          salt: challenge.SALT,
          secretBlock: challenge.SECRET_BLOCK,
          ephemeral,
          now,
        })
        expect(wrong.PASSWORD_CLAIM_SIGNATURE, where).not.toBe(theirs.password!.PASSWORD_CLAIM_SIGNATURE)
      }
      // even trials set the salt's top bit unless they are multiples of 3 (then cleared): trials 2 and 4 at least
      expect(topBitSalts).toBeGreaterThanOrEqual(Math.min(2, Math.floor(TRIALS / 3)))
    },
    TIMEOUT_MS,
  )
})

describe('device SRP: identity-js signs the DEVICE_PASSWORD_VERIFIER claim as src/srp does', () => {
  it(
    `${TRIALS} seeded trials: identity-js's verifiers reproduce; its device sign-in sends our SRP_A, TIMESTAMP and signature`,
    async () => {
      for (let trial = 0; trial < TRIALS; trial++) {
        const where = `seed ${SEED}, device trial ${trial}`
        const draw = drawFrom(`device ${trial}`)
        const deviceKey = `eu-west-2_${bytesToHex(draw.bytes(16)).replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-')}`
        const deviceGroupKey = `-${toBase64(draw.bytes(6)).replace(/[+/=]/g, 'x')}`

        // identity-js makes a device secret and verifier (with its own randomness); we compute the same verifier from its inputs
        const helper = new Cijs(deviceGroupKey)
        helper.generateHashDevice(deviceGroupKey, deviceKey, () => undefined)
        const reproduced = await deviceVerifierFrom({
          deviceGroupKey,
          deviceKey,
          devicePassword: helper.randomPassword,
          saltBytes: hexToBytes(helper.SaltToHashDevices),
        })
        expect(reproduced.passwordVerifier, `${where}, password ${helper.randomPassword}, salt ${helper.SaltToHashDevices}`).toBe(
          toBase64(hexToBytes(helper.verifierDevices)),
        )

        // our verifier's shape, as ConfirmDevice sends it
        const made = await createDeviceVerifier({ deviceGroupKey, deviceKey })
        expect(made.devicePassword).toMatch(/^[A-Za-z0-9+/]{54}==$/)
        expect(fromBase64(made.salt, 'salt').length).toBeGreaterThanOrEqual(15)
        expect(fromBase64(made.salt, 'salt').length).toBeLessThanOrEqual(17)

        // a device remembered with a verifier made as createDeviceVerifier makes it, from seeded bytes
        const ours = await deviceVerifierFrom({
          deviceGroupKey,
          deviceKey,
          devicePassword: toBase64(draw.bytes(40)),
          saltBytes: padBytes(bytesToBigInt(draw.bytes(16))),
        })
        const saltBytes = fromBase64(ours.salt, 'salt')
        const v = bytesToBigInt(fromBase64(ours.passwordVerifier, 'verifier'))
        const deviceServer = serverEphemeral(v, draw.secret())
        const secretBlock = draw.bytes(48 + draw.below(100))
        const deviceChallenge = { SRP_B: deviceServer.srpB, SALT: bytesToHex(saltBytes), SECRET_BLOCK: toBase64(secretBlock) }

        // the user's exchange first (its claim is checked too), then the device's
        const userId = USER_IDS[draw.below(USER_IDS.length)]!
        const password = PASSWORDS[draw.below(PASSWORDS.length)]! + trial
        const userSalt = trialSalt(trial, draw)
        const userVerifier = await createUserVerifier(POOL_NAME, userId, password, padBytes(userSalt))
        const userServer = serverEphemeral(userVerifier.v, draw.secret())
        const userChallenge = { SRP_B: userServer.srpB, SALT: userSalt.toString(16), SECRET_BLOCK: toBase64(draw.bytes(64)) }
        const [aUser, aDevice] = [draw.secret(), draw.secret()]
        const now = draw.instant(trial)

        const theirs = await cijsSignIn({
          username: userId,
          password,
          secrets: [aUser, aDevice],
          passwordVerifier: { ...userChallenge, USER_ID_FOR_SRP: userId, USERNAME: userId },
          device: {
            deviceKey,
            deviceGroupKey,
            devicePassword: ours.devicePassword,
            challenge: { ...deviceChallenge, USERNAME: userId, DEVICE_KEY: deviceKey },
          },
          now,
        })
        const userEphemeral = ephemeralFromSecret(aUser)
        const deviceEphemeral = ephemeralFromSecret(aDevice)
        expect(theirs.initiate?.SRP_A, where).toBe(userEphemeral.srpA)
        // identity-js took the remembered device from its storage
        expect(theirs.password?.DEVICE_KEY, where).toBe(deviceKey)
        expect(claimOf(theirs.password), where).toEqual(
          await computePasswordClaim({
            poolId: POOL_ID,
            userIdForSrp: userId,
            password,
            srpB: userChallenge.SRP_B,
            salt: userChallenge.SALT,
            secretBlock: userChallenge.SECRET_BLOCK,
            ephemeral: userEphemeral,
            now,
          }),
        )

        expect(theirs.deviceSrp, where).toMatchObject({ USERNAME: userId, DEVICE_KEY: deviceKey, SRP_A: deviceEphemeral.srpA })
        expect(theirs.device, where).toMatchObject({ USERNAME: userId, DEVICE_KEY: deviceKey })
        const claim = await computeDeviceClaim({
          deviceGroupKey,
          deviceKey,
          devicePassword: ours.devicePassword,
          srpB: deviceChallenge.SRP_B,
          salt: deviceChallenge.SALT,
          secretBlock: deviceChallenge.SECRET_BLOCK,
          ephemeral: deviceEphemeral,
          now,
        })
        expect(claimOf(theirs.device), where).toEqual(claim)

        // the server side of the math accepts the device signature identity-js sent
        const A = BigInt('0x' + theirs.deviceSrp!.SRP_A!)
        const timestamp = theirs.device!.TIMESTAMP!
        expect(
          await expectedSignature({ A, server: deviceServer, v, prefix: deviceGroupKey, id: deviceKey, secretBlock, timestamp }),
          where,
        ).toBe(theirs.device!.PASSWORD_CLAIM_SIGNATURE)
      }
    },
    TIMEOUT_MS,
  )
})
