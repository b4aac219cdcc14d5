import { isIP } from 'node:net'
import { errors } from './errors'
import { ids } from './ids'
import type { Input } from './input'
import type { OpContext } from './ops/types'
import type { LocalState } from './store/LocalState'
import type { AppClient, SignInProgress, User, UserPool } from './store/types'

/** The `UserContextData` a call carried (threat protection's request context). */
export interface ContextData {
  /** `UserContextData.IpAddress`, when given. */
  ipAddress?: string
  /** `UserContextData.EncodedData` (the fingerprint Cognito's script or SDK makes), when given. */
  encodedData?: string
}

/** What the `risk` option of startLocalCognito is asked about: one sign-in whose first factor has passed. */
export interface RiskAttempt {
  /** The user pool. */
  poolId: string
  /** The user's internal user name. */
  username: string
  /** The DEVICE_KEY the sign-in goes on with (a confirmed device of the user), if any. */
  deviceKey: string | undefined
  /** The `UserContextData` of the sign-in's latest call that carried one. */
  contextData: ContextData | undefined
}

/**
 * What a recorded event is about. The first four are Cognito's `EventType`s, listed by
 * AdminListUserAuthEvents; `ConfirmSignUp` and `ConfirmForgotPassword` are kept for tests only (they
 * record the request context those calls carried) and are never listed.
 */
export type LocalAuthEventType = 'SignIn' | 'SignUp' | 'ForgotPassword' | 'ResendCode' | 'ConfirmSignUp' | 'ConfirmForgotPassword'

/** One auth event as the server recorded it: Cognito's AuthEventType plus what Cognito does not return. */
export interface LocalAuthEvent {
  /** Cognito's `EventId`. */
  readonly eventId: string
  /** The user pool. */
  readonly poolId: string
  /** The user's internal user name. */
  readonly username: string
  /** The user's `sub`. */
  readonly sub: string
  /** Cognito's `EventType` (or a test-only type, see {@link LocalAuthEventType}). */
  readonly eventType: LocalAuthEventType
  /** `CreationDate`, on the server's clock (epoch ms). */
  readonly createdAt: number
  /** `EventResponse`: a sign-in is `InProgress` until it ends in tokens (`Pass`) or a wrong answer (`Fail`). */
  readonly response: 'Pass' | 'Fail' | 'InProgress'
  /** `EventRisk.RiskDecision`: `AccountTakeover` when the `risk` option said `'high'`. */
  readonly riskDecision: 'NoRisk' | 'AccountTakeover'
  /** `EventRisk.RiskLevel`. */
  readonly riskLevel: 'Low' | 'High'
  /**
   * `ChallengeResponses`, in the order answered: the first factor (a password, or the code of a USER_AUTH
   * EMAIL_OTP / SMS_OTP sign-in) as `Password`, an MFA code as `Mfa`.
   */
  readonly challenges: readonly { readonly name: 'Password' | 'Mfa'; readonly response: 'Success' | 'Failure' }[]
  /** `EventContextData.IpAddress`: `UserContextData.IpAddress` where Cognito honours it, else the caller's address. */
  readonly ipAddress: string
  /** `EventContextData.DeviceName`: the caller's User-Agent. */
  readonly deviceName: string
  /** `EventFeedback`, once AdminUpdateAuthEventFeedback gave it (`at` in epoch ms). */
  readonly feedback: { readonly value: 'Valid' | 'Invalid'; readonly at: number } | undefined
  /** Not returned by Cognito: the DEVICE_KEY the sign-in went on with (a confirmed device), if any. */
  readonly deviceKeyPresented: string | undefined
  /**
   * Not returned by Cognito: every DEVICE_KEY the sign-in's requests carried (InitiateAuth's, then each answer's), in
   * order, whether the server went on with it or, on a path the `devices.userAuthIgnoresKeyOn` option names,
   * disregarded it: what the client presented, beside what the server used (`deviceKeyPresented`).
   */
  readonly deviceKeysSent: readonly string[]
  /** Not returned by Cognito: the key of the NewDeviceMetadata the sign-in issued, if any. */
  readonly deviceKeyIssued: string | undefined
  /** Not returned by Cognito: the `UserContextData` the calls carried (undefined when none did). */
  readonly contextData: ContextData | undefined
}

/**
 * Every auth event the server recorded, with the request context and device keys Cognito keeps to
 * itself. Events are recorded whatever the pool's threat protection; AdminListUserAuthEvents lists them
 * only for pools whose `UserPoolAddOns.AdvancedSecurityMode` is `AUDIT` or `ENFORCED`.
 */
export interface AuthEventLog {
  /** Every event so far, oldest first. */
  readonly events: readonly LocalAuthEvent[]
  /** A user's events (by internal user name), oldest first. */
  forUser(username: string): LocalAuthEvent[]
  /** A user's newest event, or `undefined`. */
  last(username: string): LocalAuthEvent | undefined
  /** Forgets every event (AdminListUserAuthEvents then lists none). */
  clear(): void
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }
type Challenge = LocalAuthEvent['challenges'][number]

/** The log plus the server's way in. @internal */
export interface WritableAuthEventLog extends AuthEventLog {
  add(event: LocalAuthEvent): void
  byId(eventId: string): Mutable<LocalAuthEvent> | undefined
}

