import { isIP } from 'node:net'
import { networkInterfaces } from 'node:os'
import type { IncomingHttpHeaders } from 'node:http'
import { CognitoError } from './errors'

/** The header on every answer that says what answered. @internal */
export const TEST_SERVER_HEADER = { name: 'x-local-cognito', value: 'test server, not Amazon Cognito' } as const

/**
 * The operations Amazon Cognito takes without IAM credentials, as the AWS SDK's own model lists them
 * (`smithy.api#noAuth` in the http-auth-scheme provider of @aws-sdk/client-cognito-identity-provider
 * 3.1169.0): the operations an app's users call with a client id, a session or an access token. Every
 * other operation (each Admin* operation, pool and client management, ListUsers, groups…) needs a
 * SigV4-signed request. @internal
 */
const UNSIGNED_OPERATIONS: ReadonlySet<string> = new Set([
  'AssociateSoftwareToken',
  'ChangePassword',
  'CompleteWebAuthnRegistration',
  'ConfirmDevice',
  'ConfirmForgotPassword',
  'ConfirmSignUp',
  'DeleteUser',
  'DeleteUserAttributes',
  'DeleteWebAuthnCredential',
  'ForgetDevice',
  'ForgotPassword',
  'GetDevice',
  'GetTokensFromRefreshToken',
  'GetUser',
  'GetUserAttributeVerificationCode',
  'GetUserAuthFactors',
  'GlobalSignOut',
  'InitiateAuth',
  'ListDevices',
  'ListUserSessions',
  'ListWebAuthnCredentials',
  'ResendConfirmationCode',
  'RespondToAuthChallenge',
  'RevokeToken',
  'RevokeUserSession',
  'SetUserMFAPreference',
  'SetUserSettings',
  'SignUp',
  'StartWebAuthnRegistration',
  'UpdateAuthEventFeedback',
  'UpdateDeviceStatus',
  'UpdateUserAttributes',
  'VerifySoftwareToken',
  'VerifyUserAttribute',
])

/** Whether Cognito wants IAM credentials (a SigV4 signature) for `operation`. @internal */
export function needsSignature(operation: string): boolean {
  return !UNSIGNED_OPERATIONS.has(operation)
}

const incomplete = (message: string) => new CognitoError('IncompleteSignatureException', message)

/** The `Key=value` parameters of a SigV4 `Authorization` header, after the algorithm. */
function signatureParameters(header: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of header.slice('AWS4-HMAC-SHA256 '.length).split(',')) {
    const at = part.indexOf('=')
    if (at > 0) out.set(part.slice(0, at).trim(), part.slice(at + 1).trim())
  }
  return out
}

/** Checks `Credential=<id>/<yyyyMMdd>/<region>/cognito-idp/aws4_request`; returns its date. */
function credentialDate(credential: string | undefined): string {
  if (credential === undefined) throw incomplete("Authorization header requires 'Credential' parameter.")
  const [id, date = '', region = '', service, terminator, ...rest] = credential.split('/')
  const wellFormed = !!id && /^\d{8}$/.test(date) && /^[a-z0-9-]+$/.test(region) && terminator === 'aws4_request'
  if (!wellFormed || rest.length > 0) {
    throw incomplete(`Credential ${credential} is not <access key id>/<yyyyMMdd>/<region>/cognito-idp/aws4_request.`)
  }
  if (service !== 'cognito-idp') throw incomplete(`Credential should be scoped to correct service: 'cognito-idp', not '${service}'.`)
  return date
}

/**
 * Requires what Cognito requires of an IAM-authorised call: an `Authorization: AWS4-HMAC-SHA256
 * Credential=…, SignedHeaders=…, Signature=…` header, well formed and scoped to `cognito-idp`, and an
 * `X-Amz-Date` of the same day. The signature itself is not verified (there is no secret to verify it
 * with): any credentials pass. Unsigned is `MissingAuthenticationTokenException`, malformed is
 * `IncompleteSignatureException`, both HTTP 400 as AWS JSON services answer. @internal
 */
export function requireSignature(headers: IncomingHttpHeaders): void {
  const authorization = headers.authorization
  if (authorization === undefined || authorization.trim() === '') {
    throw new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token')
  }
  if (!authorization.startsWith('AWS4-HMAC-SHA256 ')) {
    throw incomplete('Authorization header must use the AWS4-HMAC-SHA256 algorithm (a SigV4 signature).')
  }
  const params = signatureParameters(authorization)
  const date = credentialDate(params.get('Credential'))
  const signed = params.get('SignedHeaders')
  if (signed === undefined || !/^[a-z0-9-]+(;[a-z0-9-]+)*$/.test(signed) || !signed.split(';').includes('host')) {
    throw incomplete("Authorization header requires 'SignedHeaders' parameter, a ;-separated list that includes host.")
  }
  if (!/^[0-9a-f]{64}$/.test(params.get('Signature') ?? '')) {
    throw incomplete("Authorization header requires 'Signature' parameter, 64 hexadecimal digits.")
  }
  const amzDate = headers['x-amz-date']
  if (typeof amzDate !== 'string' || !/^\d{8}T\d{6}Z$/.test(amzDate)) {
    throw incomplete("Authorization header requires an 'X-Amz-Date' header (yyyyMMddTHHmmssZ).")
  }
  if (amzDate.slice(0, 8) !== date) throw incomplete(`Credential date ${date} does not match X-Amz-Date ${amzDate}.`)
}

