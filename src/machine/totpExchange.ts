/**
 * TOTP enrolment (MFA_SETUP): loaded on first use (see `later` in authActors.ts); it imports nothing at
 * run time: what it shares with sign-in comes through the kit.
 */
import type { ActorKit } from './AuthDeps'
import type { ExchangeInput } from './types'

/**
 * MFA_SETUP, first half: AssociateSoftwareToken with the auth session; the secret is shown to the
 * user (it is what they enrol), the new session answers the next step.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AssociateSoftwareToken.html
 */
export async function associateTotp(
  kit: ActorKit,
  input: { session: string | null },
): Promise<{ secretCode: string; session: string | null }> {
  const out = await kit.call('AssociateSoftwareToken', input.session ? { Session: input.session } : {})
  if (!out.SecretCode) throw kit.error('UNEXPECTED_RESPONSE', 'AssociateSoftwareToken returned no SecretCode')
  return { secretCode: out.SecretCode, session: out.Session ?? input.session }
}

/**
 * MFA_SETUP, second half: VerifySoftwareToken with the user's first code; resolves with the session it
 * returned, with which the `verifyTotp` actor then sends the MFA_SETUP answer.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_VerifySoftwareToken.html
 */
export async function verifySoftwareToken(kit: ActorKit, input: ExchangeInput & { code: string }): Promise<string | null> {
  const out = await kit.call('VerifySoftwareToken', {
    ...(input.session ? { Session: input.session } : {}),
    UserCode: input.code,
    FriendlyDeviceName: kit.deviceName.slice(0, 128),
  })
  if (out.Status !== 'SUCCESS') {
    throw kit.error('ENABLE_SOFTWARE_TOKEN_MFA', 'VerifySoftwareToken did not succeed', {
      cause: { name: 'VerifySoftwareToken', message: String(out.Status) },
    })
  }
  return out.Session ?? input.session
}
