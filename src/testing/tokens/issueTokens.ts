import { randomBytes, randomUUID } from 'node:crypto'
import { ids } from '../ids'
import type { LocalState } from '../store/LocalState'
import type { AppClient, User, UserPool } from '../store/types'
import { signJwt } from './jwt'

/** What a sign-in or refresh produced. @internal */
export interface IssueInput {
  pool: UserPool
  client: AppClient
  user: User
  /** The device the tokens are bound to (a verified remembered device, or the new one). */
  deviceKey: string | undefined
  /** Whether to include NewDeviceMetadata for `deviceKey`. */
  newDevice: { DeviceKey: string; DeviceGroupKey: string } | undefined
  /** Epoch seconds of the original authentication. */
  authTime: number
  /** Set when refreshing: keeps the sign-in's origin_jti and issues no refresh token. */
  originJti?: string
}

/** The issuer of a pool's tokens. @internal */
function issuerOf(state: LocalState, poolId: string): string {
  return `https://cognito-idp.${state.region}.amazonaws.com/${poolId}`
}

/** Attributes in the ID token: all of them, or the client's ReadAttributes. @internal */
function idClaims(user: User, client: AppClient): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, value] of user.attributes) {
    if (name === 'sub') continue
    if (client.readAttributes && !client.readAttributes.includes(name)) continue
    out[name] = name.endsWith('_verified') ? value === 'true' : value
  }
  return out
}

/** Signs the access and ID tokens and, for a new sign-in, makes the refresh token. @internal */
export function issueTokens(state: LocalState, input: IssueInput): Record<string, unknown> {
  const { pool, client, user } = input
  const now = Math.floor(state.clock.now() / 1000)
  const originJti = input.originJti ?? randomUUID()
  const eventId = randomUUID()
  const iss = issuerOf(state, pool.id)
  const groups = [...user.groups].sort((a, b) => (pool.groups.get(a)?.precedence ?? 1e9) - (pool.groups.get(b)?.precedence ?? 1e9))
  const groupClaim = groups.length ? { 'cognito:groups': groups } : {}
  const access = signJwt(state.keys.access, {
    sub: user.sub,
    ...groupClaim,
    ...(input.deviceKey ? { device_key: input.deviceKey } : {}),
    iss,
    version: 2,
    client_id: client.id,
    origin_jti: originJti,
    event_id: eventId,
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    auth_time: input.authTime,
    exp: now + client.accessTokenSeconds,
    iat: now,
    jti: randomUUID(),
    username: user.username,
  })
  const id = signJwt(state.keys.id, {
    sub: user.sub,
    ...groupClaim,
    ...idClaims(user, client),
    iss,
    'cognito:username': user.username,
    origin_jti: originJti,
    aud: client.id,
    event_id: eventId,
    token_use: 'id',
    auth_time: input.authTime,
    exp: now + client.idTokenSeconds,
    iat: now,
    jti: randomUUID(),
  })
  state.liveOrigins.set(originJti, { poolId: pool.id, username: user.username })
  const result: Record<string, unknown> = {
    AccessToken: access,
    ExpiresIn: client.accessTokenSeconds,
    TokenType: 'Bearer',
    IdToken: id,
  }
  if (input.originJti === undefined) result.RefreshToken = grantRefreshToken(state, input, originJti)
  if (input.newDevice) result.NewDeviceMetadata = input.newDevice
  return result
}

/**
 * Makes a refresh token for a new sign-in (opaque, shaped like Cognito's JWE) and records what it
 * grants: the sign-in's origin_jti, its device and its auth_time, until the client's refresh-token
 * validity runs out. @internal
 */
function grantRefreshToken(state: LocalState, input: IssueInput, originJti: string): string {
  const { pool, client, user } = input
  const refresh = [
    Buffer.from(JSON.stringify({ cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' })).toString('base64url'),
    randomBytes(256).toString('base64url'),
    randomBytes(12).toString('base64url'),
    randomBytes(384).toString('base64url'),
    randomBytes(16).toString('base64url'),
  ].join('.')
  state.refreshGrants.set(refresh, {
    poolId: pool.id,
    clientId: client.id,
    username: user.username,
    originJti,
    deviceKey: input.deviceKey,
    expiresAt: state.clock.now() + client.refreshTokenSeconds * 1000,
    authTime: input.authTime,
  })
  return refresh
}

/** Registers a new, unconfirmed device for a user and returns its NewDeviceMetadata. @internal */
export function newDevice(state: LocalState, user: User, ip: string, sdk: string): { DeviceKey: string; DeviceGroupKey: string } {
  const key = ids.deviceKey(state.region)
  const now = state.clock.now()
  user.devices.set(key, {
    key,
    groupKey: user.deviceGroupKey,
    confirmed: false,
    verifier: undefined,
    status: 'not_remembered',
    name: undefined,
    createdAt: now,
    modifiedAt: now,
    lastAuthenticatedAt: now,
    lastIp: ip,
    sdk,
  })
  return { DeviceKey: key, DeviceGroupKey: user.deviceGroupKey }
}
