// A scripted Cognito for the model layer: each call must be the next one the path expects, and is
// answered as the path requires. SRP is real on both sides: the client's claims are checked with server
// math written apart from src/srp (./independentSrp.ts, on node:crypto), with the TIMESTAMP's format and
// skew checked, and SECRET_HASH checked on every call when the client has a secret; so a wrong password,
// a wrong device secret or a wrong hash is refused as Cognito would.
import { randomBytes } from 'node:crypto'
import { fromCognitoError, type CognitoTransport, type SendOptions } from '../../src/index'
import type { FaultKind } from './faults'
import { OFFERED } from './fixtures'
import { ServerExchange, secretHashOf, timestampProblem, userVerifier } from './independentSrp'
import { ScriptedPasskey } from './scriptedPasskey'

export const POOL = 'us-east-1_Model1'
export const POOL_NAME = 'Model1'
export const CLIENT = 'modelclient1'
export const USER = { username: 'ana', userId: 'a11a0000-4b1d-4c0e-9d2e-000000000001', password: 'Model-Pa55word!' }
export const RIGHT_CODE = '123456'
export const WRONG_CODE = '654321'
export const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'

/** What Cognito answers once a step is accepted. */
export type Answer =
  | { kind: 'challenge'; name: string; parameters?: Record<string, string> }
  | { kind: 'tokens'; newDevice: boolean; as?: string }
  | { kind: 'deviceSrp' }

/** One expected call: its label (operation, with the flow or challenge name) and how to answer it. */
export interface Reply {
  label: string
  respond(input: Record<string, unknown>): unknown | Promise<unknown>
}

/** A verifier as Cognito keeps it: v and the salt it was made with. */
interface Verifier {
  v: bigint
  salt: bigint
}

interface DeviceVerifierEntry {
  groupKey: string
  verifier: Verifier
}

/** How far a claim's TIMESTAMP may be from the server's clock (the service's tolerance is not documented; a few seconds in practice). */
const TIMESTAMP_SKEW_MS = 5 * 60_000

/** The label of a call: `InitiateAuth:USER_SRP_AUTH`, `RespondToAuthChallenge:MFA_SETUP`, `ConfirmDevice`, ... */
export function labelOf(operation: string, input: Record<string, unknown>): string {
  if (operation === 'InitiateAuth') return `${operation}:${String(input.AuthFlow)}`
  if (operation === 'RespondToAuthChallenge') return `${operation}:${String(input.ChallengeName)}`
  return operation
}

const jwt = (claims: Record<string, unknown>) => `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`

/** The user's verifiers, made once per password (the fixture's, and a password set by a reset). */
const verifiers = new Map<string, Verifier>()
const bigOfBase64 = (text: string) => BigInt(`0x${Buffer.from(text, 'base64').toString('hex') || '0'}`)

/** A fault the scripted Cognito raises at one call: an error, silence, a loop, or a damaged answer. */
export interface ScriptedFault {
  index: number
  kind: FaultKind
  /** The error to throw, for the kinds that are Cognito errors. */
  error?: () => Error
  /** The replies after the fault (a stale device is retried as a new one). */
  after?: (label: string) => Reply[]
}

export class ScriptedCognito implements CognitoTransport {
  /** Labels of every call made, in order. */
  readonly calls: string[] = []
  /** Calls still expected. */
  replies: Reply[] = []
  /** A fault to raise instead of (or on top of) answering the call with this index. */
  fault: ScriptedFault | null = null
  /** Called at each call, before answering (the driver checks the persisted snapshot there). */
  onCall: ((label: string) => void) | null = null
  /** Device verifiers Cognito knows, by device key. */
  readonly devices = new Map<string, DeviceVerifierEntry>()
  /** Device keys Cognito has issued or forgotten. */
  readonly forgotten = new Set<string>()
  /** Set when a damaged-answer fault met a call Cognito refused anyway (nothing to damage). */
  faultInert = false
  /** The user's passkey (USER_AUTH's WEB_AUTHN). */
  readonly passkey = new ScriptedPasskey()
  /** SELECT_CHALLENGE sessions already answered: Cognito takes a session once. */
  readonly spent = new Set<string>()
  private pending: ServerExchange | null = null
  private issued: { deviceKey: string; groupKey: string } | null = null
  private sessionCount = 0

