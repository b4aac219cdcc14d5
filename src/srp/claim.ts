import { g, N } from './constants'
import { fromBase64, padBytes, parseHex } from './encoding'
import { secretOf, type SrpEphemeral } from './ephemeral'
import { SrpError, type SrpErrorCode } from './errors'
import { computeU, computeX, deriveKey, hashPair, requireNonZeroModN, signClaim } from './math'
import { currentRoute } from './modPow'
import { POOL_ID } from './poolId'
import { formatTimestamp } from './timestamp'

/** The challenge parameters both SRP claims answer, as Cognito sent them. */
export interface SrpChallenge {
  /** `SRP_B`: the server's public value, hex (any case, odd length and leading zeros accepted). */
  srpB: string
  /** `SALT`: hex, read as an integer and re-encoded with padHex, as Cognito's own clients do. */
  salt: string
  /** `SECRET_BLOCK`: base64, echoed back unchanged. */
  secretBlock: string
  /** The ephemeral whose `srpA` started this exchange. */
  ephemeral: SrpEphemeral
  /** The instant to stamp the claim with; defaults to now. */
  now?: Date
}

/** The three challenge responses an SRP claim adds (beside `USERNAME` and, for devices, `DEVICE_KEY`). */
export interface SrpClaim {
  /** base64 HMAC proving knowledge of the password. */
  PASSWORD_CLAIM_SIGNATURE: string
  /** The `SECRET_BLOCK` of the challenge, unchanged. */
  PASSWORD_CLAIM_SECRET_BLOCK: string
  /** The `TIMESTAMP` the signature covers. */
  TIMESTAMP: string
}

/** Input of {@link computePasswordClaim}. */
export interface PasswordClaimInput extends SrpChallenge {
  /** The user pool id, `region_name`; the part after `_` enters the hash. */
  poolId: string
  /** `USER_ID_FOR_SRP` from the challenge (not what the user typed). */
  userIdForSrp: string
  /** The user's password. It is used for this computation only and never kept. */
  password: string
}

/** Input of {@link computeDeviceClaim}. */
export interface DeviceClaimInput extends SrpChallenge {
  /** The device's group key, from NewDeviceMetadata. */
  deviceGroupKey: string
  /** The device key, from NewDeviceMetadata. */
  deviceKey: string
  /** The device's random password, made by {@link createDeviceVerifier}. */
  devicePassword: string
}

/** The pool name of a pool id: `us-east-1_AbCdEf123` gives `AbCdEf123`. */
export function poolNameOf(poolId: string): string {
  const name = typeof poolId === 'string' ? POOL_ID.exec(poolId)?.[2] : undefined
  if (!name) throw new SrpError('INVALID_POOL_ID', 'poolId must look like region_name')
  return name
}

/** Throws `code` unless value is a non-empty string. */
export function requireText(value: unknown, field: string, code: SrpErrorCode = 'INVALID_INPUT'): string {
  if (typeof value !== 'string' || value === '') throw new SrpError(code, `${field} is empty`)
  return value
}

/** k = H(N, g), hashed on the first claim and kept (a constant; see `k` in constants.ts). */
let multiplier: Promise<bigint> | undefined

async function claim(prefix: string, id: string, password: string, input: SrpChallenge): Promise<SrpClaim> {
  const { a, A } = secretOf(input.ephemeral)
  const B = requireNonZeroModN(parseHex(input.srpB, 'SRP_B'), 'INVALID_SRP_B', 'SRP_B')
  const salt = parseHex(input.salt, 'SALT')
  const secretBlock = fromBase64(input.secretBlock, 'SECRET_BLOCK')
  const u = await computeU(A, B)
  const x = await computeX(padBytes(salt), prefix, id, password)
  const route = currentRoute()
  const k = await (multiplier ??= hashPair(N, g))
  const base = (((B - k * route.gPow(x)) % N) + N) % N
  const S = route.modPow(base, a + u * x)
  const key = await deriveKey(S, u)
  const timestamp = formatTimestamp(input.now ?? new Date())
  return {
    PASSWORD_CLAIM_SIGNATURE: await signClaim(key, prefix, id, secretBlock, timestamp),
    PASSWORD_CLAIM_SECRET_BLOCK: input.secretBlock,
    TIMESTAMP: timestamp,
  }
}

/**
 * Answers Cognito's `PASSWORD_VERIFIER` challenge: the user's SRP proof of the password.
 *
 * @throws {@link SrpError} for bad input (malformed hex or base64, SRP_B = 0 mod N, u = 0, an empty
 * password, a pool id without `_`); no claim is returned then.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
 * @example
 * ```ts
 * import { fetchTransport } from 'cognito-auth-machine'
 * import { computePasswordClaim, generateEphemeral } from 'cognito-auth-machine/srp'
 *
 * const cognito = fetchTransport()
 * const target = { region: 'us-east-1' }
 * const ephemeral = await generateEphemeral()
 * const start = await cognito.send(
 *   'InitiateAuth',
 *   { ClientId: '4example', AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'alice', SRP_A: ephemeral.srpA } },
 *   target,
 * )
 * const params = start.ChallengeParameters ?? {} // PASSWORD_VERIFIER
 * const claim = await computePasswordClaim({
 *   poolId: 'us-east-1_AbCdEf123', userIdForSrp: params.USER_ID_FOR_SRP ?? '', password: 'Passw0rd!',
 *   srpB: params.SRP_B ?? '', salt: params.SALT ?? '', secretBlock: params.SECRET_BLOCK ?? '', ephemeral,
 * })
 * await cognito.send(
 *   'RespondToAuthChallenge',
 *   { ClientId: '4example', ChallengeName: 'PASSWORD_VERIFIER', Session: start.Session, ChallengeResponses: { USERNAME: params.USER_ID_FOR_SRP ?? '', ...claim } },
 *   target,
 * )
 * ```
 */
export async function computePasswordClaim(input: PasswordClaimInput): Promise<SrpClaim> {
  const poolName = poolNameOf(input.poolId)
  const userId = requireText(input.userIdForSrp, 'userIdForSrp')
  return claim(poolName, userId, requireText(input.password, 'password', 'EMPTY_PASSWORD'), input)
}

/**
 * Answers Cognito's `DEVICE_PASSWORD_VERIFIER` challenge: a remembered device's SRP proof of its
 * random password. Use a fresh ephemeral, not the one of the user's exchange.
 *
 * @throws {@link SrpError} for bad input, as {@link computePasswordClaim}.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
 */
export async function computeDeviceClaim(input: DeviceClaimInput): Promise<SrpClaim> {
  const groupKey = requireText(input.deviceGroupKey, 'deviceGroupKey')
  const deviceKey = requireText(input.deviceKey, 'deviceKey')
  return claim(groupKey, deviceKey, requireText(input.devicePassword, 'devicePassword', 'EMPTY_PASSWORD'), input)
}
