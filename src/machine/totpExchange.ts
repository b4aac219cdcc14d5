/** TOTP enrolment (MFA_SETUP): loaded on first use (see `later` in authActors.ts). */
import { AuthError } from '../errors'
import type { ActorKit } from './AuthDeps'
import { LIMITS, optionalText, own, text, unexpected } from './checks'
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
): Promise<{ secretCode: string; session: string | null; at: number }> {
  const out = await kit.call('AssociateSoftwareToken', { Session: input.session ?? undefined })
  return {
    secretCode: text(own(out, 'SecretCode'), 'SecretCode', 256, /^[A-Z2-7]+=*$/),
    session: optionalText(own(out, 'Session'), 'Session', LIMITS.session) ?? input.session,
    at: kit.now(),
  }
}

/**
 * MFA_SETUP, second half: VerifySoftwareToken with the user's first code; resolves with the session it
 * returned, with which the machine then sends the MFA_SETUP answer.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_VerifySoftwareToken.html
 */
export async function verifySoftwareToken(kit: ActorKit, input: ExchangeInput & { code: string }): Promise<string | null> {
  const out = await kit.call('VerifySoftwareToken', {
    Session: input.session ?? undefined,
    UserCode: input.code,
    FriendlyDeviceName: kit.deviceName?.slice(0, 128),
  })
  const status = own(out, 'Status')
  if (status !== 'SUCCESS') {
    if (status !== 'ERROR') throw unexpected('Status')
    throw new AuthError('ENABLE_SOFTWARE_TOKEN_MFA', 'That code is not right. Check the authenticator app and try again.', {
      cause: { name: 'VerifySoftwareToken', message: 'Status ERROR' },
    })
  }
  return optionalText(own(out, 'Session'), 'Session', LIMITS.session) ?? input.session
}