  /**
   * @param now - the client's clock (the server's, for TIMESTAMP skew)
   * @param clientSecret - when set, SECRET_HASH (or ClientSecret) must be right on every call
   */
  constructor(
    private readonly now: () => number = () => Date.now(),
    public clientSecret: string | null = null,
  ) {}

  async send(operation: string, input: unknown, _target?: unknown, options?: SendOptions): Promise<never> {
    const body = input as Record<string, unknown>
    const label = labelOf(operation, body)
    const index = this.calls.push(label) - 1
    this.onCall?.(label)
    const fault = this.fault?.index === index ? this.fault : null
    if (fault?.after) this.replies = fault.after(label)
    if (fault?.error) throw fault.error()
    if (fault?.kind === 'silent') {
      // never answers; gives up only when the client aborts the request
      return new Promise<never>((_, reject) => options?.signal?.addEventListener('abort', () => reject(options.signal?.reason)))
    }
    if (fault?.kind === 'loop') {
      return { ChallengeName: 'DEVICE_SRP_AUTH', Session: this.session(), ChallengeParameters: { USERNAME: USER.userId } } as never
    }
    this.checkSecret(operation, body)
    const reply = this.replies.shift()
    if (!reply) throw new Error(`unscripted call ${label}`)
    if (reply.label !== label) throw new Error(`expected ${reply.label}, got ${label}`)
    const out = await Promise.resolve()
      .then(() => reply.respond(body))
      .catch((error: unknown) => {
        if (fault) this.faultInert = true // Cognito refused the call anyway: there was no answer to damage
        throw error
      })
    return (fault ? damaged(out, fault.kind, label) : out) as never
  }

  /** With a client secret: SECRET_HASH of the answer's USERNAME (the user's id on refresh) on each call, ClientSecret on RevokeToken. */
  private checkSecret(operation: string, body: Record<string, unknown>): void {
    if (!this.clientSecret) return
    if (operation === 'RevokeToken') return expectEqual(body.ClientSecret, this.clientSecret, 'ClientSecret in RevokeToken')
    const params = (body.AuthParameters ?? body.ChallengeResponses) as Record<string, string> | undefined
    if (!params) return
    const username = body.AuthFlow === 'REFRESH_TOKEN_AUTH' ? USER.userId : params.USERNAME
    if (params.SECRET_HASH !== secretHashOf(this.clientSecret, username ?? '', CLIENT)) {
      throw fromCognitoError('NotAuthorizedException', `Client ${CLIENT} is configured with secret but SECRET_HASH was not received`, 400)
    }
  }

  /** Registers a device Cognito already knows (a path that starts with a remembered device). */
  knowDevice(deviceKey: string, groupKey: string, passwordVerifier: string, salt: string): void {
    this.devices.set(deviceKey, { groupKey, verifier: { v: bigOfBase64(passwordVerifier), salt: bigOfBase64(salt) } })
  }

  private session(): string {
    return `session-${++this.sessionCount}`
  }

