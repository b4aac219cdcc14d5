import {
  AdminListUserAuthEventsCommand,
  AdminUpdateAuthEventFeedbackCommand,
  type AuthEventType,
} from '@aws-sdk/client-cognito-identity-provider'
import { AuthError } from '../errors'
import { adminClient } from './adminClient'
import type { AdminUserInput } from './adminDevices'
import { adminSend } from './adminSend'

/** One auth event of a user (threat protection's history), as a plain object; dates in epoch ms. */
export interface AuthEvent {
  /** Cognito's `EventId`: what {@link adminUpdateAuthEventFeedback} takes. */
  eventId: string
  /** `SignIn`, `SignUp`, `ForgotPassword`, `PasswordChange` or `ResendCode`. */
  type: string | undefined
  /** When it happened (epoch ms). */
  createdAt: number | undefined
  /** `Pass`, `Fail` or `InProgress`. */
  response: string | undefined
  /** Cognito's risk assessment. */
  risk: {
    /** `NoRisk`, `AccountTakeover` or `Block`. */
    decision: string | undefined
    /** `Low`, `Medium` or `High`. */
    level: string | undefined
    /** Whether the password was found among compromised credentials. */
    compromisedCredentialsDetected: boolean
  }
  /** The answers given, in order: `{ name: 'Password' | 'Mfa', response: 'Success' | 'Failure' }`. */
  challenges: { name: string | undefined; response: string | undefined }[]
  /** Where the request came from, as far as Cognito tells. */
  context: { ipAddress?: string; deviceName?: string; timezone?: string; city?: string; country?: string }
  /** The feedback given on the event, if any (`value` `Valid` or `Invalid`, `at` in epoch ms). */
  feedback: { value: string | undefined; provider: string | undefined; at: number | undefined } | undefined
}

/** Input of {@link adminListUserAuthEvents}. */
export interface AdminAuthEventsInput extends AdminUserInput {
  /** Events a page, 1 to 60; Cognito's default (0 or unset) is 60. */
  maxResults?: number
  /** The `nextToken` of the page before. */
  nextToken?: string
}

/** One page of {@link adminListUserAuthEvents}. */
export interface AuthEventPage {
  /** The events, newest first. */
  events: AuthEvent[]
  /** Pass it back for the next page; `undefined` on the last. */
  nextToken: string | undefined
}

const epochMs = (date: Date | undefined): number | undefined => (date === undefined ? undefined : date.getTime())

/** An AuthEventType as a plain {@link AuthEvent}. @internal */
function parseAuthEvent(event: AuthEventType): AuthEvent {
  const context = event.EventContextData ?? {}
  const feedback = event.EventFeedback
  return {
    eventId: event.EventId ?? '',
    type: event.EventType,
    createdAt: epochMs(event.CreationDate),
    response: event.EventResponse,
    risk: {
      decision: event.EventRisk?.RiskDecision,
      level: event.EventRisk?.RiskLevel,
      compromisedCredentialsDetected: event.EventRisk?.CompromisedCredentialsDetected ?? false,
    },
    challenges: (event.ChallengeResponses ?? []).map((c) => ({ name: c.ChallengeName, response: c.ChallengeResponse })),
    context: {
      ...(context.IpAddress === undefined ? {} : { ipAddress: context.IpAddress }),
      ...(context.DeviceName === undefined ? {} : { deviceName: context.DeviceName }),
      ...(context.Timezone === undefined ? {} : { timezone: context.Timezone }),
      ...(context.City === undefined ? {} : { city: context.City }),
      ...(context.Country === undefined ? {} : { country: context.Country }),
    },
    feedback: feedback && { value: feedback.FeedbackValue, provider: feedback.Provider, at: epochMs(feedback.FeedbackDate) },
  }
}

