import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'
import { enrolTotp, type SeedApp } from './enrolTotp'
import { configureMfa, createClient, createPool, createUser, TRUST_ATTRIBUTE } from './seedCalls'

export { TRUST_ATTRIBUTE } from './seedCalls'

/**
 * The password of a seeded user who was given none. It meets the pool's default password policy.
 *
 * @example
 * ```ts
 * import { createAuthClient } from 'cognito-auth-machine'
 * import { DEFAULT_SEED_PASSWORD, seedPool, startLocalCognito } from 'cognito-auth-machine/testing'
 *
 * const cognito = await startLocalCognito()
 * const client = createAuthClient(await seedPool(cognito)) // creates alice
 * await client.signIn({ username: 'alice', password: DEFAULT_SEED_PASSWORD })
 * ```
 */
export const DEFAULT_SEED_PASSWORD = 'Passw0rd!'

/**
 * Where {@link seedPool} seeds: a running local server (a {@link LocalCognito} fits as it is).
 *
 * @example
 * ```ts
 * import { seedPool, startLocalCognito } from 'cognito-auth-machine/testing'
 *
 * const cognito = await startLocalCognito()
 * await seedPool(cognito) // the LocalCognito: endpoint, region and its clock
 * await seedPool({ endpoint: 'http://127.0.0.1:9229/', region: 'us-east-1' }) // a server started by the CLI
 * ```
 */
export interface SeedTarget {
  /** The server's base URL, e.g. `http://127.0.0.1:9229/`. */
  readonly endpoint: string
  /** The server's region, e.g. `us-east-1`. */
  readonly region: string
  /**
   * The server's clock, for the TOTP codes that enrol users; `Date.now()` without it. A
   * {@link LocalCognito} brings its own, so a test that advanced the clock still seeds.
   */
  readonly clock?: { now(): number }
}

/**
 * A user for {@link seedPool} to create.
 *
 * @example
 * ```ts
 * import type { SeedUser } from 'cognito-auth-machine/testing'
 *
 * const users: SeedUser[] = [
 *   { username: 'ana', password: 'Correct-Horse-9', attributes: { email: 'ana@example.com' }, enrolTotp: true },
 *   { username: 'ben', password: 'Temporary-Pass-1', temporary: true },
 * ]
 * ```
 */
export interface SeedUser {
  /** The username (an e-mail address or phone number when the pool signs in with those). */
  username: string
  /** The password; {@link DEFAULT_SEED_PASSWORD} when omitted. */
  password?: string
  /** Attributes by name, e.g. `{ email: 'ana@example.com', email_verified: 'true' }`. */
  attributes?: Record<string, string>
  /** Whether to enrol this user in TOTP MFA; {@link SeedPoolOptions.enrolTotp} when omitted. */
  enrolTotp?: boolean
  /** Whether `password` is temporary, so that the first sign-in asks for a new one (NEW_PASSWORD_REQUIRED); false by default. */
  temporary?: boolean
}

/**
 * Device tracking for {@link seedPool}: the pool's `DeviceConfiguration`.
 *
 * @example
 * ```ts
 * import type { SeedDeviceOptions } from 'cognito-auth-machine/testing'
 *
 * // Remembered only when the user says so; a remembered device then skips MFA.
 * const devices: SeedDeviceOptions = { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true }
 * ```
 */
export interface SeedDeviceOptions {
  /** A remembered device skips MFA (`ChallengeRequiredOnNewDevice`); false by default. */
  challengeRequiredOnNewDevice?: boolean
  /** Devices are remembered only when the user says so (`DeviceOnlyRememberedOnUserPrompt`); false by default. */
  deviceOnlyRememberedOnUserPrompt?: boolean
}

/**
 * Passkeys for {@link seedPool}: the pool's relying party and user verification (SetUserPoolMfaConfig's
 * `WebAuthnConfiguration`).
 *
 * @example
 * ```ts
 * import type { SeedWebAuthnOptions } from 'cognito-auth-machine/testing'
 *
 * // Pages on http://localhost:* may register and use passkeys; the authenticator must verify the user.
 * const webAuthn: SeedWebAuthnOptions = { relyingPartyId: 'localhost', userVerification: 'required' }
 * ```
 */