  private async answer(next: Answer, deviceKey: string | null): Promise<unknown> {
    if (next.kind === 'challenge' && next.name === 'SELECT_CHALLENGE')
      return { ChallengeName: next.name, Session: this.session(), ChallengeParameters: {}, AvailableChallenges: [...OFFERED] }
    if (next.kind === 'challenge' && next.name === 'WEB_AUTHN') {
      const parameters = { CREDENTIAL_REQUEST_OPTIONS: this.passkey.requestOptions(), USERNAME: USER.username }
      return { ChallengeName: next.name, Session: this.session(), ChallengeParameters: parameters }
    }
    if (next.kind === 'challenge') return { ChallengeName: next.name, Session: this.session(), ChallengeParameters: next.parameters ?? {} }
    if (next.kind === 'deviceSrp')
      return { ChallengeName: 'DEVICE_SRP_AUTH', Session: this.session(), ChallengeParameters: { USERNAME: USER.userId } }
    const key = next.newDevice ? `us-east-1_${crypto.randomUUID()}` : deviceKey
    if (next.newDevice) this.issued = { deviceKey: key!, groupKey: `-grp${randomBytes(4).toString('hex')}` }
    const id = next.as ?? USER.userId
    const claims = { username: id, sub: id, token_use: 'access', ...(key ? { device_key: key } : {}) }
    return {
      AuthenticationResult: {
        AccessToken: jwt(claims),
        IdToken: jwt({ sub: id, 'cognito:username': id, token_use: 'id' }),
        RefreshToken: `refresh-${this.sessionCount}`,
        ExpiresIn: 3600,
        TokenType: 'Bearer',
        ...(next.newDevice ? { NewDeviceMetadata: { DeviceKey: key, DeviceGroupKey: this.issued!.groupKey } } : {}),
      },
    }
  }

  private challengeFor(verifier: Verifier, srpA: string, prefix: string, id: string) {
    if (!/^[0-9a-f]+$/i.test(srpA)) throw new Error(`SRP_A ${srpA.slice(0, 20)} is not hex`)
    const exchange = new ServerExchange(BigInt(`0x${srpA}`), verifier.v, prefix, id)
    this.pending = exchange
    return { SRP_B: exchange.B.toString(16), SALT: verifier.salt.toString(16), SECRET_BLOCK: exchange.secretBlock.toString('base64') }
  }

  private verifyClaim(responses: Record<string, string>): void {
    const exchange = this.pending
    this.pending = null
    if (!exchange) throw new Error('no SRP exchange in progress')
    const late = timestampProblem(responses.TIMESTAMP, this.now(), TIMESTAMP_SKEW_MS)
    if (late) throw new Error(late)
    if (
      !exchange.verify(responses.PASSWORD_CLAIM_SIGNATURE ?? '', responses.PASSWORD_CLAIM_SECRET_BLOCK ?? '', responses.TIMESTAMP ?? '')
    ) {
      throw fromCognitoError('NotAuthorizedException', 'Incorrect username or password.', 400)
    }
  }

  // ---- reply builders ----

  /** InitiateAuth(USER_SRP_AUTH or CUSTOM_AUTH with SRP_A) answered with PASSWORD_VERIFIER, for the user whose password is `password`. */
  srpStart(flow: string, expectKey: string | null, password = USER.password): Reply {
    return {
      label: `InitiateAuth:${flow}`,
      respond: async (input) => {
        const params = input.AuthParameters as Record<string, string>
        expectEqual(params.USERNAME, USER.username, 'USERNAME')
        expectEqual(params.DEVICE_KEY, expectKey ?? undefined, 'DEVICE_KEY in InitiateAuth')
        if (expectKey && !this.devices.has(expectKey)) throw fromCognitoError('ResourceNotFoundException', 'Device does not exist.', 400)
        return this.passwordVerifier(params.SRP_A, password)
      },
    }
  }

  /** The PASSWORD_VERIFIER challenge for SRP_A, with the verifier of `password`. */
  private passwordVerifier(srpA: string | undefined, password = USER.password) {
    const verifier = verifiers.get(password) ?? userVerifier(POOL_NAME, USER.userId, password)
    verifiers.set(password, verifier)
    const params = this.challengeFor(verifier, srpA ?? '', POOL_NAME, USER.userId)
    return {
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: this.session(),
      ChallengeParameters: { ...params, USERNAME: USER.userId, USER_ID_FOR_SRP: USER.userId },
    }
  }