/** An empty log. @internal */
export function createAuthEventLog(): WritableAuthEventLog {
  const events: Mutable<LocalAuthEvent>[] = []
  return {
    events,
    forUser: (username) => events.filter((e) => e.username === username),
    last: (username) => [...events].reverse().find((e) => e.username === username),
    clear() {
      events.length = 0
    },
    add(event) {
      events.push({ ...event, challenges: [...event.challenges] })
    },
    byId: (eventId) => events.find((e) => e.eventId === eventId),
  }
}

/** `UserContextData`, checked: an object of strings, `IpAddress` an IPv4 or IPv6 address. @internal */
export function readContextData(input: Input): ContextData | undefined {
  const data = input.obj('UserContextData')
  if (!data) return undefined
  const ipAddress = data.str('IpAddress', 45)
  const encodedData = data.str('EncodedData', 65_536)
  if (ipAddress !== undefined && isIP(ipAddress) === 0) throw errors.invalidParameter('UserContextData.IpAddress is not an IP address.')
  return { ...(ipAddress === undefined ? {} : { ipAddress }), ...(encodedData === undefined ? {} : { encodedData }) }
}

/** The address an event shows: `UserContextData.IpAddress` only from a secret client that propagates it, as Cognito honours it. */
function eventIp(ctx: OpContext, client: AppClient, contextData: ContextData | undefined): string {
  const propagates = client.secret !== undefined && client.extra.EnablePropagateAdditionalUserContextData === true
  return (propagates ? contextData?.ipAddress : undefined) ?? ctx.ip
}

/** Records an event of a user and returns its id. @internal */
export function recordEvent(
  ctx: OpContext,
  at: { pool: UserPool; client: AppClient; user: User },
  eventType: LocalAuthEventType,
  contextData: ContextData | undefined,
  response: LocalAuthEvent['response'] = 'Pass',
  sentKey?: string,
): string {
  const eventId = ids.uuid()
  ctx.state.events.add({
    eventId,
    poolId: at.pool.id,
    username: at.user.username,
    sub: at.user.sub,
    eventType,
    createdAt: ctx.state.clock.now(),
    response,
    riskDecision: 'NoRisk',
    riskLevel: 'Low',
    challenges: [],
    ipAddress: eventIp(ctx, at.client, contextData),
    deviceName: ctx.userAgent.slice(0, 256),
    feedback: undefined,
    deviceKeyPresented: undefined,
    deviceKeysSent: sentKey === undefined ? [] : [sentKey],
    deviceKeyIssued: undefined,
    contextData,
  })
  return eventId
}

/** Notes an answer on a sign-in's event; a wrong one makes the event `Fail`. @internal */
export function noteChallenge(state: LocalState, progress: SignInProgress, name: Challenge['name'], ok: boolean): void {
  const event = progress.eventId === undefined ? undefined : state.events.byId(progress.eventId)
  if (!event) return
  event.challenges = [...event.challenges, { name, response: ok ? 'Success' : 'Failure' }]
  event.response = ok ? event.response : 'Fail'
  event.deviceKeyPresented = progress.deviceKey ?? event.deviceKeyPresented
}

/** Notes the DEVICE_KEY an answer of a sign-in carried, if any, on its event. @internal */
export function noteKeySent(state: LocalState, progress: SignInProgress, key: string | undefined): void {
  const event = key === undefined || progress.eventId === undefined ? undefined : state.events.byId(progress.eventId)
  if (event) event.deviceKeysSent = [...event.deviceKeysSent, key as string]
}

/** Keeps the `UserContextData` of a sign-in step (the latest one wins) on the progress and the event. @internal */
export function noteContext(ctx: OpContext, progress: SignInProgress, contextData: ContextData | undefined): void {
  if (contextData === undefined) return
  progress.contextData = contextData
  const event = progress.eventId === undefined ? undefined : ctx.state.events.byId(progress.eventId)
  if (event) event.contextData = contextData
}

/** Ends a sign-in's event in tokens: `Pass`, with its risk and device keys. @internal */
export function closeSignInEvent(ctx: OpContext, progress: SignInProgress, issuedKey: string | undefined): void {
  const event = progress.eventId === undefined ? undefined : ctx.state.events.byId(progress.eventId)
  if (!event) return
  event.response = 'Pass'
  event.deviceKeyPresented = issuedKey === undefined ? progress.deviceKey : undefined
  event.deviceKeyIssued = issuedKey
}

/**
 * The sign-in's risk, asked of the `risk` option once (then kept in the progress) and written to its
 * event. @internal
 */
export function assessRisk(ctx: OpContext, progress: SignInProgress): 'low' | 'high' {
  if (progress.risk === undefined) {
    const rule = ctx.state.options.risk
    const said = rule?.({
      poolId: progress.poolId,
      username: progress.username,
      deviceKey: progress.deviceKey,
      contextData: progress.contextData,
    })
    progress.risk = said === 'high' ? 'high' : 'low'
    const event = progress.eventId === undefined ? undefined : ctx.state.events.byId(progress.eventId)
    if (event && progress.risk === 'high') Object.assign(event, { riskDecision: 'AccountTakeover', riskLevel: 'High' })
  }
  return progress.risk
}

/** The pool's `UserPoolAddOns.AdvancedSecurityMode` (threat protection); `OFF` unless set. @internal */
export function advancedSecurityMode(pool: UserPool): 'OFF' | 'AUDIT' | 'ENFORCED' {
  const addOns = pool.extra.UserPoolAddOns
  const mode = typeof addOns === 'object' && addOns !== null ? (addOns as Record<string, unknown>).AdvancedSecurityMode : undefined
  return mode === 'AUDIT' || mode === 'ENFORCED' ? mode : 'OFF'
}
