// A scripted Cognito for the model layer: each call must be the next one the path expects, and is
// answered as the path requires. SRP is real on both sides: the client's claims are checked with the
// server half of the math, so a wrong password or a wrong device secret is refused as Cognito would.
import { AuthError, fromCognitoError, type CognitoTransport } from '../../src/index'
import { bytesToBigInt, bytesToHex, fromBase64, randomBytes, toBase64 } from '../../src/srp/encoding'
import {
  constantTimeEqual,
  createServerEphemeral,
  createUserVerifier,
  expectedSignature,
  parseClientA,
  type ServerEphemeral,
  type SrpVerifier,
} from '../../src/srp/server'

export const POOL = 'us-east-1_Model1'
export const POOL_NAME = 'Model1'
export const CLIENT = 'modelclient1'
export const USER = { username: 'ana', userId: 'a11a0000-4b1d-4c0e-9d2e-000000000001', password: 'Model-Pa55word!' }
export const RIGHT_CODE = '123456'
export const WRONG_CODE = '654321'
export const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'

/** What Cognito answers once a step is accepted. */
export type Answer =
  { kind: 'challenge'; name: string; parameters?: Record<string, string> } | { kind: 'tokens'; newDevice: boolean } | { kind: 'deviceSrp' }

/** One expected call: its label (operation, with the flow or challenge name) and how to answer it. */
export interface Reply {
  label: string
  respond(input: Record<string, unknown>): unknown | Promise<unknown>
}

interface DeviceVerifierEntry {
  groupKey: string
  verifier: SrpVerifier
}

/** The label of a call: `InitiateAuth:USER_SRP_AUTH`, `RespondToAuthChallenge:MFA_SETUP`, `ConfirmDevice`, ... */
export function labelOf(operation: string, input: Record<string, unknown>): string {
  if (operation === 'InitiateAuth') return `${operation}:${String(input.AuthFlow)}`
  if (operation === 'RespondToAuthChallenge') return `${operation}:${String(input.ChallengeName)}`
  return operation
}

const jwt = (claims: Record<string, unknown>) => `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`

let userVerifier: Promise<SrpVerifier> | undefined

export class ScriptedCognito implements CognitoTransport {
  /** Labels of every call made, in order. */
  readonly calls: string[] = []
  /** Calls still expected. */
  replies: Reply[] = []
  /** A fault to raise instead of answering the call with this index. */
  fault: { index: number; error: () => AuthError; after?: (label: string) => Reply[] } | null = null
  /** Called at each call, before answering (the driver checks the persisted snapshot there). */
  onCall: ((label: string) => void) | null = null
  /** Device verifiers Cognito knows, by device key. */
  readonly devices = new Map<string, DeviceVerifierEntry>()
  /** Device keys Cognito has issued or forgotten. */
  readonly forgotten = new Set<string>()
  private pending: { A: bigint; server: ServerEphemeral; v: bigint; prefix: string; id: string; block: Uint8Array } | null = null
  private issued: { deviceKey: string; groupKey: string } | null = null
  private sessionCount = 0

  async send(operation: string, input: unknown): Promise<never> {
    const body = input as Record<string, unknown>
    const label = labelOf(operation, body)
    const index = this.calls.push(label) - 1
    this.onCall?.(label)
    if (this.fault?.index === index) {
      if (this.fault.after) this.replies = this.fault.after(label)
      throw this.fault.error()
    }
    const reply = this.replies.shift()
    if (!reply) throw new Error(`unscripted call ${label}`)
    if (reply.label !== label) throw new Error(`expected ${reply.label}, got ${label}`)
    return (await reply.respond(body)) as never
  }

  /** Registers a device Cognito already knows (a path that starts with a remembered device). */
  knowDevice(deviceKey: string, groupKey: string, passwordVerifier: string, salt: string): void {
    const verifier = { v: bytesToBigInt(fromBase64(passwordVerifier, 'verifier')), saltBytes: fromBase64(salt, 'salt') }
    this.devices.set(deviceKey, { groupKey, verifier })
  }

