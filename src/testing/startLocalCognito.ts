import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClock, type LocalClock } from './clock'
import type { AuthEventLog } from './events'
import { createFaults, type Faults } from './faults'
import { createHandler } from './httpHandler'
import { resolveOptions, type LocalCognitoOptions } from './options'
import { createOutbox, type Outbox } from './outbox'
import { remoteBindWarning, TEST_SERVER_HEADER } from './safety'
import { LocalState } from './store/LocalState'
import { signingKeys } from './tokens/keys'

/** A running local Cognito-compatible server. */
export interface LocalCognito {
  /** The base URL to point clients at, e.g. `http://127.0.0.1:49152/` (always ends in `/`). */
  readonly endpoint: string
  /** The region in pool ids, device keys and token issuers. */
  readonly region: string
  /** The server's clock; `advance(ms)` expires sessions, codes and tokens without waiting. */
  readonly clock: LocalClock
  /** SMS and e-mail messages the server "sent" (MFA codes, verification codes, invitations). */
  readonly outbox: Outbox
  /** Fault injection: named Cognito errors, 5xx, delays and dropped connections. */
  readonly faults: Faults
  /**
   * Auth events (sign-in, sign-up, password reset, resend), with what Cognito keeps to itself: the
   * device key presented or issued and the `UserContextData` each call carried.
   */
  readonly authEvents: AuthEventLog
  /** Stops listening and drops open connections. */
  close(): Promise<void>
}

/**
 * Starts a local test server that speaks Amazon Cognito user pools' AWS JSON 1.1 API on loopback, with
 * SRP verified for users and devices, MFA (TOTP per RFC 6238, SMS and e-mail codes to {@link Outbox}),
 * choice-based sign-in (USER_AUTH: SELECT_CHALLENGE, PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP and WEB_AUTHN, as
 * the pool's `Policies.SignInPolicy.AllowedFirstAuthFactors` allows), device tracking per the pool's
 * DeviceConfiguration, passkeys (registered and verified with the optional peer dependency
 * `@simplewebauthn/server`; see {@link softwareAuthenticator}), RS256 tokens with a JWKS, and sessions that expire on {@link LocalClock}. State lives in memory. Seed it with {@link seedPool}, or through the
 * real API (CreateUserPool, CreateUserPoolClient, AdminCreateUser, AdminSetUserPassword…) with any
 * Cognito client pointed at `endpoint`.
 *
 * It is a test server, and guards itself as one: it binds to loopback unless
 * {@link LocalCognitoOptions.allowRemote} is set (and then warns on stderr); it answers only `Host`
 * headers naming it and CORS requests from loopback pages (or the origins listed in
 * {@link LocalCognitoOptions.allowedOrigins}); the operations Cognito authorises with IAM (every
 * Admin* operation, pool and client management, ListUsers…) need a SigV4-signed request, with any
 * credentials since the signature is not verified; and every answer carries
 * `x-local-cognito: test server, not Amazon Cognito`.
 *
 * @throws TypeError when an option is malformed, or `host` is not loopback and `allowRemote` is not set.
 * It does not imitate: hosted UI/OAuth endpoints, Lambda triggers other than custom auth (see
 * {@link LocalCognitoOptions.customAuth}), passkeys as a second factor, attestation trust, the
 * pricing tiers (every pool has the Essentials features), group IAM roles, identity providers, real risk scoring (see {@link LocalCognitoOptions.risk}),
 * real SMS or e-mail delivery, or the service's rate limits.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/Welcome.html
 * @example
 * ```ts
 * import { CognitoIdentityProviderClient, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider'
 * import { startLocalCognito } from 'cognito-auth-machine/testing'
 *
 * const cognito = await startLocalCognito()
 * const sdk = new CognitoIdentityProviderClient({
 *   endpoint: cognito.endpoint, region: cognito.region,
 *   credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
 * })
 * const { UserPool } = await sdk.send(new CreateUserPoolCommand({ PoolName: 'test' }))
 * // ... CreateUserPoolClient, AdminCreateUser, AdminSetUserPassword, then sign in
 * await cognito.close()
 * ```
 */
export async function startLocalCognito(options: LocalCognitoOptions = {}): Promise<LocalCognito> {
  const resolved = resolveOptions(options)
  const warning = remoteBindWarning(resolved.host, resolved.allowRemote)
  if (warning) process.stderr.write(warning)
  const clock = createClock()
  const outbox = createOutbox()
  const faults = createFaults()
  const state = new LocalState(resolved, clock, outbox, faults, await signingKeys())
  const server: Server = createServer({ keepAliveTimeout: 5_000 }, createHandler(state))
  server.on('clientError', (_error, socket) => {
    const label = `${TEST_SERVER_HEADER.name}: ${TEST_SERVER_HEADER.value}`
    if (socket.writable) socket.end(`HTTP/1.1 400 Bad Request\r\n${label}\r\nConnection: close\r\n\r\n`)
    else socket.destroy()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host
  return {
    endpoint: `http://${host}:${port}/`,
    region: resolved.region,
    clock,
    outbox,
    faults,
    authEvents: state.events,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()))
        server.closeAllConnections()
      }),
  }
}
