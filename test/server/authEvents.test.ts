// Threat protection's auth events: recorded per sign-in (Pass / Fail / InProgress, with the Password and
// Mfa answers), sign-up, password reset and resend; UserContextData checked and kept; listed newest first
// and paged by AdminListUserAuthEvents, marked by AdminUpdateAuthEventFeedback, both refused on a pool
// without threat protection. Through the real AWS SDK client (the Admin calls signed with dummy credentials).
import {
  AdminListUserAuthEventsCommand,
  AdminUpdateAuthEventFeedbackCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
  type AuthEventType,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { failure, PASSWORD, seed, srpSignIn, start, type Harness, type Seeded } from './helpers'

let h: Harness
let s: Seeded
const CONTEXT = { IpAddress: '203.0.113.7', EncodedData: 'fingerprint-1' }
beforeAll(async () => {
  h = await start()
  s = await seed(h.sdk, {
    pool: {
      AutoVerifiedAttributes: ['email'],
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true },
      UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
    },
    users: [
      {
        username: 'ann',
        attributes: [
          { Name: 'email', Value: 'ann@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      },
    ],
  })
})
afterAll(() => h.cognito.close())

const passwordSignIn = (username: string, password: string, UserContextData?: { IpAddress?: string; EncodedData?: string }) =>
  h.sdk.send(
    new InitiateAuthCommand({
      ClientId: s.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
      UserContextData,
    }),
  )
const list = (Username: string, MaxResults?: number, NextToken?: string, UserPoolId = s.poolId) =>
  h.sdk.send(new AdminListUserAuthEventsCommand({ UserPoolId, Username, MaxResults, NextToken }))

describe('auth events', () => {
  it('records a sign-in that passes, with its password answer, the device key issued and the context it carried', async () => {
    const out = await srpSignIn(h.sdk, s, 'ann', { contextData: CONTEXT })
    const issued = out.AuthenticationResult!.NewDeviceMetadata!.DeviceKey
    const event = h.cognito.authEvents.last('ann')!
    expect(event).toMatchObject({
      eventType: 'SignIn',
      response: 'Pass',
      riskDecision: 'NoRisk',
      riskLevel: 'Low',
      challenges: [{ name: 'Password', response: 'Success' }],
      deviceKeyIssued: issued,
      deviceKeyPresented: undefined,
      contextData: { ipAddress: '203.0.113.7', encodedData: 'fingerprint-1' },
      poolId: s.poolId,
    })
    // A client without a secret cannot vouch for the address: the event shows the caller's.
    expect(event.ipAddress).not.toBe('203.0.113.7')
    const [listed] = (await list('ann', 1)).AuthEvents!
    expect(listed).toEqual({
      EventId: event.eventId,
      EventType: 'SignIn',
      CreationDate: expect.any(Date),
      EventResponse: 'Pass',
      EventRisk: { RiskDecision: 'NoRisk', RiskLevel: 'Low', CompromisedCredentialsDetected: false },
      ChallengeResponses: [{ ChallengeName: 'Password', ChallengeResponse: 'Success' }],
      EventContextData: { IpAddress: event.ipAddress, DeviceName: expect.stringContaining('aws-sdk') },
    })
  })

  it('keeps the UserContextData of a challenge answer', async () => {
    await srpSignIn(h.sdk, s, 'ann', { answerContextData: { EncodedData: 'answer-only' } })
    expect(h.cognito.authEvents.last('ann')).toMatchObject({ response: 'Pass', contextData: { encodedData: 'answer-only' } })
  })

  it('records a wrong password as Fail, and a sign-in left at a challenge as InProgress', async () => {
    await failure(passwordSignIn('ann', 'Wrong-passw0rd'))
    expect(h.cognito.authEvents.last('ann')).toMatchObject({ response: 'Fail', challenges: [{ name: 'Password', response: 'Failure' }] })
    const wrongSrp = await failure(srpSignIn(h.sdk, s, 'ann', { password: 'Wrong-passw0rd' }))
    expect(wrongSrp.name).toBe('NotAuthorizedException')
    expect(h.cognito.authEvents.last('ann')).toMatchObject({ response: 'Fail', challenges: [{ name: 'Password', response: 'Failure' }] })
    await h.sdk.send(
      new InitiateAuthCommand({ ClientId: s.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'ann', SRP_A: 'abc123' } }),
    )
    expect(h.cognito.authEvents.last('ann')).toMatchObject({ response: 'InProgress', challenges: [] })
  })

  it('records SignUp, ResendCode and ForgotPassword', async () => {
    await h.sdk.send(
      new SignUpCommand({
        ClientId: s.clientId,
        Username: 'bo',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'bo@example.com' }],
        UserContextData: { EncodedData: 'fp-bo' },
      }),
    )
    await h.sdk.send(new ResendConfirmationCodeCommand({ ClientId: s.clientId, Username: 'bo' }))
    await h.sdk.send(new ForgotPasswordCommand({ ClientId: s.clientId, Username: 'ann', UserContextData: { EncodedData: 'fp-ann' } }))
    expect(h.cognito.authEvents.forUser('bo').map((e) => [e.eventType, e.response, e.contextData])).toEqual([
      ['SignUp', 'Pass', { encodedData: 'fp-bo' }],
      ['ResendCode', 'Pass', undefined],
    ])
    expect(h.cognito.authEvents.last('ann')).toMatchObject({ eventType: 'ForgotPassword', contextData: { encodedData: 'fp-ann' } })
    expect((await list('bo')).AuthEvents!.map((e) => e.EventType)).toEqual(['ResendCode', 'SignUp'])
  })

  it('lists newest first, page by page', async () => {
    for (let i = 0; i < 5; i++) await passwordSignIn('ann', PASSWORD)
    const all = h.cognito.authEvents.forUser('ann').reverse()
    expect(all.length).toBeGreaterThanOrEqual(9)
    const seen: AuthEventType[] = []
    let token: string | undefined
    let pages = 0
    do {
      const page = await list('ann', 2, token)
      expect(page.AuthEvents!.length).toBeLessThanOrEqual(2)
      seen.push(...page.AuthEvents!)
      token = page.NextToken
      pages++
    } while (token)
    expect(pages).toBe(Math.ceil(all.length / 2))
    expect(seen.map((e) => e.EventId)).toEqual(all.map((e) => e.eventId))
    expect((await list('ann', 0)).AuthEvents).toHaveLength(all.length)
    const badToken = await failure(list('ann', 2, 'not-a-token'))
    expect(badToken.name).toBe('InvalidParameterException')
    const tooMany = await failure(list('ann', 61))
    expect(tooMany.name).toBe('InvalidParameterException')
  })

  it('takes feedback on an event and shows it', async () => {
    const event = h.cognito.authEvents.last('ann')!
    await h.sdk.send(
      new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: s.poolId, Username: 'ann', EventId: event.eventId, FeedbackValue: 'Invalid' }),
    )
    const [listed] = (await list('ann', 1)).AuthEvents!
    expect(listed!.EventFeedback).toEqual({ FeedbackValue: 'Invalid', Provider: 'Admin', FeedbackDate: expect.any(Date) })
    expect(h.cognito.authEvents.last('ann')!.feedback).toEqual({ value: 'Invalid', at: expect.any(Number) })
    const other = h.cognito.authEvents.last('bo')!
    const foreign = await failure(
      h.sdk.send(
        new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: s.poolId, Username: 'ann', EventId: other.eventId, FeedbackValue: 'Valid' }),
      ),
    )
    expect(foreign.name).toBe('ResourceNotFoundException')
    const badValue = await failure(
      h.sdk.send(
        new AdminUpdateAuthEventFeedbackCommand({
          UserPoolId: s.poolId,
          Username: 'ann',
          EventId: event.eventId,
          FeedbackValue: 'Maybe' as 'Valid',
        }),
      ),
    )
    expect(badValue.name).toBe('InvalidParameterException')
  })

  it('refuses both operations on a pool without threat protection, and an unknown user', async () => {
    const off = await seed(h.sdk, { users: [{ username: 'cy' }] })
    await srpSignIn(h.sdk, off, 'cy')
    expect(h.cognito.authEvents.last('cy')?.response).toBe('Pass')
    const listing = await failure(list('cy', undefined, undefined, off.poolId))
    expect(listing.name).toBe('UserPoolAddOnNotEnabledException')
    const feedback = await failure(
      h.sdk.send(
        new AdminUpdateAuthEventFeedbackCommand({
          UserPoolId: off.poolId,
          Username: 'cy',
          EventId: h.cognito.authEvents.last('cy')!.eventId,
          FeedbackValue: 'Valid',
        }),
      ),
    )
    expect(feedback.name).toBe('UserPoolAddOnNotEnabledException')
    expect((await failure(list('nobody'))).name).toBe('UserNotFoundException')
  })

  it('shows the IpAddress of UserContextData from a secret client that propagates it', async () => {
    const propagating = await seed(h.sdk, {
      pool: { UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } },
      client: { GenerateSecret: true, EnablePropagateAdditionalUserContextData: true },
      users: [{ username: 'di' }],
    })
    await srpSignIn(h.sdk, propagating, 'di', { contextData: CONTEXT })
    const [listed] = (await list('di', 1, undefined, propagating.poolId)).AuthEvents!
    expect(listed!.EventContextData?.IpAddress).toBe('203.0.113.7')
  })

  it('answers malformed UserContextData and UserPoolAddOns with a 400', async () => {
    const badIp = await failure(passwordSignIn('ann', PASSWORD, { IpAddress: 'not-an-ip' }))
    expect([badIp.name, badIp.$metadata?.httpStatusCode]).toEqual(['InvalidParameterException', 400])
    const badShape = await failure(passwordSignIn('ann', PASSWORD, 'x' as never))
    expect(badShape.$metadata?.httpStatusCode).toBe(400)
    const badMode = await failure(
      h.sdk.send(new CreateUserPoolCommand({ PoolName: 'x', UserPoolAddOns: { AdvancedSecurityMode: 'LOUD' as 'OFF' } })),
    )
    expect(badMode.name).toBe('InvalidParameterException')
    const badUpdate = await failure(h.sdk.send(new UpdateUserPoolCommand({ UserPoolId: s.poolId, UserPoolAddOns: {} as never })))
    expect(badUpdate.name).toBe('InvalidParameterException')
  })
})
