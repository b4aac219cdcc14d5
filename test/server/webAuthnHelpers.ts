// Shared steps of the passkey tests: a pool with a relying party, passkey registration with the software
// authenticator, and a WEB_AUTHN sign-in, all through the real AWS SDK client.
import {
  CompleteWebAuthnRegistrationCommand,
  SetUserPoolMfaConfigCommand,
  StartWebAuthnRegistrationCommand,
  type CreateUserPoolCommandInput,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider'
import type { SoftwareAuthenticator } from '../../src/testing'
import { PASSWORD, seed, type Harness, type Seeded } from './helpers'
import { contact, respond, USER_AUTH_CLIENT, userAuth } from './userAuthHelpers'

/** The page the ceremonies run on, and the pool's relying party id. */
export const ORIGIN = 'http://localhost:5173'
export const RP_ID = 'localhost'

export interface PasskeyPoolOptions {
  factors?: ('PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN')[]
  relyingPartyId?: string | null
  userVerification?: 'required' | 'preferred'
  pool?: Partial<CreateUserPoolCommandInput>
  users?: string[]
}

/** A pool allowing PASSWORD and WEB_AUTHN (unless told otherwise), with relying party `localhost`, and users with verified contacts. */
export async function passkeyPool(h: Harness, options: PasskeyPoolOptions = {}): Promise<Seeded> {
  const s = await seed(h.sdk, {
    pool: { Policies: { SignInPolicy: { AllowedFirstAuthFactors: options.factors ?? ['PASSWORD', 'WEB_AUTHN'] } }, ...options.pool },
    client: USER_AUTH_CLIENT,
    users: (options.users ?? ['ada']).map((username) => ({ username, attributes: contact(username) })),
  })
  if (options.relyingPartyId !== null) {
    await h.sdk.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: s.poolId,
        ...(options.pool?.MfaConfiguration && options.pool.MfaConfiguration !== 'OFF'
          ? {
              MfaConfiguration: options.pool.MfaConfiguration,
              SoftwareTokenMfaConfiguration: { Enabled: true },
              SmsMfaConfiguration: { SmsAuthenticationMessage: 'Your code is {####}' },
            }
          : {}),
        WebAuthnConfiguration: { RelyingPartyId: options.relyingPartyId ?? RP_ID, UserVerification: options.userVerification },
      }),
    )
  }
  return s
}

/** A password sign-in (USER_AUTH, PASSWORD): the access token. */
export async function accessToken(h: Harness, s: Seeded, username = 'ada'): Promise<string> {
  const out = await userAuth(h, s, { USERNAME: username, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD })
  return out.AuthenticationResult!.AccessToken!
}

/** StartWebAuthnRegistration, the authenticator's create(), then CompleteWebAuthnRegistration; returns the credential made. */
export async function register(h: Harness, token: string, authenticator: SoftwareAuthenticator): Promise<Record<string, unknown>> {
  const { CredentialCreationOptions } = await h.sdk.send(new StartWebAuthnRegistrationCommand({ AccessToken: token }))
  const credential = await authenticator.create(CredentialCreationOptions as Record<string, unknown>)
  await h.sdk.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: credential as never }))
  return credential
}

/** The request options of a WEB_AUTHN challenge, parsed. */
export const requestOptions = (challenge: InitiateAuthCommandOutput): Record<string, unknown> =>
  JSON.parse(challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!) as Record<string, unknown>

/** InitiateAuth USER_AUTH with PREFERRED_CHALLENGE WEB_AUTHN (and more AuthParameters if given). */
export const startPasskey = (h: Harness, s: Seeded, username = 'ada', extra: Record<string, string> = {}) =>
  userAuth(h, s, { USERNAME: username, PREFERRED_CHALLENGE: 'WEB_AUTHN', ...extra })

/** Answers a WEB_AUTHN challenge with an assertion (as a JSON string), plus any other responses given. */
export function answerPasskey(
  h: Harness,
  s: Seeded,
  challenge: InitiateAuthCommandOutput,
  credential: Record<string, unknown>,
  extra: Record<string, string> = {},
): Promise<InitiateAuthCommandOutput> {
  const USERNAME = challenge.ChallengeParameters!.USERNAME!
  return respond(h, s, 'WEB_AUTHN', challenge.Session, { USERNAME, CREDENTIAL: JSON.stringify(credential), ...extra })
}

/** A whole passkey sign-in: the challenge, the authenticator's get(), the answer. */
export async function passkeySignIn(
  h: Harness,
  s: Seeded,
  authenticator: SoftwareAuthenticator,
  username = 'ada',
  extra: { start?: Record<string, string>; answer?: Record<string, string> } = {},
): Promise<InitiateAuthCommandOutput> {
  const challenge = await startPasskey(h, s, username, extra.start)
  const assertion = await authenticator.get(requestOptions(challenge))
  return answerPasskey(h, s, challenge, assertion, extra.answer)
}

/** A base64url JSON part of a credential, changed by `edit` and encoded again. */
export function editClientData(
  credential: Record<string, unknown>,
  edit: (data: Record<string, unknown>) => void,
): Record<string, unknown> {
  const response = { ...(credential.response as Record<string, string>) }
  const data = JSON.parse(Buffer.from(response.clientDataJSON!, 'base64url').toString('utf8')) as Record<string, unknown>
  edit(data)
  response.clientDataJSON = Buffer.from(JSON.stringify(data)).toString('base64url')
  return { ...credential, response }
}

/** The credential with every occurrence of `from` in a binary response member replaced by `to` (same length). */
export function patchBytes(credential: Record<string, unknown>, member: string, from: Uint8Array, to: Uint8Array): Record<string, unknown> {
  const response = { ...(credential.response as Record<string, string>) }
  const bytes = Buffer.from(response[member]!, 'base64url')
  const at = bytes.indexOf(Buffer.from(from))
  if (at < 0) throw new Error(`patchBytes: pattern not found in ${member}`)
  Buffer.from(to).copy(bytes, at)
  response[member] = bytes.toString('base64url')
  return { ...credential, response }
}