  /**
   * InitiateAuth(USER_AUTH) without a session: USERNAME, the presented DEVICE_KEY and PREFERRED_CHALLENGE (none:
   * Cognito lists the factors, SELECT_CHALLENGE), and nothing else but SRP_A for PASSWORD_SRP (answered with
   * PASSWORD_VERIFIER); else `next`.
   */
  userAuthStart(expectKey: string | null, preferred: string | null, next: Answer = { kind: 'challenge', name: 'SELECT_CHALLENGE' }): Reply {
    return {
      label: 'InitiateAuth:USER_AUTH',
      respond: (input) => {
        const params = input.AuthParameters as Record<string, string>
        expectEqual(input.Session, undefined, 'Session in USER_AUTH')
        expectEqual(params.USERNAME, USER.username, 'USERNAME in USER_AUTH')
        expectEqual(params.PREFERRED_CHALLENGE, preferred ?? undefined, 'PREFERRED_CHALLENGE')
        const keys = ['USERNAME', expectKey && 'DEVICE_KEY', preferred && 'PREFERRED_CHALLENGE', preferred === 'PASSWORD_SRP' && 'SRP_A']
        expectEqual(Object.keys(params).sort().join(), keys.filter(Boolean).sort().join(), 'AuthParameters of USER_AUTH')
        expectEqual(params.DEVICE_KEY, expectKey ?? undefined, 'DEVICE_KEY in InitiateAuth')
        if (expectKey && !this.devices.has(expectKey)) throw fromCognitoError('ResourceNotFoundException', 'Device does not exist.', 400)
        return preferred === 'PASSWORD_SRP' ? this.passwordVerifier(params.SRP_A) : this.answer(next, expectKey)
      },
    }
  }

  /**
   * RespondToAuthChallenge(SELECT_CHALLENGE): ANSWER `factor`, with SRP_A for PASSWORD_SRP (answered with
   * PASSWORD_VERIFIER), PASSWORD for PASSWORD (checked), nothing more for the others; then `next`. The session is
   * spent once the factor starts: answering it again is refused as Cognito does.
   */
  choose(factor: string, expectKey: string | null, next: Answer = { kind: 'tokens', newDevice: false }): Reply {
    return {
      label: 'RespondToAuthChallenge:SELECT_CHALLENGE',
      respond: (input) => {
        const r = input.ChallengeResponses as Record<string, string>
        const session = input.Session
        if (typeof session !== 'string') throw new Error('SELECT_CHALLENGE answered without its Session')
        if (this.spent.has(session))
          throw fromCognitoError('NotAuthorizedException', 'Invalid session for the user, session can only be used once.', 400)
        expectEqual(r.ANSWER, factor, 'ANSWER of SELECT_CHALLENGE')
        // the typed name, or the user's id once known (a stored device record names it): Cognito takes either
        if (r.USERNAME !== USER.username && r.USERNAME !== USER.userId) throw new Error(`USERNAME in SELECT_CHALLENGE: ${r.USERNAME}`)
        expectEqual(r.DEVICE_KEY, expectKey ?? undefined, 'DEVICE_KEY in SELECT_CHALLENGE')
        const keys = [
          'ANSWER',
          'USERNAME',
          expectKey && 'DEVICE_KEY',
          factor === 'PASSWORD_SRP' && 'SRP_A',
          factor === 'PASSWORD' && 'PASSWORD',
        ]
        expectEqual(Object.keys(r).sort().join(), keys.filter(Boolean).sort().join(), 'ChallengeResponses of SELECT_CHALLENGE')
        if (factor === 'PASSWORD' && r.PASSWORD !== USER.password)
          throw fromCognitoError('NotAuthorizedException', 'Incorrect username or password.', 400)
        this.spent.add(session)
        return factor === 'PASSWORD_SRP' ? this.passwordVerifier(r.SRP_A) : this.answer(next, expectKey)
      },
    }
  }