  private session(): string {
    return `session-${++this.sessionCount}`
  }

  private async answer(next: Answer, deviceKey: string | null): Promise<unknown> {
    if (next.kind === 'challenge') return { ChallengeName: next.name, Session: this.session(), ChallengeParameters: next.parameters ?? {} }
    if (next.kind === 'deviceSrp')
      return { ChallengeName: 'DEVICE_SRP_AUTH', Session: this.session(), ChallengeParameters: { USERNAME: USER.userId } }
    const key = next.newDevice ? `us-east-1_${crypto.randomUUID()}` : deviceKey
    if (next.newDevice) this.issued = { deviceKey: key!, groupKey: `-grp${bytesToHex(randomBytes(4))}` }
    const claims = { username: USER.userId, sub: USER.userId, token_use: 'access', ...(key ? { device_key: key } : {}) }
    return {
      AuthenticationResult: {
        AccessToken: jwt(claims),
        IdToken: jwt({ sub: USER.userId, 'cognito:username': USER.userId, token_use: 'id' }),
        RefreshToken: `refresh-${this.sessionCount}`,
        ExpiresIn: 3600,
        TokenType: 'Bearer',
        ...(next.newDevice ? { NewDeviceMetadata: { DeviceKey: key, DeviceGroupKey: this.issued!.groupKey } } : {}),
      },
    }
  }

  private async challengeFor(verifier: SrpVerifier, srpA: string, prefix: string, id: string) {
    const server = createServerEphemeral(verifier.v)
    const block = randomBytes(48)
    this.pending = { A: parseClientA(srpA), server, v: verifier.v, prefix, id, block }
    return { SRP_B: server.srpB, SALT: bytesToHex(verifier.saltBytes), SECRET_BLOCK: toBase64(block) }
  }

  private async verifyClaim(responses: Record<string, string>): Promise<void> {
    const p = this.pending
    this.pending = null
    if (!p) throw new Error('no SRP exchange in progress')
    if (responses.PASSWORD_CLAIM_SECRET_BLOCK !== toBase64(p.block))
      throw fromCognitoError('NotAuthorizedException', 'Incorrect username or password.', 400)
    const expected = await expectedSignature({
      A: p.A,
      server: p.server,
      v: p.v,
      prefix: p.prefix,
      id: p.id,
      secretBlock: p.block,
      timestamp: responses.TIMESTAMP ?? '',
    })
    if (!constantTimeEqual(expected, responses.PASSWORD_CLAIM_SIGNATURE ?? '')) {
      throw fromCognitoError('NotAuthorizedException', 'Incorrect username or password.', 400)
    }
  }

  // ---- reply builders ----

  /** InitiateAuth(USER_SRP_AUTH or CUSTOM_AUTH with SRP_A) answered with PASSWORD_VERIFIER. */
  srpStart(flow: string, expectKey: string | null): Reply {
    return {
      label: `InitiateAuth:${flow}`,
      respond: async (input) => {
        const params = input.AuthParameters as Record<string, string>
        expectEqual(params.USERNAME, USER.username, 'USERNAME')
        expectEqual(params.DEVICE_KEY, expectKey ?? undefined, 'DEVICE_KEY in InitiateAuth')
        if (expectKey && !this.devices.has(expectKey)) throw fromCognitoError('ResourceNotFoundException', 'Device does not exist.', 400)
        userVerifier ??= createUserVerifier(POOL_NAME, USER.userId, USER.password)
        const params2 = await this.challengeFor(await userVerifier, params.SRP_A ?? '', POOL_NAME, USER.userId)
        return {
          ChallengeName: 'PASSWORD_VERIFIER',
          Session: this.session(),
          ChallengeParameters: { ...params2, USERNAME: USER.userId, USER_ID_FOR_SRP: USER.userId },
        }
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
        await this.verifyClaim(r)
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
          const params = await this.challengeFor(known.verifier, r.SRP_A ?? '', known.groupKey, deviceKey)
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
          await this.verifyClaim(r)
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

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (actual !== expected) throw new Error(`${what}: got ${String(actual)}, expected ${String(expected)}`)
}