export interface SeedWebAuthnOptions {
  /** `RelyingPartyId`: the host name (or a parent domain of it) of the pages that use the passkeys, e.g. `'localhost'`. */
  relyingPartyId: string
  /** `UserVerification`; `'preferred'` by default. */
  userVerification?: 'required' | 'preferred'
}

/**
 * What {@link seedPool} creates. Every member is optional; the defaults give a plain pool with one user.
 *
 * @example
 * ```ts
 * import type { SeedPoolOptions } from 'cognito-auth-machine/testing'
 *
 * const options: SeedPoolOptions = { mfa: 'OPTIONAL', enrolTotp: true, clientSecret: true, users: [{ username: 'ana' }] }
 * ```
 */
export interface SeedPoolOptions {
  /** The pool's name; `'local-test'` by default. */
  poolName?: string
  /** The pool's `MfaConfiguration`; `'OFF'` by default. With `'ON'` or `'OPTIONAL'` the pool offers TOTP. */
  mfa?: 'OFF' | 'ON' | 'OPTIONAL'
  /**
   * Enrol every user in TOTP MFA (a user's own `enrolTotp` wins); false by default. Needs `mfa` ON or
   * OPTIONAL; each enrolled user's secret comes back as `totpSecret`.
   */
  enrolTotp?: boolean
  /** Device tracking; off when omitted. `{}` turns it on with both switches off (devices always remembered, MFA still asked). */
  devices?: SeedDeviceOptions
  /** Add {@link TRUST_ATTRIBUTE} (`custom:trusted_devices`, a mutable string) to the schema, for `trust.attribute`; false by default. */
  trustAttribute?: boolean
  /** Give the app client a secret (a confidential client; every call then needs SECRET_HASH); false by default. */
  clientSecret?: boolean
  /** Sign in with e-mail address or phone number instead of a username (`UsernameAttributes`); none by default. */
  usernameAttributes?: ('email' | 'phone_number')[]
  /**
   * Where sign-up and attribute codes go, and which attributes a right code verifies
   * (`AutoVerifiedAttributes`); none by default (then no sign-up code is sent).
   */
  autoVerify?: ('email' | 'phone_number')[]
  /** Allow choice-based sign-in on the app client (`ALLOW_USER_AUTH`): the sign-in right after a sign-up's code needs it; false by default. */
  userAuth?: boolean
  /** Answer for an unknown user as for a known one (`PreventUserExistenceErrors: 'ENABLED'`); false (`LEGACY`) by default. */
  preventUserExistenceErrors?: boolean
  /** Threat protection (`UserPoolAddOns.AdvancedSecurityMode`): `'AUDIT'` or `'ENFORCED'`; off by default. */
  threatProtection?: 'AUDIT' | 'ENFORCED'
  /**
   * Passkeys: the relying party id (and user verification) of the pool, `WEB_AUTHN` among its first factors (with
   * `PASSWORD`), and `ALLOW_USER_AUTH` on the app client; off by default. Users register passkeys themselves
   * (StartWebAuthnRegistration, e.g. with {@link softwareAuthenticator}).
   */
  webAuthn?: SeedWebAuthnOptions
  /** The users; one, `alice` with {@link DEFAULT_SEED_PASSWORD}, by default. */
  users?: SeedUser[]
}

/**
 * A user {@link seedPool} created.
 *
 * @example
 * ```ts
 * import { createAuthClient } from 'cognito-auth-machine'
 * import { seedPool, startLocalCognito, totp } from 'cognito-auth-machine/testing'
 *
 * const cognito = await startLocalCognito()
 * const pool = await seedPool(cognito, { mfa: 'ON', enrolTotp: true, users: [{ username: 'ana' }] })
 * const client = createAuthClient({ ...pool, clock: cognito.clock })
 * const [ana] = pool.users
 * await client.signIn({ username: ana!.username, password: ana!.password })
 * await client.submitCode(totp(ana!.totpSecret!, cognito.clock.now()))
 * ```
 */
export interface SeededUser {
  /** The username to sign in with. */
  readonly username: string
  /** The password (temporary when `temporary` is true). */
  readonly password: string
  /** Whether the password is temporary. */
  readonly temporary: boolean
  /** The attributes given. */
  readonly attributes: Readonly<Record<string, string>>
  /** The TOTP secret (base32) when the user was enrolled; `totp(totpSecret, cognito.clock.now())` gives a code. */
  readonly totpSecret?: string
}

