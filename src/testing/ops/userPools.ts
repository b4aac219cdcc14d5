import { addSchemaAttribute, buildSchema } from '../attributes'
import { errors } from '../errors'
import { ids } from '../ids'
import type { Input } from '../input'
import type { FirstAuthFactor, UserPool } from '../store/types'
import { describeWebAuthn, NO_WEB_AUTHN, readWebAuthnConfiguration } from '../webauthn/settings'
import { seconds, type Operation } from './types'

const KNOWN = new Set([
  'PoolName',
  'Policies',
  'MfaConfiguration',
  'DeviceConfiguration',
  'Schema',
  'UsernameAttributes',
  'AliasAttributes',
  'AutoVerifiedAttributes',
  'UsernameConfiguration',
  'UserPoolId',
])

function readPasswordPolicy(input: Input | undefined, base: UserPool['passwordPolicy']): UserPool['passwordPolicy'] {
  const p = input?.obj('PasswordPolicy')
  if (!p) return base
  return {
    MinimumLength: p.int('MinimumLength', 6, 99) ?? 8,
    RequireUppercase: p.bool('RequireUppercase') ?? false,
    RequireLowercase: p.bool('RequireLowercase') ?? false,
    RequireNumbers: p.bool('RequireNumbers') ?? false,
    RequireSymbols: p.bool('RequireSymbols') ?? false,
    TemporaryPasswordValidityDays: p.int('TemporaryPasswordValidityDays', 0, 365) ?? 7,
  }
}

const FACTORS: readonly FirstAuthFactor[] = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN']
const FACTORS_AT = 'policies.signInPolicy.allowedFirstAuthFactors'

/**
 * `Policies.SignInPolicy.AllowedFirstAuthFactors`: 1 to 4 of PASSWORD, EMAIL_OTP, SMS_OTP, WEB_AUTHN ("SOFTWARE_TOKEN is
 * not currently supported as a first auth factor"), PASSWORD among them (the AWS CDK refuses a policy without it: "This
 * must be true"). Absent: `base` (for a new pool, PASSWORD alone).
 */
function readFirstFactors(policies: Input | undefined, base: FirstAuthFactor[]): FirstAuthFactor[] {
  const given = policies?.obj('SignInPolicy')?.strings('AllowedFirstAuthFactors')
  if (given === undefined) return base
  if (given.length < 1 || given.length > 4) {
    throw errors.invalidParameter(
      `1 validation error detected: Value at '${FACTORS_AT}' failed to satisfy constraint: Member must have length between 1 and 4`,
    )
  }
  for (const factor of given) {
    if (!(FACTORS as readonly string[]).includes(factor)) {
      throw errors.invalidParameter(`${factor} is not a supported first auth factor; use ${FACTORS.join(', ')}.`)
    }
  }
  if (!given.includes('PASSWORD')) throw errors.invalidParameter('AllowedFirstAuthFactors must include PASSWORD.')
  return FACTORS.filter((f) => given.includes(f))
}

function readDevice(input: Input): UserPool['device'] | undefined {
  const d = input.obj('DeviceConfiguration')
  if (!d) return undefined
  // Setting any property turns tracking on; an empty object leaves it off.
  if (!d.has('ChallengeRequiredOnNewDevice') && !d.has('DeviceOnlyRememberedOnUserPrompt')) return null
  return {
    ChallengeRequiredOnNewDevice: d.bool('ChallengeRequiredOnNewDevice') ?? false,
    DeviceOnlyRememberedOnUserPrompt: d.bool('DeviceOnlyRememberedOnUserPrompt') ?? false,
  }
}

/** Checks `UserPoolAddOns` (threat protection): `AdvancedSecurityMode` OFF, AUDIT or ENFORCED. Kept with the other members. */
function checkAddOns(input: Input): void {
  const addOns = input.obj('UserPoolAddOns')
  if (!addOns) return
  addOns.oneOf('AdvancedSecurityMode', ['OFF', 'AUDIT', 'ENFORCED'] as const, true)
  addOns.obj('AdvancedSecurityAdditionalFlows')?.oneOf('CustomAuthMode', ['AUDIT', 'ENFORCED'] as const)
}