/**
 * One page of a user's auth events (sign-ins, sign-ups, password resets…), newest first, with Cognito's
 * risk assessment of each. Needs threat protection on the pool (`UserPoolAddOns.AdvancedSecurityMode`
 * `AUDIT` or `ENFORCED`) and IAM permission `cognito-idp:AdminListUserAuthEvents`.
 *
 * @param input - pool, user, connection, and `maxResults` / `nextToken` for paging
 * @returns the events and the `nextToken` of the next page (`undefined` on the last)
 * @throws {@link AuthError} e.g. `USER_NOT_FOUND`, `NOT_AUTHORIZED`; without threat protection
 * `USER_POOL_ADD_ON_NOT_ENABLED`
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminListUserAuthEvents.html
 * @example
 * ```ts
 * import { adminListUserAuthEvents } from 'cognito-auth-machine/admin'
 *
 * const { events, nextToken } = await adminListUserAuthEvents({ userPoolId: 'eu-west-1_AbCdEf123', username: 'alice', region: 'eu-west-1', maxResults: 10 })
 * const risky = events.filter((e) => e.risk.decision === 'AccountTakeover')
 * if (nextToken) await adminListUserAuthEvents({ userPoolId: 'eu-west-1_AbCdEf123', username: 'alice', region: 'eu-west-1', nextToken })
 * ```
 */
export async function adminListUserAuthEvents(input: AdminAuthEventsInput): Promise<AuthEventPage> {
  const client = adminClient(input)
  const request = { UserPoolId: input.userPoolId, Username: input.username, MaxResults: input.maxResults, NextToken: input.nextToken }
  const page = await adminSend(
    'AdminListUserAuthEvents',
    () => client.send(new AdminListUserAuthEventsCommand(request)),
    input.retry,
    input.counter,
  )
  return { events: (page.AuthEvents ?? []).map(parseAuthEvent), nextToken: page.NextToken || undefined }
}

/**
 * Every auth event of a user, newest first, as an async iterator that fetches the next page
 * ({@link adminListUserAuthEvents}, `maxResults` a page, 60 by default) only when the events of this one
 * have been taken. Stop early with `break`.
 *
 * @param input - pool, user, connection, and `maxResults` as the page size
 * @throws {@link AuthError} as {@link adminListUserAuthEvents}, from the page that failed
 * @example
 * ```ts
 * import { iterateUserAuthEvents } from 'cognito-auth-machine/admin'
 *
 * for await (const event of iterateUserAuthEvents({ userPoolId: 'eu-west-1_AbCdEf123', username: 'alice', region: 'eu-west-1' })) {
 *   if (event.response === 'Fail') console.log(new Date(event.createdAt ?? 0), event.context.ipAddress)
 * }
 * ```
 */
export async function* iterateUserAuthEvents(input: Omit<AdminAuthEventsInput, 'nextToken'>): AsyncGenerator<AuthEvent> {
  let nextToken: string | undefined
  do {
    const page = await adminListUserAuthEvents({ ...input, ...(nextToken === undefined ? {} : { nextToken }) })
    yield* page.events
    nextToken = page.nextToken
  } while (nextToken)
}

/**
 * Tells Cognito's threat protection whether an event was the user (`'valid'`: the risk it saw was not
 * real) or not (`'invalid'`: it was an attack). Needs threat protection on the pool and IAM permission
 * `cognito-idp:AdminUpdateAuthEventFeedback`.
 *
 * @param input - pool, user, connection, the event's `eventId` and the `feedback`
 * @throws {@link AuthError} `INVALID_INPUT` for another `feedback`; `RESOURCE_NOT_FOUND` for an event the
 * user does not have; `USER_NOT_FOUND`…
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUpdateAuthEventFeedback.html
 * @example
 * ```ts
 * import { adminUpdateAuthEventFeedback } from 'cognito-auth-machine/admin'
 *
 * await adminUpdateAuthEventFeedback({ userPoolId: 'eu-west-1_AbCdEf123', username: 'alice', eventId: 'b1e9c0de-…', feedback: 'invalid', region: 'eu-west-1' })
 * ```
 */
export async function adminUpdateAuthEventFeedback(
  input: AdminUserInput & { eventId: string; feedback: 'valid' | 'invalid' },
): Promise<void> {
  if (input.feedback !== 'valid' && input.feedback !== 'invalid') {
    throw new AuthError('INVALID_INPUT', `feedback must be 'valid' or 'invalid', not ${JSON.stringify(input.feedback)}.`)
  }
  const client = adminClient(input)
  const request = {
    UserPoolId: input.userPoolId,
    Username: input.username,
    EventId: input.eventId,
    FeedbackValue: input.feedback === 'valid' ? ('Valid' as const) : ('Invalid' as const),
  }
  await adminSend(
    'AdminUpdateAuthEventFeedback',
    () => client.send(new AdminUpdateAuthEventFeedbackCommand(request)),
    input.retry,
    input.counter,
  )
}
