// seedPool(): each option seeds what it says, shown by the pool as the API describes it and by a real
// sign-in with this package's own client against the local server.
import {
  AdminGetUserCommand,
  AdminListDevicesCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuthClient, memoryStorage, type AuthClientConfig, type AuthView } from '../../src/index'
import { DEFAULT_SEED_PASSWORD, seedPool, totp, TRUST_ATTRIBUTE, type SeededPool, type SeedPoolOptions } from '../../src/testing'
import { start, type Harness } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await start()
})
afterAll(() => h.cognito.close())

const clients: ReturnType<typeof createAuthClient>[] = []
afterAll(() => clients.forEach((c) => c.stop()))

/** This package's client on a seeded pool, on the server's clock. */
function appClient(pool: SeededPool, extra: Partial<AuthClientConfig> = {}) {
  const client = createAuthClient({ ...pool, storage: memoryStorage(), clock: h.cognito.clock, ...extra })
  clients.push(client)
  return client
}

const code = (secret: string | undefined) => totp(secret!, h.cognito.clock.now())
const step = (view: AuthView) => view.step

describe('seedPool() defaults', () => {
  it('creates a plain pool (MFA off, no device tracking), an SRP client without secret and alice, who signs in', async () => {
    const pool = await seedPool(h.cognito)
    expect(pool).toMatchObject({ region: h.cognito.region, endpoint: h.cognito.endpoint })
    expect(pool.clientSecret).toBeUndefined()
    expect(pool.trustAttribute).toBeUndefined()
    expect(pool.users).toEqual([{ username: 'alice', password: DEFAULT_SEED_PASSWORD, temporary: false, attributes: {} }])
    const { UserPool } = await h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: pool.userPoolId }))
    expect(UserPool?.MfaConfiguration).toBe('OFF')
    expect(UserPool?.DeviceConfiguration).toBeUndefined()
    const { UserPoolClient } = await h.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.userPoolId, ClientId: pool.clientId }))
    expect(UserPoolClient?.ExplicitAuthFlows).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'])
    const view = await appClient(pool).signIn({ username: 'alice', password: DEFAULT_SEED_PASSWORD })
    expect(view).toMatchObject({ step: 'signedIn', device: null })
  })
})

describe('seedPool() MFA and TOTP', () => {
  it('mfa ON with enrolTotp: the sign-in asks for the TOTP code of the secret returned, and the user has no device left from enrolment', async () => {
    const pool = await seedPool(h.cognito, {
      mfa: 'ON',
      enrolTotp: true,
      devices: { challengeRequiredOnNewDevice: true },
      users: [{ username: 'ana', password: 'Correct-Horse-9' }],
    })
    const ana = pool.users[0]!
    expect(ana.totpSecret).toMatch(/^[A-Z2-7]{32}$/)
    const mfa = await h.sdk.send(new GetUserPoolMfaConfigCommand({ UserPoolId: pool.userPoolId }))
    expect(mfa).toMatchObject({ MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } })
    const user = await h.sdk.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: 'ana' }))
    expect(user.PreferredMfaSetting).toBe('SOFTWARE_TOKEN_MFA')
    expect((await h.sdk.send(new AdminListDevicesCommand({ UserPoolId: pool.userPoolId, Username: 'ana' }))).Devices).toEqual([])

    const client = appClient(pool)
    expect(await client.signIn({ username: 'ana', password: 'Correct-Horse-9' })).toMatchObject({ step: 'mfaCode', channel: 'TOTP' })
    expect(step(await client.submitCode(code('A'.repeat(32))))).toBe('mfaCode') // another secret's code is refused
    expect(await client.submitCode(code(ana.totpSecret))).toMatchObject({ step: 'signedIn' })
  })

  it('mfa OPTIONAL: the enrolled user is asked for a code, the other is not', async () => {
    const pool = await seedPool(h.cognito, {
      mfa: 'OPTIONAL',
      users: [{ username: 'tess', enrolTotp: true }, { username: 'nora' }],
    })
    expect(pool.users.map((u) => Boolean(u.totpSecret))).toEqual([true, false])
    expect(step(await appClient(pool).signIn({ username: 'nora', password: DEFAULT_SEED_PASSWORD }))).toBe('signedIn')
    const tess = appClient(pool)
    expect(step(await tess.signIn({ username: 'tess', password: DEFAULT_SEED_PASSWORD }))).toBe('mfaCode')
    expect(step(await tess.submitCode(code(pool.users[0]!.totpSecret)))).toBe('signedIn')
  })

  it('mfa ON without enrolment: the first sign-in asks the user to set up TOTP', async () => {
    const pool = await seedPool(h.cognito, { mfa: 'ON' })
    expect(pool.users[0]!.totpSecret).toBeUndefined()
    expect(step(await appClient(pool).signIn({ username: 'alice', password: DEFAULT_SEED_PASSWORD }))).toBe('totpSetup')
  })

  it("enrols on the server's clock, so a test that moved the clock still seeds (and without the clock it would not)", async () => {
    const moved = await start()
    try {
      moved.cognito.clock.advance(86_400_000)
      const options: SeedPoolOptions = { mfa: 'ON', enrolTotp: true }
      const pool = await seedPool(moved.cognito, options)
      expect(pool.users[0]!.totpSecret).toBeTruthy()
      const withoutClock = { endpoint: moved.cognito.endpoint, region: moved.cognito.region }
      await expect(seedPool(withoutClock, options)).rejects.toMatchObject({ name: 'EnableSoftwareTokenMFAException' })
    } finally {
      await moved.cognito.close()
    }
  })
})

