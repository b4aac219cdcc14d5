import { poolNameOf } from '../../srp/claim'
import { bytesToBigInt, bytesToHex, fromBase64 } from '../../srp/encoding'
import {
  constantTimeEqual,
  createServerEphemeral,
  createUserVerifier,
  expectedSignature,
  parseClientA,
  TIMESTAMP_PATTERN,
  type ServerEphemeral,
  type SrpVerifier,
} from '../../srp/server'
import { errors, MESSAGES } from '../errors'
import { guaranteed } from '../guaranteed'
import { ids } from '../ids'
import type { LocalState } from '../store/LocalState'
import type { AuthSession, SignInProgress, User, UserPool } from '../store/types'
import { confirmedDevice } from './devices'
import { createSession, wrongAnswer } from './sessions'

/** What an SRP challenge keeps in its session. @internal */
interface SrpData {
  A: bigint
  server: ServerEphemeral
  v: bigint
  secretBlock: string
  /** A challenge made up for an unknown user (PreventUserExistenceErrors): it can never pass. */
  fake?: boolean
  deviceKey?: string
}

/** The user's verifier for the current password, computed once per password. @internal */
function userVerifier(pool: UserPool, user: User): Promise<SrpVerifier> {
  if (user.verifier?.password !== user.password) {
    user.verifier = { password: user.password, value: createUserVerifier(poolNameOf(pool.id), user.username, user.password) }
  }
  return user.verifier.value
}

/** SRP_A parsed, or `InvalidParameterException`. @internal */
export function readSrpA(srpA: string | undefined): bigint {
  if (srpA === undefined) throw errors.invalidParameter('Missing required parameter SRP_A')
  try {
    return parseClientA(srpA)
  } catch {
    throw errors.invalidParameter('Invalid SRP_A')
  }
}

/** Answers USER_SRP_AUTH with PASSWORD_VERIFIER. @internal */
export async function startPasswordVerifier(
  state: LocalState,
  progress: SignInProgress,
  pool: UserPool,
  user: User,
  A: bigint,
  fake = false,
): Promise<Record<string, unknown>> {
  const verifier = await userVerifier(pool, user)
  // SALT as minimal hex of the salt integer, as Cognito sends it.
  const salt = bytesToBigInt(verifier.saltBytes).toString(16)
  return openSrpChallenge(
    state,
    progress,
    'PASSWORD_VERIFIER',
    verifier,
    A,
    salt,
    { fake },
    { USERNAME: user.username, USER_ID_FOR_SRP: user.username },
  )
}

/**
 * Answers DEVICE_SRP_AUTH with DEVICE_PASSWORD_VERIFIER for a confirmed device of the user; any other
 * key is `ResourceNotFoundException: Device does not exist.`. @internal
 */
export function startDeviceVerifier(
  state: LocalState,
  progress: SignInProgress,
  user: User,
  deviceKey: string,
  A: bigint,
): Record<string, unknown> {
  // With tracking off the key was not checked against the user's devices (devices.keyWhenTrackingOff).
  const verifier = confirmedDevice(user, deviceKey)?.verifier
  if (!verifier) throw errors.resourceNotFound(MESSAGES.deviceMissing)
  // SALT as the hex of the very bytes ConfirmDevice sent.
  const salt = bytesToHex(verifier.saltBytes)
  return openSrpChallenge(
    state,
    progress,
    'DEVICE_PASSWORD_VERIFIER',
    verifier,
    A,
    salt,
    { deviceKey },
    { USERNAME: user.username, DEVICE_KEY: deviceKey },
  )
}

/** Draws the server's ephemeral, opens the challenge's session and returns the challenge. */
function openSrpChallenge(
  state: LocalState,
  progress: SignInProgress,
  name: 'PASSWORD_VERIFIER' | 'DEVICE_PASSWORD_VERIFIER',
  verifier: SrpVerifier,
  A: bigint,
  salt: string,
  extra: Pick<SrpData, 'fake' | 'deviceKey'>,
  parameters: Record<string, string>,
): Record<string, unknown> {
  const server = createServerEphemeral(verifier.v)
  const data: SrpData = { A, server, v: verifier.v, secretBlock: ids.secretBlock(), ...extra }
  const session = createSession(state, progress, name, data as unknown as Record<string, unknown>)
  return {
    ChallengeName: name,
    Session: session.id,
    ChallengeParameters: { SALT: salt, SRP_B: server.srpB, SECRET_BLOCK: data.secretBlock, ...parameters },
  }
}

/** A challenge response the step needs, or `InvalidParameterException: Missing required parameter …`. */
function requiredResponse(responses: Record<string, string>, name: string): string {
  const value = responses[name]
  if (value === undefined) throw errors.invalidParameter(`Missing required parameter ${name}`)
  return value
}

/**
 * Checks a PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER answer: the secret block is the one issued,
 * the TIMESTAMP is well formed (and within the configured tolerance), and the signature is the one
 * the server computes over its own prefix and id. A failure is a wrong answer. @internal
 */
export async function verifyClaim(
  state: LocalState,
  session: AuthSession,
  responses: Record<string, string>,
  prefix: string,
  id: string,
): Promise<void> {
  const data = session.data as unknown as SrpData
  const block = requiredResponse(responses, 'PASSWORD_CLAIM_SECRET_BLOCK')
  const signature = requiredResponse(responses, 'PASSWORD_CLAIM_SIGNATURE')
  const timestamp = requiredResponse(responses, 'TIMESTAMP')
  if (!TIMESTAMP_PATTERN.test(timestamp)) throw errors.invalidParameter('TIMESTAMP format is invalid')
  const tolerance = state.options.timestampToleranceMs
  if (tolerance !== null) {
    const at = Date.parse(timestamp.replace(' UTC', '') + ' UTC')
    if (!Number.isFinite(at) || Math.abs(at - state.clock.now()) > tolerance) {
      throw wrongAnswer(state, session, errors.notAuthorized(MESSAGES.badCredentials))
    }
  }
  if (data.fake || block !== data.secretBlock) throw wrongAnswer(state, session, errors.notAuthorized(MESSAGES.badCredentials))
  const expected = await expectedSignature({
    A: data.A,
    server: data.server,
    v: data.v,
    prefix,
    id,
    secretBlock: fromBase64(block, 'PASSWORD_CLAIM_SECRET_BLOCK'),
    timestamp,
  })
  if (!constantTimeEqual(expected, signature)) throw wrongAnswer(state, session, errors.notAuthorized(MESSAGES.badCredentials))
}

/** The device key a DEVICE_PASSWORD_VERIFIER session was opened for. @internal */
export function sessionDeviceKey(session: AuthSession): string {
  return guaranteed((session.data as unknown as SrpData).deviceKey, 'a DEVICE_PASSWORD_VERIFIER session is opened with its device key')
}