function extras(input: Input): Record<string, unknown> {
  checkAddOns(input)
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(input.body)) if (!KNOWN.has(key)) out[key] = value
  return out
}

const MFA = ['OFF', 'ON', 'OPTIONAL'] as const
const ATTRS = ['phone_number', 'email'] as const

/** The UserPoolType of DescribeUserPool. @internal */
export function describePool(pool: UserPool): Record<string, unknown> {
  return {
    ...pool.extra,
    Id: pool.id,
    Name: pool.name,
    Arn: pool.arn,
    Policies: { PasswordPolicy: pool.passwordPolicy, SignInPolicy: { AllowedFirstAuthFactors: [...pool.firstAuthFactors] } },
    MfaConfiguration: pool.mfa,
    ...(pool.device ? { DeviceConfiguration: pool.device } : {}),
    SchemaAttributes: [...pool.schema.values()].map((s) => s.raw),
    ...(pool.usernameAttributes.length ? { UsernameAttributes: pool.usernameAttributes } : {}),
    ...(pool.aliasAttributes.length ? { AliasAttributes: pool.aliasAttributes } : {}),
    AutoVerifiedAttributes: pool.autoVerifiedAttributes,
    UsernameConfiguration: { CaseSensitive: pool.caseSensitive },
    EstimatedNumberOfUsers: pool.users.size,
    CreationDate: seconds(pool.createdAt),
    LastModifiedDate: seconds(pool.modifiedAt),
  }
}

/** CreateUserPool: Creates a pool: policies, MFA, DeviceConfiguration, schema, username attributes or aliases. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPool.html @internal */
export const CreateUserPool: Operation = ({ state }, input) => {
  const name = input.req('PoolName', 128)
  const now = state.clock.now()
  const id = ids.userPool(state.region)
  const mfa = input.oneOf('MfaConfiguration', MFA) ?? 'OFF'
  const usernameAttributes = input.strings('UsernameAttributes') ?? []
  const aliasAttributes = input.strings('AliasAttributes') ?? []
  if (usernameAttributes.length && aliasAttributes.length) {
    throw errors.invalidParameter('Only one of the AliasAttributes or UsernameAttributes can be set in a User Pool')
  }
  for (const a of usernameAttributes)
    if (!(ATTRS as readonly string[]).includes(a)) throw errors.invalidParameter(`Invalid UsernameAttributes: ${a}`)
  const pool: UserPool = {
    id,
    name,
    arn: `arn:aws:cognito-idp:${state.region}:${state.options.accountId}:userpool/${id}`,
    createdAt: now,
    modifiedAt: now,
    passwordPolicy: readPasswordPolicy(input.obj('Policies'), {
      MinimumLength: 8,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      TemporaryPasswordValidityDays: 7,
    }),
    mfa,
    firstAuthFactors: readFirstFactors(input.obj('Policies'), ['PASSWORD']),
    // Open point made a default: a pool created with MFA on offers SMS and TOTP until SetUserPoolMfaConfig says otherwise.
    mfaMethods: { sms: mfa !== 'OFF', totp: mfa !== 'OFF', email: false },
    webAuthn: { ...NO_WEB_AUTHN },
    device: readDevice(input) ?? null,
    schema: buildSchema(input.list('Schema')),
    usernameAttributes,
    aliasAttributes,
    autoVerifiedAttributes: input.strings('AutoVerifiedAttributes') ?? [],
    caseSensitive: input.obj('UsernameConfiguration')?.bool('CaseSensitive') ?? true,
    extra: extras(input),
    clients: new Map(),
    users: new Map(),
    groups: new Map(),
  }
  state.pools.set(id, pool)
  return { UserPool: describePool(pool) }
}