  /** RespondToAuthChallenge(WEB_AUTHN): the CREDENTIAL of the last request options, verified; then `next`. */
  webAuthn(expectKey: string | null, next: Answer): Reply {
    return {
      label: 'RespondToAuthChallenge:WEB_AUTHN',
      respond: (input) => {
        const r = input.ChallengeResponses as Record<string, string>
        if (typeof input.Session !== 'string') throw new Error('WEB_AUTHN answered without its Session')
        expectEqual(r.DEVICE_KEY, expectKey ?? undefined, 'DEVICE_KEY in WEB_AUTHN')
        const keys = ['CREDENTIAL', 'USERNAME', expectKey && 'DEVICE_KEY']
        expectEqual(Object.keys(r).sort().join(), keys.filter(Boolean).sort().join(), 'ChallengeResponses of WEB_AUTHN')
        this.passkey.verify(r.CREDENTIAL)
        return this.answer(next, expectKey)
      },
    }
  }

  /** RespondToAuthChallenge(PASSWORD_VERIFIER): the signature is verified, then `next`. */
  srpVerify(expectKey: string | null, next: Answer): Reply {
    return {
      label: 'RespondToAuthChallenge:PASSWORD_VERIFIER',
      respond: async (input) => {
        const r = input.ChallengeResponses as Record<string, string>
        expectEqual(r.USERNAME, USER.userId, 'USERNAME in PASSWORD_VERIFIER')
        expectEqual(r.DEVICE_KEY, expectKey ?? undefined, 'DEVICE_KEY in PASSWORD_VERIFIER')
        this.verifyClaim(r)
        return this.answer(next, expectKey)
      },
    }
  }

  /** InitiateAuth(USER_PASSWORD_AUTH) or plain CUSTOM_AUTH: `next` directly. */
  start(flow: string, expectKey: string | null, next: Answer): Reply {
    return {
      label: `InitiateAuth:${flow}`,
      respond: (input) => {
        const params = input.AuthParameters as Record<string, string>
        expectEqual(params.DEVICE_KEY, expectKey ?? undefined, 'DEVICE_KEY in InitiateAuth')
        if (flow === 'USER_PASSWORD_AUTH' && params.PASSWORD !== USER.password)
          throw fromCognitoError('NotAuthorizedException', 'Incorrect username or password.', 400)
        return this.answer(next, expectKey)
      },
    }
  }

  /**
   * InitiateAuth USER_AUTH with a sign-up's `session` (the auto sign-in): USERNAME alone (and
   * SECRET_HASH), no password; answered with `next`, with a choice of factors (SELECT_CHALLENGE), or
   * refused as by an app client without ALLOW_USER_AUTH.
   */
  userAuth(session: string, next: Answer | 'SELECT_CHALLENGE' | 'refused'): Reply {
    return {
      label: 'InitiateAuth:USER_AUTH',
      respond: (input) => {
        const params = input.AuthParameters as Record<string, string>
        expectEqual(input.Session, session, 'Session in USER_AUTH')
        const keys = Object.keys(params).sort().join()
        expectEqual(keys, this.clientSecret ? 'SECRET_HASH,USERNAME' : 'USERNAME', 'AuthParameters of USER_AUTH')
        expectEqual(params.USERNAME, USER.username, 'USERNAME in USER_AUTH')
        if (next === 'refused') throw fromCognitoError('InvalidParameterException', 'USER_AUTH flow not enabled for this client', 400)
        if (next === 'SELECT_CHALLENGE') {
          const choice = { ChallengeName: 'SELECT_CHALLENGE', Session: this.session(), ChallengeParameters: {} }
          return { ...choice, AvailableChallenges: ['PASSWORD_SRP', 'PASSWORD', 'EMAIL_OTP'] }
        }
        return this.answer(next, null)
      },
    }
  }