/**
 * What an app needs to sign in to a pool {@link seedPool} created.
 *
 * @example
 * ```ts
 * import { createAuthClient } from 'cognito-auth-machine'
 * import { seedPool, startLocalCognito } from 'cognito-auth-machine/testing'
 *
 * const cognito = await startLocalCognito()
 * const pool = await seedPool(cognito)
 * const client = createAuthClient({ ...pool, clock: cognito.clock }) // region, endpoint, userPoolId, clientId, clientSecret
 * ```
 */
export interface SeededPool {
  /** The region, as the server reported it. */
  readonly region: string
  /** The server's base URL. */
  readonly endpoint: string
  /** The new pool's id. */
  readonly userPoolId: string
  /** The app client's id. The client allows SRP sign-in (`ALLOW_USER_SRP_AUTH`) and refresh. */
  readonly clientId: string
  /** The app client's secret, when one was asked for. */
  readonly clientSecret?: string
  /** {@link TRUST_ATTRIBUTE}, when the schema has it. */
  readonly trustAttribute?: typeof TRUST_ATTRIBUTE
  /** The users, in the order given. */
  readonly users: readonly SeededUser[]
}

type Mfa = NonNullable<SeedPoolOptions['mfa']>
/** Seed options with the defaults filled in. @internal */
export interface Spec {
  poolName: string
  mfa: Mfa
  devices: Required<SeedDeviceOptions> | undefined
  trustAttribute: boolean
  clientSecret: boolean
  usernameAttributes: ('email' | 'phone_number')[]
  autoVerify: ('email' | 'phone_number')[]
  userAuth: boolean
  preventUserExistenceErrors: boolean
  threatProtection: 'AUDIT' | 'ENFORCED' | undefined
  webAuthn: Required<SeedWebAuthnOptions> | undefined
  users: (Required<Omit<SeedUser, 'attributes'>> & { attributes: Record<string, string> })[]
}

const OPTION_KEYS = [
  'poolName',
  'mfa',
  'enrolTotp',
  'devices',
  'trustAttribute',
  'clientSecret',
  'usernameAttributes',
  'autoVerify',
  'userAuth',
  'preventUserExistenceErrors',
  'threatProtection',
  'webAuthn',
  'users',
]
const USER_KEYS = ['username', 'password', 'attributes', 'enrolTotp', 'temporary']
const DEVICE_KEYS = ['challengeRequiredOnNewDevice', 'deviceOnlyRememberedOnUserPrompt']

const fail = (message: string): never => {
  throw new TypeError(`seedPool: ${message}`)
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

function onlyKeys(value: unknown, keys: string[], what: string): Record<string, unknown> {
  if (!isRecord(value)) return fail(`${what} must be an object`)
  const unknown = Object.keys(value).find((key) => !keys.includes(key))
  if (unknown !== undefined) fail(`${what} has no option ${JSON.stringify(unknown)} (known: ${keys.join(', ')})`)
  return value
}

function optionalBoolean(value: unknown, what: string): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') fail(`${what} must be true or false`)
  return value as boolean | undefined
}

function readAttributes(value: unknown, what: string): Record<string, string> {
  if (value === undefined) return {}
  if (!isRecord(value)) return fail(`${what} must be an object of attribute names to string values`)
  for (const [name, text] of Object.entries(value)) if (typeof text !== 'string') fail(`${what}.${name} must be a string`)
  return { ...(value as Record<string, string>) }
}

function readUser(value: unknown, index: number, enrolByDefault: boolean, mfa: Mfa): Spec['users'][number] {
  const what = `users[${index}]`
  const user = onlyKeys(value, USER_KEYS, what)
  if (typeof user.username !== 'string' || user.username.trim() === '') fail(`${what}.username must be a non-empty string`)
  if (user.password !== undefined && (typeof user.password !== 'string' || user.password === ''))
    fail(`${what}.password must be a non-empty string`)
  const temporary = optionalBoolean(user.temporary, `${what}.temporary`) ?? false
  const enrolTotp = optionalBoolean(user.enrolTotp, `${what}.enrolTotp`) ?? enrolByDefault
  if (enrolTotp && mfa === 'OFF') fail(`${what} cannot be enrolled in TOTP on a pool with mfa 'OFF'; set mfa to 'ON' or 'OPTIONAL'`)
  if (enrolTotp && temporary) fail(`${what} has a temporary password, so it cannot sign in to enrol TOTP`)
  return {
    username: user.username as string,
    password: (user.password as string | undefined) ?? DEFAULT_SEED_PASSWORD,
    attributes: readAttributes(user.attributes, `${what}.attributes`),
    enrolTotp,
    temporary,
  }
}

