// The API calls seedPool() makes: the pool, its app client, its users and its MFA and passkey settings.
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SetUserPoolMfaConfigCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider'
import { guaranteed } from './guaranteed'
import type { Spec } from './seedPool'

/**
 * The custom attribute {@link seedPool} adds to the schema when asked for a trust attribute.
 *
 * @example
 * ```ts
 * import { createAuthClient } from 'cognito-auth-machine'
 * import { seedPool, startLocalCognito, TRUST_ATTRIBUTE } from 'cognito-auth-machine/testing'
 *
 * const cognito = await startLocalCognito()
 * const pool = await seedPool(cognito, { trustAttribute: true }) // pool.trustAttribute === TRUST_ATTRIBUTE
 * const client = createAuthClient({ ...pool, trust: { days: 30, attribute: TRUST_ATTRIBUTE } })
 * ```
 */
export const TRUST_ATTRIBUTE = 'custom:trusted_devices'

/** The new pool's id: created with MFA off (turned on once users are enrolled) and the device tracking asked for. @internal */
export async function createPool(sdk: CognitoIdentityProviderClient, spec: Spec): Promise<string> {
  const { UserPool } = await sdk.send(
    new CreateUserPoolCommand({
      PoolName: spec.poolName,
      MfaConfiguration: 'OFF',
      ...(spec.usernameAttributes.length ? { UsernameAttributes: spec.usernameAttributes } : {}),
      ...(spec.autoVerify.length ? { AutoVerifiedAttributes: spec.autoVerify } : {}),
      ...(spec.threatProtection ? { UserPoolAddOns: { AdvancedSecurityMode: spec.threatProtection } } : {}),
      ...(spec.webAuthn ? { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } } : {}),
      ...(spec.devices
        ? {
            DeviceConfiguration: {
              ChallengeRequiredOnNewDevice: spec.devices.challengeRequiredOnNewDevice,
              DeviceOnlyRememberedOnUserPrompt: spec.devices.deviceOnlyRememberedOnUserPrompt,
            },
          }
        : {}),
      ...(spec.trustAttribute
        ? {
            Schema: [
              {
                Name: TRUST_ATTRIBUTE.slice('custom:'.length),
                AttributeDataType: 'String',
                Mutable: true,
                StringAttributeConstraints: { MaxLength: '2048' },
              },
            ],
          }
        : {}),
    }),
  )
  return guaranteed(UserPool?.Id, 'CreateUserPool answers with UserPool.Id')
}

/** The app client: SRP and refresh, USER_AUTH when asked for (or for passkeys); its id and secret. @internal */
export async function createClient(sdk: CognitoIdentityProviderClient, userPoolId: string, spec: Spec) {
  const { UserPoolClient } = await sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'app',
      GenerateSecret: spec.clientSecret,
      ExplicitAuthFlows: [
        'ALLOW_USER_SRP_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
        ...(spec.userAuth || spec.webAuthn ? (['ALLOW_USER_AUTH'] as const) : []),
      ],
      PreventUserExistenceErrors: spec.preventUserExistenceErrors ? 'ENABLED' : 'LEGACY',
    }),
  )
  const clientId = guaranteed(UserPoolClient?.ClientId, 'CreateUserPoolClient answers with UserPoolClient.ClientId')
  return { clientId, clientSecret: UserPoolClient?.ClientSecret }
}

/** A user with a permanent password, or a temporary one. @internal */
export async function createUser(sdk: CognitoIdentityProviderClient, userPoolId: string, user: Spec['users'][number]): Promise<void> {
  await sdk.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: user.username,
      MessageAction: 'SUPPRESS',
      UserAttributes: Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
      ...(user.temporary ? { TemporaryPassword: user.password } : {}),
    }),
  )
  if (user.temporary) return
  await sdk.send(
    new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: user.username, Password: user.password, Permanent: true }),
  )
}

/** Turns MFA on (once users are enrolled) and sets the passkey relying party, when the spec asks for either. @internal */
export async function configureMfa(sdk: CognitoIdentityProviderClient, userPoolId: string, spec: Spec): Promise<void> {
  if (spec.mfa !== 'OFF' || spec.webAuthn) {
    await sdk.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: userPoolId,
        MfaConfiguration: spec.mfa,
        ...(spec.mfa === 'OFF' ? {} : { SoftwareTokenMfaConfiguration: { Enabled: true } }),
        ...(spec.webAuthn
          ? { WebAuthnConfiguration: { RelyingPartyId: spec.webAuthn.relyingPartyId, UserVerification: spec.webAuthn.userVerification } }
          : {}),
      }),
    )
  }
}