describe('seedPool() devices', () => {
  it('remember-on-prompt with MFA skipped for remembered devices: MFA once, "remember?", then device SRP and no MFA', async () => {
    const pool = await seedPool(h.cognito, {
      mfa: 'ON',
      enrolTotp: true,
      devices: { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true },
    })
    const { UserPool } = await h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: pool.userPoolId }))
    expect(UserPool?.DeviceConfiguration).toEqual({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true })
    const client = appClient(pool)
    await client.signIn({ username: 'alice', password: DEFAULT_SEED_PASSWORD })
    expect(step(await client.submitCode(code(pool.users[0]!.totpSecret)))).toBe('rememberDevice')
    const remembered = await client.rememberDevice(true)
    expect(remembered).toMatchObject({ step: 'signedIn', device: { status: 'remembered' } })
    await client.signOut()
    h.cognito.clock.advance(60_000)
    const again = await client.signIn({ username: 'alice', password: DEFAULT_SEED_PASSWORD })
    expect(again).toMatchObject({ step: 'signedIn', device: { status: 'remembered' } })
  })

  it('devices {}: tracking on with both switches off, so a new device is remembered at once, unasked', async () => {
    const pool = await seedPool(h.cognito, { devices: {} })
    const view = await appClient(pool).signIn({ username: 'alice', password: DEFAULT_SEED_PASSWORD })
    expect(view).toMatchObject({ step: 'signedIn', device: { status: 'remembered' } })
  })
})

describe('seedPool() schema, client and users', () => {
  it('trustAttribute: custom:trusted_devices in the schema, and the client writes the trust map into it', async () => {
    const pool = await seedPool(h.cognito, { devices: { deviceOnlyRememberedOnUserPrompt: true }, trustAttribute: true })
    expect(pool.trustAttribute).toBe(TRUST_ATTRIBUTE)
    const { UserPool } = await h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: pool.userPoolId }))
    expect(UserPool?.SchemaAttributes?.map((a) => a.Name)).toContain(TRUST_ATTRIBUTE)
    const client = appClient(pool, { trust: { days: 30, attribute: pool.trustAttribute } })
    expect(step(await client.signIn({ username: 'alice', password: DEFAULT_SEED_PASSWORD }))).toBe('rememberDevice')
    const view = await client.rememberDevice(true)
    if (view.step !== 'signedIn' || !view.device) throw new Error(`not signed in with a device: ${view.step}`)
    const user = await h.sdk.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: 'alice' }))
    const map = JSON.parse(user.UserAttributes?.find((a) => a.Name === TRUST_ATTRIBUTE)?.Value ?? '{}') as Record<string, number>
    expect(Object.keys(map)).toEqual([view.device.deviceKey])
  })

  it('clientSecret: the client has a secret; the app signs in with it and not without', async () => {
    const pool = await seedPool(h.cognito, { clientSecret: true })
    expect(pool.clientSecret).toMatch(/^[a-z0-9]{40,}$/)
    const { UserPoolClient } = await h.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.userPoolId, ClientId: pool.clientId }))
    expect(UserPoolClient?.ClientSecret).toBe(pool.clientSecret)
    expect(step(await appClient(pool).signIn({ username: 'alice', password: DEFAULT_SEED_PASSWORD }))).toBe('signedIn')
    const without = await appClient({ ...pool, clientSecret: undefined }).signIn({ username: 'alice', password: DEFAULT_SEED_PASSWORD })
    expect(without).toMatchObject({ step: 'signedOut', error: { code: 'NOT_AUTHORIZED', message: expect.stringContaining('SECRET_HASH') } })
  })

  it('users with e-mail sign-in, attributes, TOTP on a confidential client, and a temporary password', async () => {
    const pool = await seedPool(h.cognito, {
      usernameAttributes: ['email'],
      mfa: 'OPTIONAL',
      clientSecret: true,
      users: [
        {
          username: 'ana@example.com',
          password: 'Correct-Horse-9',
          attributes: { email: 'ana@example.com', name: 'Ana' },
          enrolTotp: true,
        },
        { username: 'new@example.com', password: 'Temporary-Pass-1', temporary: true, attributes: { email: 'new@example.com' } },
      ],
    })
    expect(pool.users[1]).toMatchObject({ username: 'new@example.com', temporary: true })
    const user = await h.sdk.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: 'ana@example.com' }))
    expect(user.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'name', Value: 'Ana' }]))
    const ana = appClient(pool)
    expect(step(await ana.signIn({ username: 'ana@example.com', password: 'Correct-Horse-9' }))).toBe('mfaCode')
    expect(step(await ana.submitCode(code(pool.users[0]!.totpSecret)))).toBe('signedIn')
    const fresh = appClient(pool)
    expect(step(await fresh.signIn({ username: 'new@example.com', password: 'Temporary-Pass-1' }))).toBe('newPassword')
    expect(step(await fresh.submitNewPassword({ password: 'Brand-New-Pass-2' }))).toBe('signedIn')
  })
})