/** A host name or address without brackets, port or case. */
function normaliseHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
}

/** Whether `host` (a name or an address, brackets allowed) can only mean this machine: localhost, 127.0.0.0/8 or ::1. @internal */
export function isLoopbackHost(host: string): boolean {
  const name = normaliseHost(host)
  if (name === 'localhost') return true
  if (isIP(name) === 4) return name.startsWith('127.')
  return name === '::1' || name === '0:0:0:0:0:0:0:1' || /^::ffff:127\.\d+\.\d+\.\d+$/.test(name)
}

/** The host name of a `Host` header value (`name`, `name:port`, `[v6]` or `[v6]:port`). */
function hostOfHeader(value: string): string {
  const text = value.trim().toLowerCase()
  const match = /^\[([^\]]*)\](?::\d*)?$/.exec(text) ?? /^([^:]*)(?::\d*)?$/.exec(text)
  return match?.[1] ?? text
}

const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/

/** What the server lets through from browsers and names. @internal */
export interface AccessPolicy {
  /** Whether a `Host` header names this server: a loopback name or address, the bound host, or one listed. */
  hostAllowed(hostHeader: string | undefined): boolean
  /** Whether a browser page of `origin` may read answers (CORS): loopback pages, or origins listed. */
  originAllowed(origin: string): boolean
}

/** The addresses of this machine's interfaces, for a server bound to every interface. */
function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => normaliseHost(i.address)))
}

/** The access policy for a server bound to `host`, with the extra origins and host names its caller allowed. @internal */
export function accessPolicy(options: { host: string; allowedOrigins: readonly string[]; allowedHosts: readonly string[] }): AccessPolicy {
  const bound = normaliseHost(options.host)
  const hosts = new Set([bound, ...options.allowedHosts.map(normaliseHost)])
  if (bound === '0.0.0.0' || bound === '::') for (const address of interfaceAddresses()) hosts.add(address)
  const origins = new Set(options.allowedOrigins)
  return {
    hostAllowed(header) {
      if (header === undefined) return false
      const host = hostOfHeader(header)
      return isLoopbackHost(host) || hosts.has(host)
    },
    originAllowed: (origin) => LOOPBACK_ORIGIN.test(origin.toLowerCase()) || origins.has(origin.toLowerCase()),
  }
}

/** Checks and normalises the origins a caller allows: each must be `scheme://host[:port]`, nothing else. @internal */
export function parseOrigins(origins: unknown, what = 'allowedOrigins'): string[] {
  if (origins === undefined) return []
  if (!Array.isArray(origins)) throw new TypeError(`${what} must be an array of origins such as 'https://app.test:8443'`)
  return origins.map((origin: unknown) => {
    let url: URL | undefined
    try {
      url = typeof origin === 'string' ? new URL(origin) : undefined
    } catch {
      url = undefined
    }
    const bare = url && url.pathname === '/' && !url.search && !url.hash && !url.username && !String(origin).endsWith('/')
    if (!url || !bare || !/^https?:$/.test(url.protocol)) {
      throw new TypeError(`${what}: ${String(origin)} is not an origin; write scheme://host[:port], e.g. 'https://app.test:8443'`)
    }
    return url.origin
  })
}

/** Checks the host names a caller allows in `Host` headers: names or addresses, without scheme, path or port. @internal */
export function parseHosts(hosts: unknown, what = 'allowedHosts'): string[] {
  if (hosts === undefined) return []
  if (!Array.isArray(hosts)) throw new TypeError(`${what} must be an array of host names such as 'devbox.lan'`)
  return hosts.map((host: unknown) => {
    const ok = typeof host === 'string' && (isIP(normaliseHost(host)) !== 0 || /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(host))
    if (!ok) throw new TypeError(`${what}: ${String(host)} is not a host name or address (no scheme, port or path)`)
    return normaliseHost(host)
  })
}

/**
 * Refuses a non-loopback `host` unless `allowRemote` is set, and returns the warning to print when it
 * is (or `undefined` on loopback). @internal
 */
export function remoteBindWarning(host: string, allowRemote: boolean): string | undefined {
  if (isLoopbackHost(host)) return undefined
  if (!allowRemote) {
    throw new TypeError(
      `host ${host} is not a loopback address. This is a test server: its admin operations take any credentials, ` +
        'so anyone who can reach it can read and change its users. Bind it to 127.0.0.1 (the default), or pass ' +
        'allowRemote: true (CLI --allow-remote) if you really mean to expose it.',
    )
  }
  return (
    `[local cognito] WARNING: listening on ${host}, which other machines may reach. This is a test server, not ` +
    'Amazon Cognito: any SigV4 credentials pass, so anyone who can connect can read and change its users and tokens.\n'
  )
}