function readDevices(value: unknown): Spec['devices'] {
  if (value === undefined) return undefined
  const devices = onlyKeys(value, DEVICE_KEYS, 'devices')
  return {
    challengeRequiredOnNewDevice: optionalBoolean(devices.challengeRequiredOnNewDevice, 'devices.challengeRequiredOnNewDevice') ?? false,
    deviceOnlyRememberedOnUserPrompt:
      optionalBoolean(devices.deviceOnlyRememberedOnUserPrompt, 'devices.deviceOnlyRememberedOnUserPrompt') ?? false,
  }
}

function readContactAttributes(value: unknown, what: string): Spec['usernameAttributes'] {
  if (value === undefined) return []
  if (!Array.isArray(value) || !value.every((a) => a === 'email' || a === 'phone_number')) {
    return fail(`${what} must be an array of 'email' and 'phone_number'`)
  }
  return [...value] as Spec['usernameAttributes']
}

function readWebAuthn(value: unknown): Spec['webAuthn'] {
  if (value === undefined) return undefined
  const given = onlyKeys(value, ['relyingPartyId', 'userVerification'], 'webAuthn')
  const id = given.relyingPartyId
  if (typeof id !== 'string' || !/^[a-z0-9]([a-z0-9.-]{0,125}[a-z0-9])?$/i.test(id)) {
    fail(`webAuthn.relyingPartyId must be a host name such as 'localhost', not ${JSON.stringify(id)}`)
  }
  const uv = given.userVerification ?? 'preferred'
  if (uv !== 'required' && uv !== 'preferred') fail(`webAuthn.userVerification must be 'required' or 'preferred'`)
  return { relyingPartyId: id as string, userVerification: uv as 'required' | 'preferred' }
}

function readThreatProtection(value: unknown): Spec['threatProtection'] {
  if (value !== undefined && value !== 'AUDIT' && value !== 'ENFORCED') fail(`threatProtection must be 'AUDIT' or 'ENFORCED'`)
  return value as Spec['threatProtection']
}

/** Checks {@link seedPool}'s options and fills in the defaults; a TypeError names what is wrong. @internal */
export function readSeedOptions(value: unknown): Spec {
  const options = onlyKeys(value ?? {}, OPTION_KEYS, 'options')
  const poolName = options.poolName ?? 'local-test'
  if (typeof poolName !== 'string' || !/^[\w\s+=,.@-]{1,128}$/.test(poolName))
    fail('poolName must be 1 to 128 letters, digits, spaces or +=,.@-_')
  const mfa = options.mfa ?? 'OFF'
  if (mfa !== 'OFF' && mfa !== 'ON' && mfa !== 'OPTIONAL') fail(`mfa must be 'OFF', 'ON' or 'OPTIONAL', not ${JSON.stringify(mfa)}`)
  const enrolByDefault = optionalBoolean(options.enrolTotp, 'enrolTotp') ?? false
  const list = options.users ?? [{ username: 'alice' }]
  if (!Array.isArray(list)) fail('users must be an array')
  const users = (list as unknown[]).map((user, i) => readUser(user, i, enrolByDefault, mfa as Mfa))
  const names = users.map((u) => u.username)
  const repeated = names.find((name, i) => names.indexOf(name) !== i)
  if (repeated !== undefined) fail(`the username ${JSON.stringify(repeated)} is given twice`)
  return {
    poolName: poolName as string,
    mfa: mfa as Mfa,
    devices: readDevices(options.devices),
    trustAttribute: optionalBoolean(options.trustAttribute, 'trustAttribute') ?? false,
    clientSecret: optionalBoolean(options.clientSecret, 'clientSecret') ?? false,
    usernameAttributes: readContactAttributes(options.usernameAttributes, 'usernameAttributes'),
    autoVerify: readContactAttributes(options.autoVerify, 'autoVerify'),
    userAuth: optionalBoolean(options.userAuth, 'userAuth') ?? false,
    preventUserExistenceErrors: optionalBoolean(options.preventUserExistenceErrors, 'preventUserExistenceErrors') ?? false,
    threatProtection: readThreatProtection(options.threatProtection),
    webAuthn: readWebAuthn(options.webAuthn),
    users,
  }
}

