// Tokens (JWKS, expiry, refresh, revocation) and the user and admin operations around them.
import { createPublicKey, createVerify } from 'node:crypto'
import {
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  ChangePasswordCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  UpdateUserAttributesCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { claims, failure, PASSWORD, seed, srpSignIn, start, type Harness, type Seeded } from './helpers'

let h: Harness
let s: Seeded
beforeAll(async () => {
  h = await start()
  s = await seed(h.sdk, {
    pool: {
      Schema: [
        { Name: 'trust', AttributeDataType: 'String', Mutable: true },
        { Name: 'level', AttributeDataType: 'Number', Mutable: true },
      ],
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true },
    },
    client: { AuthSessionValidity: 5, AccessTokenValidity: 10, TokenValidityUnits: { AccessToken: 'minutes' } },
    users: [{ username: 'alice' }, { username: 'bob' }, { username: 'dora' }],
  })
})
afterAll(() => h.cognito.close())

const tokensOf = async (username: string) => (await srpSignIn(h.sdk, s, username)).AuthenticationResult!

describe('tokens', () => {
  it('signs access and ID tokens with different keys listed in the JWKS', async () => {
    const result = await tokensOf('alice')
    const jwks = (await (await fetch(`${h.cognito.endpoint}${s.poolId}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }
    expect(jwks.keys).toHaveLength(2)
    const check = (jwt: string) => {
      const [head, body, sig] = jwt.split('.')
      const { kid, alg } = JSON.parse(Buffer.from(head!, 'base64url').toString()) as { kid: string; alg: string }
      expect(alg).toBe('RS256')
      const jwk = jwks.keys.find((k) => k.kid === kid)!
      const ok = createVerify('RSA-SHA256')
        .update(`${head}.${body}`)
        .verify(createPublicKey({ key: jwk, format: 'jwk' } as never), Buffer.from(sig!, 'base64url'))
      expect(ok).toBe(true)
      return kid
    }
    expect(check(result.AccessToken!)).not.toBe(check(result.IdToken!))
    expect(claims(result.AccessToken).device_key).toBeTruthy()
    expect((await fetch(`${h.cognito.endpoint}us-east-1_Nope/.well-known/jwks.json`)).status).toBe(404)
  })

  it('expires access tokens on the server clock (AccessTokenValidity 10 minutes)', async () => {
    const result = await tokensOf('alice')
    expect(result.ExpiresIn).toBe(600)
    h.cognito.clock.advance(11 * 60_000)
    const error = await failure(h.sdk.send(new GetUserCommand({ AccessToken: result.AccessToken })))
    expect(error.message).toBe('Access Token has expired')
    expect((await failure(h.sdk.send(new GetUserCommand({ AccessToken: 'not.a.token' })))).message).toBe('Invalid Access Token')
  })

  it('GlobalSignOut revokes access and refresh tokens', async () => {
    const result = await tokensOf('bob')
    await h.sdk.send(new GlobalSignOutCommand({ AccessToken: result.AccessToken }))
    expect((await failure(h.sdk.send(new GetUserCommand({ AccessToken: result.AccessToken })))).message).toBe(
      'Access Token has been revoked',
    )
    const refresh = await failure(
      h.sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: s.clientId,
          AuthParameters: { REFRESH_TOKEN: result.RefreshToken!, DEVICE_KEY: result.NewDeviceMetadata!.DeviceKey! },
        }),
      ),
    )
    expect(refresh.name).toBe('NotAuthorizedException')
  })

  it('RevokeToken revokes the refresh token and the access tokens issued with it, not other sign-ins', async () => {
    const one = await tokensOf('bob')
    const two = await tokensOf('bob')
    await h.sdk.send(new RevokeTokenCommand({ ClientId: s.clientId, Token: one.RefreshToken }))
    expect((await failure(h.sdk.send(new GetUserCommand({ AccessToken: one.AccessToken })))).message).toBe('Access Token has been revoked')
    expect((await h.sdk.send(new GetUserCommand({ AccessToken: two.AccessToken }))).Username).toBe('bob')
    const jwt = await failure(h.sdk.send(new RevokeTokenCommand({ ClientId: s.clientId, Token: two.AccessToken })))
    expect(jwt.name).toBe('UnsupportedTokenTypeException')
  })

  it('AdminUserGlobalSignOut and AdminDeleteUser end sessions', async () => {
    const result = await tokensOf('dora')
    await h.sdk.send(new AdminUserGlobalSignOutCommand({ UserPoolId: s.poolId, Username: 'dora' }))
    expect((await failure(h.sdk.send(new GetUserCommand({ AccessToken: result.AccessToken })))).message).toBe(
      'Access Token has been revoked',
    )
    await h.sdk.send(new AdminDeleteUserCommand({ UserPoolId: s.poolId, Username: 'dora' }))
    expect((await failure(h.sdk.send(new AdminGetUserCommand({ UserPoolId: s.poolId, Username: 'dora' })))).name).toBe(
      'UserNotFoundException',
    )
  })
})

describe('user attributes and passwords', () => {
  it('UpdateUserAttributes writes custom attributes defined in the schema and refuses others', async () => {
    const result = await tokensOf('alice')
    await h.sdk.send(
      new UpdateUserAttributesCommand({
        AccessToken: result.AccessToken,
        UserAttributes: [
          { Name: 'custom:trust', Value: '{"k":1}' },
          { Name: 'custom:level', Value: '3' },
        ],
      }),
    )
    const user = await h.sdk.send(new GetUserCommand({ AccessToken: result.AccessToken }))
    expect(user.UserAttributes).toContainEqual({ Name: 'custom:trust', Value: '{"k":1}' })
    const unknown = await failure(
      h.sdk.send(
        new UpdateUserAttributesCommand({ AccessToken: result.AccessToken, UserAttributes: [{ Name: 'custom:nope', Value: 'x' }] }),
      ),
    )
    expect(unknown.name).toBe('InvalidParameterException')
    expect(unknown.message).toBe('user.custom:nope: Attribute does not exist in the schema.')
    const badNumber = await failure(
      h.sdk.send(
        new UpdateUserAttributesCommand({ AccessToken: result.AccessToken, UserAttributes: [{ Name: 'custom:level', Value: 'high' }] }),
      ),
    )
    expect(badNumber.name).toBe('InvalidParameterException')
    await h.sdk.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: s.poolId,
        Username: 'alice',
        UserAttributes: [{ Name: 'custom:trust', Value: 'admin' }],
      }),
    )
    const admin = await h.sdk.send(new AdminGetUserCommand({ UserPoolId: s.poolId, Username: 'alice' }))
    expect(admin.UserAttributes).toContainEqual({ Name: 'custom:trust', Value: 'admin' })
    expect(claims((await tokensOf('alice')).IdToken)['custom:trust']).toBe('admin')
  })

  it('ChangePassword checks the old password and the policy', async () => {
    const result = await tokensOf('alice')
    expect(
      (
        await failure(
          h.sdk.send(
            new ChangePasswordCommand({
              AccessToken: result.AccessToken,
              PreviousPassword: 'Wr0ng-pass',
              ProposedPassword: 'N3w-passw0rd',
            }),
          ),
        )
      ).message,
    ).toBe('Incorrect username or password.')
    expect(
      (
        await failure(
          h.sdk.send(new ChangePasswordCommand({ AccessToken: result.AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'weak' })),
        )
      ).name,
    ).toBe('InvalidPasswordException')
    await h.sdk.send(
      new ChangePasswordCommand({ AccessToken: result.AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'N3w-passw0rd' }),
    )
    expect((await srpSignIn(h.sdk, s, 'alice', { password: 'N3w-passw0rd' })).AuthenticationResult).toBeTruthy()
    expect((await failure(srpSignIn(h.sdk, s, 'alice'))).message).toBe('Incorrect username or password.')
  })
})

describe('pool and client configuration', () => {
  it('DescribeUserPool, UpdateUserPool and DescribeUserPoolClient reflect the settings', async () => {
    const { UserPool } = await h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: s.poolId }))
    expect(UserPool?.Id).toMatch(/^us-east-1_[0-9A-Za-z]+$/)
    expect(UserPool?.DeviceConfiguration).toEqual({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false })
    expect(UserPool?.SchemaAttributes?.map((a) => a.Name)).toContain('custom:trust')
    await h.sdk.send(new UpdateUserPoolCommand({ UserPoolId: s.poolId, MfaConfiguration: 'OFF' }))
    const after = await h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: s.poolId }))
    expect(after.UserPool?.DeviceConfiguration).toBeUndefined()
    const { UserPoolClient } = await h.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: s.poolId, ClientId: s.clientId }))
    expect(UserPoolClient).toMatchObject({
      AuthSessionValidity: 5,
      EnableTokenRevocation: true,
      AccessTokenValidity: 10,
      RefreshTokenValidity: 30,
    })
    expect(UserPoolClient?.TokenValidityUnits).toEqual({ AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' })
    const missing = await failure(h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_Missing1' })))
    expect(missing.name).toBe('ResourceNotFoundException')
  })
})
