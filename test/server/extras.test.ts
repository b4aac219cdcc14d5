// Operations beyond the list that the server also implements.
import {
  AddCustomAttributesCommand,
  AdminAddUserToGroupCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  CreateGroupCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  GetUserCommand,
  GetUserPoolMfaConfigCommand,
  ListUsersCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { claims, failure, seed, srpSignIn, start, type Harness } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await start()
})
afterAll(() => h.cognito.close())

describe('extra operations', () => {
  it('AddCustomAttributes extends the schema', async () => {
    const s = await seed(h.sdk)
    const tokens = (await srpSignIn(h.sdk, s, 'alice')).AuthenticationResult!
    const before = await failure(
      h.sdk.send(
        new UpdateUserAttributesCommand({ AccessToken: tokens.AccessToken, UserAttributes: [{ Name: 'custom:late', Value: 'x' }] }),
      ),
    )
    expect(before.name).toBe('InvalidParameterException')
    await h.sdk.send(
      new AddCustomAttributesCommand({ UserPoolId: s.poolId, CustomAttributes: [{ Name: 'late', AttributeDataType: 'String' }] }),
    )
    await h.sdk.send(
      new UpdateUserAttributesCommand({ AccessToken: tokens.AccessToken, UserAttributes: [{ Name: 'custom:late', Value: 'x' }] }),
    )
    expect((await h.sdk.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).UserAttributes).toContainEqual({
      Name: 'custom:late',
      Value: 'x',
    })
  })

  it('GetUserPoolMfaConfig reflects SetUserPoolMfaConfig', async () => {
    const s = await seed(h.sdk)
    await h.sdk.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: s.poolId,
        MfaConfiguration: 'OPTIONAL',
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    )
    const config = await h.sdk.send(new GetUserPoolMfaConfigCommand({ UserPoolId: s.poolId }))
    expect(config.MfaConfiguration).toBe('OPTIONAL')
    expect(config.SoftwareTokenMfaConfiguration?.Enabled).toBe(true)
    expect(config.SmsMfaConfiguration).toBeUndefined()
  })

  it('a disabled user cannot sign in; enabling restores it; ListUsers lists users', async () => {
    const s = await seed(h.sdk)
    await h.sdk.send(new AdminDisableUserCommand({ UserPoolId: s.poolId, Username: 'alice' }))
    expect((await failure(srpSignIn(h.sdk, s, 'alice'))).message).toBe('User is disabled.')
    await h.sdk.send(new AdminEnableUserCommand({ UserPoolId: s.poolId, Username: 'alice' }))
    expect((await srpSignIn(h.sdk, s, 'alice')).AuthenticationResult).toBeTruthy()
    expect((await h.sdk.send(new ListUsersCommand({ UserPoolId: s.poolId }))).Users?.map((u) => u.Username)).toEqual(['alice'])
  })

  it('ListUsers pages, filters and trims attributes', async () => {
    const users = Array.from({ length: 5 }, (_, i) => ({
      username: `u${i}`,
      attributes: [
        { Name: 'email', Value: `u${i}@example.com` },
        { Name: 'name', Value: `U ${i}` },
      ],
    }))
    const s = await seed(h.sdk, { users })
    const seen: string[] = []
    let token: string | undefined
    let pages = 0
    do {
      const page = await h.sdk.send(
        new ListUsersCommand({ UserPoolId: s.poolId, Limit: 2, PaginationToken: token, AttributesToGet: ['email'] }),
      )
      pages++
      for (const u of page.Users ?? []) {
        seen.push(u.Username!)
        expect(u.Attributes?.map((a) => a.Name)).toEqual(['email'])
      }
      token = page.PaginationToken
    } while (token)
    expect(pages).toBe(3)
    expect(seen).toEqual(['u0', 'u1', 'u2', 'u3', 'u4'])
    const filtered = await h.sdk.send(new ListUsersCommand({ UserPoolId: s.poolId, Filter: 'email = "u3@example.com"' }))
    expect(filtered.Users?.map((u) => u.Username)).toEqual(['u3'])
    const prefix = await h.sdk.send(new ListUsersCommand({ UserPoolId: s.poolId, Filter: 'username ^= "u"' }))
    expect(prefix.Users).toHaveLength(5)
  })

  it('a changed auto-verified e-mail gets a code in the outbox and VerifyUserAttribute checks it', async () => {
    const s = await seed(h.sdk, { pool: { AutoVerifiedAttributes: ['email'] } })
    const tokens = (await srpSignIn(h.sdk, s, 'alice')).AuthenticationResult!
    const out = await h.sdk.send(
      new UpdateUserAttributesCommand({ AccessToken: tokens.AccessToken, UserAttributes: [{ Name: 'email', Value: 'alice@example.org' }] }),
    )
    expect(out.CodeDeliveryDetailsList).toEqual([{ Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }])
    const { code } = h.cognito.outbox.last('alice@example.org')!
    expect(
      (
        await failure(
          h.sdk.send(
            new VerifyUserAttributeCommand({
              AccessToken: tokens.AccessToken,
              AttributeName: 'email',
              Code: code === '000000' ? '111111' : '000000',
            }),
          ),
        )
      ).name,
    ).toBe('CodeMismatchException')
    await h.sdk.send(new VerifyUserAttributeCommand({ AccessToken: tokens.AccessToken, AttributeName: 'email', Code: code }))
    const user = await h.sdk.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))
    expect(user.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' })
  })

  it('groups appear in cognito:groups, ordered by precedence', async () => {
    const s = await seed(h.sdk)
    await h.sdk.send(new CreateGroupCommand({ UserPoolId: s.poolId, GroupName: 'readers', Precedence: 5 }))
    await h.sdk.send(new CreateGroupCommand({ UserPoolId: s.poolId, GroupName: 'admins', Precedence: 1 }))
    expect((await failure(h.sdk.send(new CreateGroupCommand({ UserPoolId: s.poolId, GroupName: 'admins' })))).name).toBe(
      'GroupExistsException',
    )
    await h.sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: s.poolId, Username: 'alice', GroupName: 'readers' }))
    await h.sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: s.poolId, Username: 'alice', GroupName: 'admins' }))
    const tokens = (await srpSignIn(h.sdk, s, 'alice')).AuthenticationResult!
    expect(claims(tokens.AccessToken)['cognito:groups']).toEqual(['admins', 'readers'])
    expect(claims(tokens.IdToken)['cognito:groups']).toEqual(['admins', 'readers'])
    await h.sdk.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: s.poolId, Username: 'alice', GroupName: 'admins' }))
    const listed = await h.sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: s.poolId, Username: 'alice' }))
    expect(listed.Groups?.map((g) => g.GroupName)).toEqual(['readers'])
  })
})