function checkTarget(target: unknown): asserts target is SeedTarget {
  if (!isRecord(target)) return fail('the first argument must be the server (a LocalCognito, or { endpoint, region })')
  let url: URL | undefined
  try {
    url = typeof target.endpoint === 'string' ? new URL(target.endpoint) : undefined
  } catch {
    url = undefined
  }
  if (!url || !/^https?:$/.test(url.protocol)) fail(`endpoint must be an http(s) URL, not ${JSON.stringify(target.endpoint)}`)
  if (typeof target.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(target.region)) {
    fail(`region must look like us-east-1, not ${JSON.stringify(target.region)}`)
  }
  const clock = target.clock as { now?: unknown } | undefined
  if (clock !== undefined && (!isRecord(clock) || typeof clock.now !== 'function')) fail('clock must have a now() method')
}

/**
 * Creates a user pool, an app client and users on a running local server in one call, through the
 * real API over HTTP (the AWS SDK v3 client, signed with dummy credentials), and returns what an app
 * needs to sign in. The pool can require MFA (`mfa`), with users enrolled in TOTP (`enrolTotp`, their
 * secrets returned), track devices (`devices`), hold the trust map (`trustAttribute`), send sign-up
 * codes (`autoVerify`), score sign-ins (`threatProtection`) and take passkeys (`webAuthn`); the client can have a secret
 * (`clientSecret`), allow the sign-in after a sign-up's code (`userAuth`) and hide which users exist
 * (`preventUserExistenceErrors`). The client allows SRP sign-in and refresh.
 *
 * TOTP enrolment signs each user in once (with SRP, before MFA is turned on) and signs them out
 * everywhere; that sign-in confirms no device, so users start with no devices.
 *
 * @param server - the running server: a {@link LocalCognito}, or its `{ endpoint, region }`
 * @param options - what to create; see {@link SeedPoolOptions} for the defaults
 * @returns the region, endpoint, pool and client ids, the client secret if any, and the users with their passwords and TOTP secrets
 * @throws TypeError when an option is malformed (an unknown option, a repeated username, TOTP on a pool with MFA off…)
 * @example
 * ```ts
 * import { createAuthClient } from 'cognito-auth-machine'
 * import { seedPool, startLocalCognito, totp } from 'cognito-auth-machine/testing'
 *
 * const cognito = await startLocalCognito()
 * const pool = await seedPool(cognito, {
 *   mfa: 'ON',
 *   enrolTotp: true,
 *   devices: { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true },
 *   users: [{ username: 'ana', password: 'Correct-Horse-9' }],
 * })
 * const client = createAuthClient({ ...pool, clock: cognito.clock })
 * const ana = pool.users[0]!
 * await client.signIn({ username: ana.username, password: ana.password }) // asks for a TOTP code
 * await client.submitCode(totp(ana.totpSecret!, cognito.clock.now()))
 * ```
 */
export async function seedPool(server: SeedTarget, options: SeedPoolOptions = {}): Promise<SeededPool> {
  checkTarget(server)
  const spec = readSeedOptions(options)
  const now = () => (server.clock ? server.clock.now() : Date.now())
  const sdk = new CognitoIdentityProviderClient({
    endpoint: server.endpoint,
    region: server.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  })
  try {
    const userPoolId = await createPool(sdk, spec)
    const app: SeedApp = { sdk, userPoolId, ...(await createClient(sdk, userPoolId, spec)) }
    const users: SeededUser[] = []
    for (const user of spec.users) {
      await createUser(sdk, userPoolId, user)
      const totpSecret = user.enrolTotp ? await enrolTotp(app, user, now) : undefined
      const { username, password, temporary, attributes } = user
      users.push({ username, password, temporary, attributes, ...(totpSecret ? { totpSecret } : {}) })
    }
    await configureMfa(sdk, userPoolId, spec)
    return {
      region: server.region,
      endpoint: server.endpoint,
      userPoolId,
      clientId: app.clientId,
      ...(app.clientSecret ? { clientSecret: app.clientSecret } : {}),
      ...(spec.trustAttribute ? { trustAttribute: TRUST_ATTRIBUTE } : {}),
      users,
    }
  } finally {
    sdk.destroy()
  }
}
