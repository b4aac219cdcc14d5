import { errors, MESSAGES } from '../errors'
import { noteChallenge, readContextData, recordEvent } from '../events'
import { guaranteed } from '../guaranteed'
import type { Input } from '../input'
import type { OpContext, Operation } from '../ops/types'
import type { AppClient, SignInProgress, User, UserPool } from '../store/types'
import { autoSignIn } from './autoSignIn'
import { continueSignIn } from './continueSignIn'
import { customHandler, customNext } from './customAuth'
import { acceptDeviceKey } from './devices'
import { refreshTokens } from './refresh'
import { checkSecretHash } from './secretHash'
import { readSrpA, startPasswordVerifier } from './srpSteps'
import { decoyUser, startUserAuth } from './userAuth'

const FLOWS = [
  'USER_SRP_AUTH',
  'REFRESH_TOKEN_AUTH',
  'REFRESH_TOKEN',
  'CUSTOM_AUTH',
  'ADMIN_NO_SRP_AUTH',
  'USER_PASSWORD_AUTH',
  'ADMIN_USER_PASSWORD_AUTH',
  'USER_AUTH',
] as const
type Flow = (typeof FLOWS)[number]
const GATE: Record<Flow, string> = {
  USER_SRP_AUTH: 'ALLOW_USER_SRP_AUTH',
  REFRESH_TOKEN_AUTH: 'ALLOW_REFRESH_TOKEN_AUTH',
  REFRESH_TOKEN: 'ALLOW_REFRESH_TOKEN_AUTH',
  CUSTOM_AUTH: 'ALLOW_CUSTOM_AUTH',
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
  ADMIN_USER_PASSWORD_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  USER_AUTH: 'ALLOW_USER_AUTH',
}

function gate(client: AppClient, flow: Flow, admin: boolean, session: string | undefined): void {
  const adminOnly = flow === 'ADMIN_USER_PASSWORD_AUTH' || flow === 'ADMIN_NO_SRP_AUTH'
  if (adminOnly && !admin) throw errors.invalidParameter(`Initiate Auth method not supported.`)
  if (!client.authFlows.has(GATE[flow])) throw errors.invalidParameter(`${flow} flow not enabled for this client`)
  // The auto sign-in after ConfirmSignUp (USER_AUTH with its Session) is served to InitiateAuth only.
  if (flow === 'USER_AUTH' && admin && session !== undefined) {
    throw errors.invalidParameter('AdminInitiateAuth with USER_AUTH and a Session is not supported by this local server.')
  }
}

async function initiate(ctx: OpContext, input: Input, admin: boolean): Promise<Record<string, unknown>> {
  const { state } = ctx
  const poolId = admin ? input.req('UserPoolId') : undefined
  const flow = input.oneOf('AuthFlow', FLOWS, true)
  const { pool, client } = state.client(input.req('ClientId'), poolId)
  const params = input.map('AuthParameters')
  const clientMetadata = input.map('ClientMetadata')
  const contextData = admin ? undefined : readContextData(input)
  const sessionId = input.str('Session', 2048)
  gate(client, flow, admin, sessionId)
  if (flow === 'USER_AUTH') {
    if (sessionId === undefined) return startUserAuth(ctx, { pool, client }, params, admin, contextData)
    return autoSignIn(ctx, { pool, client }, params, sessionId, contextData)
  }
  if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') return refreshTokens(ctx, pool, client, params)
  const typed = params.USERNAME
  if (typed === undefined) throw errors.invalidParameter('Missing required parameter USERNAME')
  const srpA = flow === 'USER_SRP_AUTH' || params.CHALLENGE_NAME === 'SRP_A' ? readSrpA(params.SRP_A) : undefined
  if (flow === 'CUSTOM_AUTH') customHandler(ctx)
  const user = state.findUser(pool, typed)
  if (!user) return unknownUser(ctx, pool, client, typed, params, admin, srpA)
  checkSecretHash(client, params.SECRET_HASH, [typed])
  if (!user.enabled) throw errors.notAuthorized('User is disabled.')
  const progress: SignInProgress = {
    poolId: pool.id,
    clientId: client.id,
    username: user.username,
    admin,
    primary: flow === 'CUSTOM_AUTH' ? 'CUSTOM' : flow === 'USER_SRP_AUTH' ? 'SRP' : 'PASSWORD',
    deviceKey: params.DEVICE_KEY === undefined ? undefined : acceptDeviceKey(state, pool, user, params.DEVICE_KEY),
    newPasswordDone: false,
    mfaDone: false,
    deviceDone: false,
    authTime: Math.floor(state.clock.now() / 1000),
    customHistory: [],
    eventId: recordEvent(ctx, { pool, client, user }, 'SignIn', contextData, 'InProgress', params.DEVICE_KEY),
    contextData,
  }
  if (flow === 'USER_SRP_AUTH') {
    return startPasswordVerifier(state, progress, pool, user, guaranteed(srpA, 'USER_SRP_AUTH reads SRP_A before it looks up the user'))
  }
  if (flow === 'CUSTOM_AUTH') {
    if (srpA !== undefined) progress.customHistory.push({ challengeName: 'SRP_A', challengeResult: true, challengeMetadata: undefined })
    return customNext(ctx, progress, pool, user, clientMetadata, srpA)
  }
  checkPlainPassword(ctx, progress, user, params.PASSWORD)
  return continueSignIn(ctx, progress)
}

function checkPlainPassword(ctx: OpContext, progress: SignInProgress, user: User, password: string | undefined): void {
  if (password === undefined) throw errors.invalidParameter('Missing required parameter PASSWORD')
  noteChallenge(ctx.state, progress, 'Password', password === user.password)
  if (password !== user.password) throw errors.notAuthorized(MESSAGES.badCredentials)
}

/** An unknown user: UserNotFoundException, or (PreventUserExistenceErrors) a challenge that cannot pass. */
async function unknownUser(
  ctx: OpContext,
  pool: UserPool,
  client: AppClient,
  typed: string,
  params: Record<string, string>,
  admin: boolean,
  srpA: bigint | undefined,
): Promise<Record<string, unknown>> {
  checkSecretHash(client, params.SECRET_HASH, [typed])
  if (client.preventUserExistenceErrors !== 'ENABLED') throw errors.userNotFound(MESSAGES.userMissing)
  if (srpA === undefined) throw errors.notAuthorized(MESSAGES.badCredentials)
  const decoy = decoyUser(typed)
  const progress: SignInProgress = {
    poolId: pool.id,
    clientId: client.id,
    username: typed,
    admin,
    primary: 'SRP',
    deviceKey: undefined,
    newPasswordDone: false,
    mfaDone: false,
    deviceDone: false,
    authTime: 0,
    customHistory: [],
  }
  return startPasswordVerifier(ctx.state, progress, pool, decoy, srpA, true)
}

/** InitiateAuth. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html */
export const InitiateAuth: Operation = (ctx, input) => initiate(ctx, input, false)

/** AdminInitiateAuth. */
export const AdminInitiateAuth: Operation = (ctx, input) => initiate(ctx, input, true)