/** DescribeUserPool: The pool as UserPoolType. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeUserPool.html @internal */
export const DescribeUserPool: Operation = ({ state }, input) => ({ UserPool: describePool(state.pool(input.req('UserPoolId'))) })

/** DeleteUserPool: Deletes a pool and its clients. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteUserPool.html @internal */
export const DeleteUserPool: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  for (const id of pool.clients.keys()) state.clients.delete(id)
  state.pools.delete(pool.id)
  return {}
}

/** UpdateUserPool: Updates a pool; DeviceConfiguration not given turns tracking off, as a replacement. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPool.html @internal */
export const UpdateUserPool: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  checkAddOns(input)
  if (input.has('Policies')) {
    // Both read before either is set, so that a bad policy changes nothing.
    const passwordPolicy = readPasswordPolicy(input.obj('Policies'), pool.passwordPolicy)
    pool.firstAuthFactors = readFirstFactors(input.obj('Policies'), pool.firstAuthFactors)
    pool.passwordPolicy = passwordPolicy
  }
  const mfa = input.oneOf('MfaConfiguration', MFA)
  if (mfa) pool.mfa = mfa
  // UpdateUserPool resets what it is not given, as the real one does; DeviceConfiguration absent = off.
  pool.device = readDevice(input) ?? null
  const autoVerified = input.strings('AutoVerifiedAttributes')
  if (autoVerified) pool.autoVerifiedAttributes = autoVerified
  Object.assign(pool.extra, extras(input))
  pool.modifiedAt = state.clock.now()
  return {}
}

/** AddCustomAttributes: Adds custom attributes to the schema. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AddCustomAttributes.html @internal */
export const AddCustomAttributes: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  for (const entry of input.list('CustomAttributes')) addSchemaAttribute(pool.schema, entry)
  return {}
}

function mfaConfig(pool: UserPool): Record<string, unknown> {
  return {
    MfaConfiguration: pool.mfa,
    ...(pool.mfaMethods.sms ? { SmsMfaConfiguration: { SmsAuthenticationMessage: 'Your authentication code is {####}.' } } : {}),
    SoftwareTokenMfaConfiguration: { Enabled: pool.mfaMethods.totp },
    ...(pool.mfaMethods.email ? { EmailMfaConfiguration: { Message: 'Your code is {####}', Subject: 'Your code' } } : {}),
    WebAuthnConfiguration: describeWebAuthn(pool.webAuthn),
  }
}

/** SetUserPoolMfaConfig: Replaces the pool's MFA configuration (methods not given are turned off; a WebAuthnConfiguration not given stays). @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserPoolMfaConfig.html @internal */
export const SetUserPoolMfaConfig: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  // What is omitted is turned off, as a replacement of the whole MFA configuration.
  const methods = {
    sms: input.has('SmsMfaConfiguration'),
    totp: input.obj('SoftwareTokenMfaConfiguration')?.bool('Enabled') ?? false,
    email: input.has('EmailMfaConfiguration'),
  }
  const mfa = input.oneOf('MfaConfiguration', MFA) ?? pool.mfa
  if (mfa !== 'OFF' && !methods.sms && !methods.totp && !methods.email) {
    throw errors.invalidParameter('At least one MFA method must be enabled when MFA is ON or OPTIONAL.')
  }
  const webAuthn = readWebAuthnConfiguration(input, pool.webAuthn)
  pool.mfaMethods = methods
  pool.mfa = mfa
  pool.webAuthn = webAuthn
  pool.modifiedAt = state.clock.now()
  return mfaConfig(pool)
}

/** GetUserPoolMfaConfig: The pool's MFA configuration. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUserPoolMfaConfig.html @internal */
export const GetUserPoolMfaConfig: Operation = ({ state }, input) => mfaConfig(state.pool(input.req('UserPoolId')))
