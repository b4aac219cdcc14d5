// The auth-event helpers of cognito-auth-machine/admin against the local server, through the real AWS
// SDK (signed with dummy credentials): one page, every page, feedback, and the typed errors.
import { AdminInitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminListUserAuthEvents, adminUpdateAuthEventFeedback, AuthError, iterateUserAuthEvents, type AuthEvent } from '../../src/admin'
import { createPool, createUser, PASSWORD, startPool, type Local } from './seed'

let local: Local
beforeAll(async () => {
  local = await startPool({ UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } })
  await createUser(local, 'alice')
  for (let i = 0; i < 7; i++) await signIn(i === 3 ? 'Wrong-passw0rd' : PASSWORD)
})
afterAll(async () => {
  local?.sdk.destroy()
  await local?.cognito.close()
})

async function signIn(password: string): Promise<void> {
  const request = { UserPoolId: local.poolId, ClientId: local.clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH' as const }
  await local.sdk
    .send(new AdminInitiateAuthCommand({ ...request, AuthParameters: { USERNAME: 'alice', PASSWORD: password } }))
    .catch(() => undefined)
}

const alice = <T extends object = object>(more?: T) => ({
  client: local.sdk,
  userPoolId: local.poolId,
  username: 'alice',
  retry: { attempts: 1 },
  ...(more as T),
})

describe('auth events through cognito-auth-machine/admin', () => {
  it('reads one page as plain objects with epoch-ms dates, newest first', async () => {
    const page = await adminListUserAuthEvents(alice({ maxResults: 3 }))
    expect(page.events).toHaveLength(3)
    expect(page.nextToken).toEqual(expect.any(String))
    const recorded = local.cognito.authEvents.forUser('alice').reverse()
    expect(page.events.map((e) => e.eventId)).toEqual(recorded.slice(0, 3).map((e) => e.eventId))
    const [newest] = page.events as [AuthEvent]
    expect(newest).toEqual({
      eventId: recorded[0]!.eventId,
      type: 'SignIn',
      createdAt: Math.floor(recorded[0]!.createdAt / 1000) * 1000,
      response: 'Pass',
      risk: { decision: 'NoRisk', level: 'Low', compromisedCredentialsDetected: false },
      challenges: [{ name: 'Password', response: 'Success' }],
      context: { ipAddress: recorded[0]!.ipAddress, deviceName: expect.any(String) },
      feedback: undefined,
    })
  })

  it('pages over every event, by hand and with the iterator', async () => {
    const byHand: AuthEvent[] = []
    let nextToken: string | undefined
    let pages = 0
    do {
      const page = await adminListUserAuthEvents(alice({ maxResults: 2, ...(nextToken ? { nextToken } : {}) }))
      byHand.push(...page.events)
      nextToken = page.nextToken
      pages++
    } while (nextToken)
    expect(pages).toBe(4) // 7 events, 2 a page
    const counter = { calls: 0 }
    const iterated: AuthEvent[] = []
    for await (const event of iterateUserAuthEvents(alice({ maxResults: 3, counter }))) iterated.push(event)
    expect(counter.calls).toBe(3)
    expect(iterated).toEqual(byHand)
    expect(iterated.map((e) => e.eventId)).toEqual(
      local.cognito.authEvents
        .forUser('alice')
        .reverse()
        .map((e) => e.eventId),
    )
    expect(iterated.filter((e) => e.response === 'Fail')).toEqual([
      expect.objectContaining({ challenges: [{ name: 'Password', response: 'Failure' }] }),
    ])
  })

  it('gives feedback on an event, and reads it back', async () => {
    const failed = local.cognito.authEvents.forUser('alice').find((e) => e.response === 'Fail')!
    await adminUpdateAuthEventFeedback(alice({ eventId: failed.eventId, feedback: 'invalid' }))
    const events: AuthEvent[] = []
    for await (const event of iterateUserAuthEvents(alice())) events.push(event)
    const marked = events.find((e) => e.eventId === failed.eventId)!
    expect(marked.feedback).toEqual({ value: 'Invalid', provider: 'Admin', at: expect.any(Number) })
    expect(events.filter((e) => e.feedback !== undefined)).toHaveLength(1)
  })

  it('throws AuthError: an unknown event or user, a bad feedback value, a pool without threat protection', async () => {
    const missing = await adminUpdateAuthEventFeedback(alice({ eventId: 'no-such-event', feedback: 'valid' })).catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(AuthError)
    expect((missing as AuthError).code).toBe('RESOURCE_NOT_FOUND')
    const nobody = await adminListUserAuthEvents(alice({ username: 'nobody' })).catch((e: unknown) => e)
    expect((nobody as AuthError).code).toBe('USER_NOT_FOUND')
    const bad = await adminUpdateAuthEventFeedback(alice({ eventId: 'x', feedback: 'maybe' as 'valid' })).catch((e: unknown) => e)
    expect((bad as AuthError).code).toBe('INVALID_INPUT')
    const off = await createPool(local)
    await createUser(off, 'bob')
    const refused = await adminListUserAuthEvents({ ...alice(), userPoolId: off.poolId, username: 'bob' }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(AuthError)
    expect((refused as AuthError).code).toBe('USER_POOL_ADD_ON_NOT_ENABLED')
    expect((refused as AuthError).cause).toMatchObject({ name: 'UserPoolAddOnNotEnabledException' })
  })

  it('builds its own SDK client from region and endpoint', async () => {
    const page = await adminListUserAuthEvents({
      userPoolId: local.poolId,
      username: 'alice',
      region: local.cognito.region,
      endpoint: local.cognito.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxResults: 1,
    })
    expect(page.events).toHaveLength(1)
  })
})