  /** RespondToAuthChallenge(name) whose responses must hold `key` = `value`; then `next`. */
  respond(name: string, expect: Record<string, string>, next: Answer, deviceKey: string | null): Reply {
    return {
      label: `RespondToAuthChallenge:${name}`,
      respond: (input) => {
        const r = input.ChallengeResponses as Record<string, string>
        if (typeof input.Session !== 'string') throw new Error(`${name} answered without its Session`)
        expectEqual(r.DEVICE_KEY, deviceKey ?? undefined, `DEVICE_KEY in ${name}`)
        for (const [key, value] of Object.entries(expect)) {
          if (r[key] !== value) {
            if (key.endsWith('_CODE') || key === 'ANSWER')
              throw fromCognitoError('CodeMismatchException', 'Invalid code or auth state for the user.', 400)
            throw new Error(`${name}: ${key} = ${String(r[key])}, expected ${value}`)
          }
        }
        return this.answer(next, deviceKey)
      },
    }
  }

  /** DEVICE_SRP_AUTH then DEVICE_PASSWORD_VERIFIER for a known device; tokens without new metadata. */
  deviceSrp(deviceKey: string): Reply[] {
    return [
      {
        label: 'RespondToAuthChallenge:DEVICE_SRP_AUTH',
        respond: async (input) => {
          const r = input.ChallengeResponses as Record<string, string>
          expectEqual(r.DEVICE_KEY, deviceKey, 'DEVICE_KEY in DEVICE_SRP_AUTH')
          const known = this.devices.get(deviceKey)
          if (!known) throw fromCognitoError('ResourceNotFoundException', 'Device does not exist.', 400)
          const params = this.challengeFor(known.verifier, r.SRP_A ?? '', known.groupKey, deviceKey)
          return {
            ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
            Session: this.session(),
            ChallengeParameters: { ...params, USERNAME: USER.userId, DEVICE_KEY: deviceKey },
          }
        },
      },
      {
        label: 'RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER',
        respond: async (input) => {
          const r = input.ChallengeResponses as Record<string, string>
          expectEqual(r.DEVICE_KEY, deviceKey, 'DEVICE_KEY in DEVICE_PASSWORD_VERIFIER')
          this.verifyClaim(r)
          return this.answer({ kind: 'tokens', newDevice: false }, deviceKey)
        },
      },
    ]
  }

  /** ConfirmDevice for the key just issued; Cognito stores the verifier. */
  confirmDevice(userConfirmationNecessary: boolean): Reply {
    return {
      label: 'ConfirmDevice',
      respond: (input) => {
        const issued = this.issued
        if (!issued || input.DeviceKey !== issued.deviceKey)
          throw fromCognitoError('ResourceNotFoundException', 'Device does not exist.', 400)
        const config = input.DeviceSecretVerifierConfig as { PasswordVerifier: string; Salt: string }
        this.knowDevice(issued.deviceKey, issued.groupKey, config.PasswordVerifier, config.Salt)
        return { UserConfirmationNecessary: userConfirmationNecessary }
      },
    }
  }

  /**
   * GetDevice for the device just authenticated, with the access token of this sign-in (its device_key
   * claim names the device): the device with its attributes when Cognito holds it remembered; "Device
   * does not exist." when it does not (Cognito and the local server answer a not_remembered device so).
   */
  getDevice(deviceKey: string, remembered: boolean): Reply {
    return {
      label: 'GetDevice',
      respond: (input) => {
        expectEqual(input.DeviceKey, deviceKey, 'DeviceKey in GetDevice')
        const payload = String(input.AccessToken).split('.')[1] ?? ''
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString() || '{}') as Record<string, unknown>
        expectEqual(claims.device_key, deviceKey, "the access token's device_key in GetDevice")
        if (!remembered) throw fromCognitoError('ResourceNotFoundException', 'Device does not exist.', 400)
        return {
          Device: {
            DeviceKey: deviceKey,
            DeviceAttributes: [
              { Name: 'device_status', Value: 'valid' },
              { Name: 'dev:device_remembered_status', Value: 'remembered' },
            ],
          },
        }
      },
    }
  }

  /** A call that must name `deviceKey` (when given) and answers `output`. */
  plain(label: string, output: unknown = {}, deviceKey?: string): Reply {
    return {
      label,
      respond: (input) => {
        if (deviceKey !== undefined) expectEqual(input.DeviceKey, deviceKey, `DeviceKey in ${label}`)
        if (label === 'ForgetDevice') this.devices.delete(String(input.DeviceKey))
        return output
      },
    }
  }

  /** The key of the device Cognito issued last. */
  get issuedKey(): string | null {
    return this.issued?.deviceKey ?? null
  }
}

