import { errors } from '../errors'
import { ids } from '../ids'
import type { Input } from '../input'
import type { AppClient } from '../store/types'
import { seconds, type Operation } from './types'

const FLOWS = [
  'ADMIN_NO_SRP_AUTH',
  'CUSTOM_AUTH_FLOW_ONLY',
  'USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_AUTH',
]
/** Legacy flow names and what they allow. */
const LEGACY: Record<string, string> = {
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  CUSTOM_AUTH_FLOW_ONLY: 'ALLOW_CUSTOM_AUTH',
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
}
const UNITS = ['seconds', 'minutes', 'hours', 'days'] as const
type Unit = (typeof UNITS)[number]
const UNIT_SECONDS: Record<Unit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 }

function validity(input: Input, name: string, unitName: string, defaultUnit: Unit, fallback: number): number {
  const value = input.int(name, 0, 315_360_000)
  if (value === undefined) return fallback
  const unit = input.obj('TokenValidityUnits')?.oneOf(unitName, UNITS) ?? defaultUnit
  return value * UNIT_SECONDS[unit]
}

function readFlows(input: Input): Set<string> {
  const given = input.strings('ExplicitAuthFlows')
  // Cognito's default when none are given.
  if (!given || given.length === 0) return new Set(['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'])
  for (const flow of given) if (!FLOWS.includes(flow)) throw errors.invalidParameter(`Invalid ExplicitAuthFlows value: ${flow}`)
  const flows = new Set(given.map((f) => LEGACY[f] ?? f))
  if (given.some((f) => LEGACY[f])) flows.add('ALLOW_USER_SRP_AUTH').add('ALLOW_REFRESH_TOKEN_AUTH')
  return flows
}

function apply(client: AppClient, input: Input): void {
  client.authFlows = readFlows(input)
  client.authSessionValidity = input.int('AuthSessionValidity', 3, 15) ?? 3
  client.preventUserExistenceErrors = input.oneOf('PreventUserExistenceErrors', ['ENABLED', 'LEGACY'] as const) ?? 'LEGACY'
  client.enableTokenRevocation = input.bool('EnableTokenRevocation') ?? true
  client.accessTokenSeconds = validity(input, 'AccessTokenValidity', 'AccessToken', 'hours', 3600)
  client.idTokenSeconds = validity(input, 'IdTokenValidity', 'IdToken', 'hours', 3600)
  client.refreshTokenSeconds = validity(input, 'RefreshTokenValidity', 'RefreshToken', 'days', 30 * 86400)
  client.readAttributes = input.strings('ReadAttributes')
  client.writeAttributes = input.strings('WriteAttributes')
  client.name = input.str('ClientName', 128) ?? client.name
  client.extra = { ...input.body }
  delete client.extra.GenerateSecret
}

/** Token validities as they were given (value and unit), or Cognito's defaults: 60 minutes, 60 minutes, 30 days. */
function validityEcho(client: AppClient): Record<string, unknown> {
  const units = (client.extra.TokenValidityUnits ?? {}) as Record<string, string>
  const pick = (name: string, unit: string, givenDefaultUnit: string, value: number, valueUnit: string): [unknown, string] =>
    client.extra[name] !== undefined && client.extra[name] !== null
      ? [client.extra[name], units[unit] ?? givenDefaultUnit]
      : [value, valueUnit]
  const [access, accessUnit] = pick('AccessTokenValidity', 'AccessToken', 'hours', 60, 'minutes')
  const [id, idUnit] = pick('IdTokenValidity', 'IdToken', 'hours', 60, 'minutes')
  const [refresh, refreshUnit] = pick('RefreshTokenValidity', 'RefreshToken', 'days', 30, 'days')
  return {
    AccessTokenValidity: access,
    IdTokenValidity: id,
    RefreshTokenValidity: refresh,
    TokenValidityUnits: { AccessToken: accessUnit, IdToken: idUnit, RefreshToken: refreshUnit },
  }
}

/** The UserPoolClientType of DescribeUserPoolClient. @internal */
export function describeClient(client: AppClient): Record<string, unknown> {
  return {
    ...client.extra,
    UserPoolId: client.poolId,
    ClientName: client.name,
    ClientId: client.id,
    ...(client.secret ? { ClientSecret: client.secret } : {}),
    ExplicitAuthFlows: [...client.authFlows],
    AuthSessionValidity: client.authSessionValidity,
    PreventUserExistenceErrors: client.preventUserExistenceErrors,
    EnableTokenRevocation: client.enableTokenRevocation,
    ...validityEcho(client),
    CreationDate: seconds(client.createdAt),
    LastModifiedDate: seconds(client.modifiedAt),
  }
}

/** CreateUserPoolClient: Creates an app client: secret, flows, session validity, existence errors, revocation, token validity. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html @internal */
export const CreateUserPoolClient: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  const now = state.clock.now()
  const client: AppClient = {
    id: ids.client(),
    poolId: pool.id,
    name: input.req('ClientName', 128),
    secret: input.bool('GenerateSecret') ? ids.clientSecret() : undefined,
    authFlows: new Set(),
    authSessionValidity: 3,
    preventUserExistenceErrors: 'LEGACY',
    enableTokenRevocation: true,
    accessTokenSeconds: 3600,
    idTokenSeconds: 3600,
    refreshTokenSeconds: 30 * 86400,
    readAttributes: undefined,
    writeAttributes: undefined,
    createdAt: now,
    modifiedAt: now,
    extra: {},
  }
  apply(client, input)
  pool.clients.set(client.id, client)
  state.clients.set(client.id, client)
  return { UserPoolClient: describeClient(client) }
}

/** DescribeUserPoolClient: The client as UserPoolClientType. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeUserPoolClient.html @internal */
export const DescribeUserPoolClient: Operation = ({ state }, input) => ({
  UserPoolClient: describeClient(state.client(input.req('ClientId'), input.req('UserPoolId')).client),
})

/** UpdateUserPoolClient: Updates a client. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPoolClient.html @internal */
export const UpdateUserPoolClient: Operation = ({ state }, input) => {
  const { client } = state.client(input.req('ClientId'), input.req('UserPoolId'))
  apply(client, input)
  client.modifiedAt = state.clock.now()
  return { UserPoolClient: describeClient(client) }
}

/** DeleteUserPoolClient: Deletes a client. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteUserPoolClient.html @internal */
export const DeleteUserPoolClient: Operation = ({ state }, input) => {
  const { pool, client } = state.client(input.req('ClientId'), input.req('UserPoolId'))
  pool.clients.delete(client.id)
  state.clients.delete(client.id)
  return {}
}
