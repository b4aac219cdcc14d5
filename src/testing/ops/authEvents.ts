import { errors } from '../errors'
import { advancedSecurityMode, type LocalAuthEvent } from '../events'
import type { Input } from '../input'
import type { LocalState } from '../store/LocalState'
import type { User, UserPool } from '../store/types'
import { seconds, type Operation } from './types'

/** The event types AdminListUserAuthEvents lists (the others are kept for tests only). */
const LISTED = new Set(['SignIn', 'SignUp', 'ForgotPassword', 'ResendCode'])

/** The pool, its threat protection on (else `UserPoolAddOnNotEnabledException`), and the user. */
function poolUser(state: LocalState, input: Input): { pool: UserPool; user: User } {
  const pool = state.pool(input.req('UserPoolId', 55))
  if (advancedSecurityMode(pool) === 'OFF') {
    throw errors.make('UserPoolAddOnNotEnabledException', 'Threat protection (advanced security) is not enabled for this user pool.')
  }
  return { pool, user: state.requireUser(pool, input.req('Username', 128)) }
}

/** The user's listed events, newest first. */
function eventsOf(state: LocalState, pool: UserPool, user: User): LocalAuthEvent[] {
  return state.events.events.filter((e) => e.poolId === pool.id && e.sub === user.sub && LISTED.has(e.eventType)).reverse()
}

/** An event as Cognito's AuthEventType. @internal */
function authEventType(event: LocalAuthEvent): Record<string, unknown> {
  return {
    EventId: event.eventId,
    EventType: event.eventType,
    CreationDate: seconds(event.createdAt),
    EventResponse: event.response,
    EventRisk: { RiskDecision: event.riskDecision, RiskLevel: event.riskLevel, CompromisedCredentialsDetected: false },
    ChallengeResponses: event.challenges.map((c) => ({ ChallengeName: c.name, ChallengeResponse: c.response })),
    EventContextData: { IpAddress: event.ipAddress, DeviceName: event.deviceName },
    ...(event.feedback
      ? { EventFeedback: { FeedbackValue: event.feedback.value, Provider: 'Admin', FeedbackDate: seconds(event.feedback.at) } }
      : {}),
  }
}

/** The position a NextToken stands for, or `InvalidParameterException`. */
function readNextToken(token: string | undefined, events: LocalAuthEvent[]): number {
  if (token === undefined) return 0
  let after: unknown
  try {
    after = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown }).after
  } catch {
    after = undefined
  }
  const index = events.findIndex((e) => e.eventId === after)
  if (index < 0) throw errors.invalidParameter('Invalid NextToken.')
  return index + 1
}

/**
 * AdminListUserAuthEvents: the user's sign-in, sign-up, password-reset and resend events, newest
 * first, `MaxResults` (1–60; 0 or absent = 60) a page, with a `NextToken` while more remain. Needs
 * threat protection (AUDIT or ENFORCED). @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminListUserAuthEvents.html @internal
 */
export const AdminListUserAuthEvents: Operation = ({ state }, input) => {
  const max = input.int('MaxResults', 0, 60) || 60
  const token = input.str('NextToken', 4096)
  const { pool, user } = poolUser(state, input)
  const events = eventsOf(state, pool, user)
  const start = readNextToken(token, events)
  const page = events.slice(start, start + max)
  const last = page.at(-1)
  const more = last !== undefined && start + page.length < events.length
  return {
    AuthEvents: page.map(authEventType),
    ...(more ? { NextToken: Buffer.from(JSON.stringify({ after: last.eventId })).toString('base64url') } : {}),
  }
}

/**
 * AdminUpdateAuthEventFeedback: marks one of the user's events `Valid` or `Invalid` (provider `Admin`).
 * An unknown event is `ResourceNotFoundException`. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUpdateAuthEventFeedback.html @internal
 */
export const AdminUpdateAuthEventFeedback: Operation = ({ state }, input) => {
  const eventId = input.req('EventId', 50)
  const value = input.oneOf('FeedbackValue', ['Valid', 'Invalid'] as const, true)
  const { pool, user } = poolUser(state, input)
  const event = state.events.byId(eventId)
  if (!event || event.poolId !== pool.id || event.sub !== user.sub || !LISTED.has(event.eventType)) {
    throw errors.resourceNotFound('Auth event not found.')
  }
  event.feedback = { value, at: state.clock.now() }
  return {}
}