describe('seedPool() account flows: codes, sign-in after sign-up, who exists, threat protection', () => {
  it('autoVerify, userAuth, preventUserExistenceErrors, threatProtection: the pool and client say so, and a sign-up signs in with its code alone', async () => {
    const pool = await seedPool(h.cognito, {
      autoVerify: ['email'],
      userAuth: true,
      preventUserExistenceErrors: true,
      threatProtection: 'AUDIT',
      users: [],
    })
    const { UserPool } = await h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: pool.userPoolId }))
    expect(UserPool?.AutoVerifiedAttributes).toEqual(['email'])
    expect(UserPool?.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'AUDIT' })
    const { UserPoolClient } = await h.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.userPoolId, ClientId: pool.clientId }))
    expect(UserPoolClient?.ExplicitAuthFlows).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'])
    expect(UserPoolClient?.PreventUserExistenceErrors).toBe('ENABLED')
    const client = appClient(pool)
    // an unknown user is answered as a known one
    expect(step(await client.forgotPassword({ username: 'nobody' }))).toBe('resetPassword')
    await client.cancel()
    await client.signUp({ username: 'sam', password: 'Correct-Horse-9', attributes: { email: 'sam@example.com' } })
    const sent = h.cognito.outbox.last('sam')
    expect(sent?.channel).toBe('EMAIL')
    expect(step(await client.submitCode(sent?.code ?? ''))).toBe('signedIn')
  })

  it('without them: no code goes out, USER_AUTH is not allowed and an unknown user is USER_NOT_FOUND', async () => {
    const pool = await seedPool(h.cognito, { users: [] })
    const { UserPoolClient } = await h.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.userPoolId, ClientId: pool.clientId }))
    expect(UserPoolClient?.PreventUserExistenceErrors).toBe('LEGACY')
    const client = appClient(pool)
    const view = await client.forgotPassword({ username: 'nobody' })
    expect(view.step === 'forgotPassword' && view.error?.code).toBe('USER_NOT_FOUND')
    await client.cancel()
    const signedUp = await client.signUp({ username: 'tom', password: 'Correct-Horse-9', attributes: { email: 'tom@example.com' } })
    expect(signedUp).toMatchObject({ step: 'confirmSignUp', delivery: null })
    expect(h.cognito.outbox.last('tom')).toBeUndefined()
  })
})

describe('seedPool() refuses bad input with a TypeError naming it', () => {
  it.each([
    [{ mfa: 'MAYBE' }, /mfa must be 'OFF', 'ON' or 'OPTIONAL'/],
    [{ enrolTotp: true }, /cannot be enrolled in TOTP on a pool with mfa 'OFF'/],
    [{ mfa: 'ON', users: [{ username: 'a', temporary: true, enrolTotp: true }] }, /temporary password, so it cannot sign in to enrol/],
    [{ users: [{ username: 'a' }, { username: 'a' }] }, /"a" is given twice/],
    [{ users: [{ username: '' }] }, /users\[0\]\.username must be a non-empty string/],
    [{ users: [{ username: 'a', attributes: { age: 3 } }] }, /users\[0\]\.attributes\.age must be a string/],
    [{ users: [{ username: 'a', pasword: 'x' }] }, /users\[0\] has no option "pasword"/],
    [{ users: 'alice' }, /users must be an array/],
    [{ devices: { rememberAlways: true } }, /devices has no option "rememberAlways"/],
    [{ devices: { challengeRequiredOnNewDevice: 'yes' } }, /challengeRequiredOnNewDevice must be true or false/],
    [{ usernameAttributes: ['nickname'] }, /usernameAttributes must be an array of 'email' and 'phone_number'/],
    [{ clientSecret: 1 }, /clientSecret must be true or false/],
    [{ autoVerify: 'email' }, /autoVerify must be an array of 'email' and 'phone_number'/],
    [{ userAuth: 'yes' }, /userAuth must be true or false/],
    [{ threatProtection: 'FULL' }, /threatProtection must be 'AUDIT' or 'ENFORCED'/],
    [{ poolName: '' }, /poolName/],
    [{ mfaConfiguration: 'ON' }, /options has no option "mfaConfiguration"/],
  ])('%j', async (options, message) => {
    const error = await seedPool(h.cognito, options as SeedPoolOptions).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).toMatch(/^seedPool: /)
  })

  it('refuses a server that is not one', async () => {
    await expect(seedPool({ endpoint: 'not a url', region: 'us-east-1' })).rejects.toThrow(/endpoint must be an http\(s\) URL/)
    await expect(seedPool({ endpoint: h.cognito.endpoint, region: 'moon' })).rejects.toThrow(/region must look like us-east-1/)
    await expect(seedPool(undefined as never)).rejects.toThrow(TypeError)
  })
})