/**
 * An answer damaged as a hostile or broken server would send it: `oversized` makes one field the client
 * reads larger than any real one, `wrongType` gives one the wrong type. Answers the client does not read
 * come back unchanged (the fault does not apply there; see `faultsFor`).
 */
function damaged(out: unknown, kind: FaultKind, label: string): unknown {
  const o = { ...(out as Record<string, unknown>) }
  const big = kind === 'oversized'
  // the account page's: GetUser's attributes (more than any pool has, or an object by name instead of
  // Cognito's list), UpdateUserAttributes' code deliveries (more than one per attribute a change can take, or not a list)
  if (label === 'GetUser') {
    const list = o.UserAttributes as { Name: string; Value: string }[]
    if (big) return { ...o, UserAttributes: Array.from({ length: 201 }, (_, i) => ({ Name: `custom:a${i}`, Value: 'x' })) }
    return { ...o, UserAttributes: Object.fromEntries(list.map((a) => [a.Name, a.Value])) }
  }
  if (label === 'UpdateUserAttributes') {
    const first = (o.CodeDeliveryDetailsList as Record<string, unknown>[] | undefined)?.[0] ?? {
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    }
    return { ...o, CodeDeliveryDetailsList: big ? Array.from({ length: 11 }, () => first) : { evil: true } }
  }
  // the account calls: ConfirmSignUp's Session (added where there was none), a code delivery's
  // Destination, or the Session of a SignUp that confirmed the user at once
  if (label === 'ConfirmSignUp') return { ...o, Session: big ? 's'.repeat(9_000) : 12345 }
  if (o.CodeDeliveryDetails) {
    const details = { ...(o.CodeDeliveryDetails as Record<string, unknown>), Destination: big ? 'x'.repeat(400) : { evil: true } }
    return { ...o, CodeDeliveryDetails: details }
  }
  if ('UserConfirmed' in o) return { ...o, Session: big ? 's'.repeat(9_000) : 12345 }
  if (o.AuthenticationResult) {
    const r = { ...(o.AuthenticationResult as Record<string, unknown>) }
    if (big) r.AccessToken = `${'x'.repeat(70_000)}.e30.c2ln`
    else r.ExpiresIn = '3600'
    return { ...o, AuthenticationResult: r }
  }
  if (o.ChallengeName) {
    const p = { ...(o.ChallengeParameters as Record<string, unknown>) }
    if (big && p.SRP_B) p.SRP_B = 'f'.repeat(2_000)
    else if (big) return { ...o, Session: 's'.repeat(9_000) }
    else p.CODE_DELIVERY_DESTINATION = { evil: true }
    return { ...o, ChallengeParameters: p }
  }
  if ('SecretCode' in o) return { ...o, SecretCode: big ? 'A'.repeat(300) : 12345 }
  if ('Status' in o) return big ? { ...o, Session: 's'.repeat(9_000) } : { ...o, Status: true }
  if ('UserConfirmationNecessary' in o) return { ...o, UserConfirmationNecessary: 'false' }
  if ('Device' in o) {
    // the attributes as an object by name instead of Cognito's list
    const device = o.Device as { DeviceAttributes: { Name: string; Value: string }[] }
    return { Device: { ...device, DeviceAttributes: Object.fromEntries(device.DeviceAttributes.map((a) => [a.Name, a.Value])) } }
  }
  if ('Devices' in o) {
    const one = (o.Devices as unknown[])[0]
    return { ...o, Devices: big ? Array.from({ length: 61 }, () => one) : { [String((one as { DeviceKey?: string }).DeviceKey)]: one } }
  }
  return out
}

export function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (actual !== expected) throw new Error(`${what}: got ${String(actual)}, expected ${String(expected)}`)
}
