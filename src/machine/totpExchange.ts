import { AuthError } from '../errors'
import type { ActorKit } from './AuthDeps'
import { respond } from './authExchange'
import type { AuthAnswer, ExchangeInput } from './types'

/**
 * MFA_SETUP, first half: AssociateSoftwareToken with the auth session; the secret is shown to the
 * user (it is what they enrol), the new session answers the next step.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AssociateSoftwareToken.html
 */
export async function associateTotp(kit: ActorKit, input: { session: string | null }): Promise<{ secretCode: string; session: string | null }> {
  const out = await kit.call('AssociateSoftwareToken', input.session ? { Session: input.session } : {})
  if (!out.SecretCode) throw new AuthError('UNEXPECTED_RESPONSE', 'AssociateSoftwareToken returned no SecretCode')
  return { secretCode: out.SecretCode, session: out.Session ?? input.session }
}

/**
 * MFA_SETUP, second half: VerifySoftwareToken with the user's first code, then the MFA_SETUP answer
 * with the session it returned.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_VerifySoftwareToken.html
 */
export async function verifyTotp(kit: ActorKit, input: ExchangeInput & { code: string }): Promise<AuthAnswer> {
  const out = await kit.call('VerifySoftwareToken', {
    ...(input.session ? { Session: input.session } : {}),
    UserCode: input.code,
    FriendlyDeviceName: kit.deviceName.slice(0, 128),
  })
  if (out.Status !== 'SUCCESS') {
    throw new AuthError('ENABLE_SOFTWARE_TOKEN_MFA', 'VerifySoftwareToken did not succeed', { cause: { name: 'VerifySoftwareToken', message: String(out.Status) } })
  }
  return respond(kit, { ...input, session: out.Session ?? input.session, challengeName: 'MFA_SETUP', responses: {} })
}
