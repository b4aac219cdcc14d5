// WEB_AUTHN as a USER_AUTH first factor: the challenge (request options for the user's passkeys) and its answer (an
// assertion, verified), after which the sign-in goes on as after an e-mailed or texted code.
import { randomBytes } from 'node:crypto'
import { CognitoError, errors } from '../errors'
import { descriptor, passkeyRelyingParty, userHandle } from '../ops/webAuthn'
import { verifyAssertion } from '../webauthn/verify'
import { continueSignIn } from './continueSignIn'
import type { Choice } from './firstFactors'
import { spend, createSession, wrongAnswer } from './sessions'
import { noted, takeDeviceKey, type Handler } from './step'

/** The `timeout` of the request options, in ms (the session itself lives the app client's AuthSessionValidity). */
const REQUEST_TIMEOUT_MS = 180_000

/**
 * The WEB_AUTHN challenge: `CREDENTIAL_REQUEST_OPTIONS`, a JSON string of WebAuthn's request options (a fresh
 * challenge, the pool's relying party id and user verification, the user's passkeys as `allowCredentials`). @internal
 */
export function startWebAuthn({ ctx, pool, user, progress, from }: Choice): Record<string, unknown> {
  const rpId = passkeyRelyingParty(pool)
  if (from) spend(from)
  const challenge = randomBytes(32).toString('base64url')
  const options = {
    challenge,
    timeout: REQUEST_TIMEOUT_MS,
    rpId,
    allowCredentials: (user.passkeys ?? []).map(descriptor),
    userVerification: pool.webAuthn.userVerification,
  }
  const session = createSession(ctx.state, { ...progress, primary: 'WEB_AUTHN' }, 'WEB_AUTHN', { challenge })
  return {
    ChallengeName: 'WEB_AUTHN',
    Session: session.id,
    ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options), USERNAME: user.username },
  }
}

/** CREDENTIAL: a JSON string (else `InvalidParameterException`, not counted as a wrong answer). */
function readCredential(text: string | undefined): Record<string, unknown> {
  if (text === undefined) throw errors.invalidParameter('Missing required parameter CREDENTIAL')
  try {
    const value = JSON.parse(text) as unknown
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>
  } catch {
    // answered below
  }
  throw errors.invalidParameter('CREDENTIAL must be an AuthenticationResponseJSON, as a JSON string.')
}

/**
 * The WEB_AUTHN answer: `CREDENTIAL`, an AuthenticationResponseJSON of one of the user's passkeys, verified against
 * the challenge (origin, relying party, signature, user verification, counter). Any failure is
 * `NotAuthorizedException` and counts as a wrong answer; the passkey's counter moves on only on success. Its
 * DEVICE_KEY goes as a code answer's does (`devices.mfaAnswerWithoutKey`); no MFA follows. @internal
 */
export const webAuthnAnswer: Handler = async (step) => {
  const { state } = step.ctx
  const credential = readCredential(step.responses.CREDENTIAL)
  // The DEVICE_KEY first: an unknown one is refused before the assertion is used up (its counter would not grow again).
  const progress = step.session.progress
  if (step.responses.DEVICE_KEY !== undefined) takeDeviceKey(step)
  else if (state.options.devices.mfaAnswerWithoutKey === 'new-device' && !progress.deviceDone) progress.deviceKey = undefined
  const passkey = (step.user.passkeys ?? []).find((p) => p.id === credential.id)
  let counter: number | undefined
  await noted(step, 'Password', async () => {
    try {
      if (!passkey) throw errors.notAuthorized('The passkey is not registered for this user.')
      const expected = {
        challenge: String(step.session.data.challenge),
        relyingPartyId: passkeyRelyingParty(step.pool),
        userVerification: step.pool.webAuthn.userVerification,
      }
      counter = await verifyAssertion(credential, expected, passkey, userHandle(step.user))
    } catch (error) {
      if (error instanceof CognitoError && error.type === 'InternalErrorException') throw error
      const refusal = errors.notAuthorized(`Passkey authentication failed: ${(error as Error).message}`)
      throw wrongAnswer(state, step.session, refusal)
    }
  })
  if (passkey && counter !== undefined) passkey.counter = counter
  spend(step.session)
  return continueSignIn(step.ctx, { ...progress, mfaDone: true })
}
