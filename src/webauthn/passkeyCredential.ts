import { AuthError, notLoaded } from '../errors'
import { isObject, parseJson } from '../json'
import type { ActorKit } from '../machine/AuthDeps'
import type { WebAuthnAdapter } from './WebAuthnAdapter'

/**
 * The client's WebAuthn adapter: the one configured, else the browser's, whose module is fetched on first use
 * (a module that cannot be fetched is a retryable `NETWORK_ERROR`).
 */
export async function webAuthnOf(kit: Pick<ActorKit, 'webAuthn'>): Promise<WebAuthnAdapter> {
  if (kit.webAuthn) return kit.webAuthn
  const module = await import('./browserWebAuthn').catch((error: unknown) => {
    throw notLoaded(error)
  })
  return module.browserWebAuthn()
}

/**
 * The WEB_AUTHN answer's `CREDENTIAL`: the passkey ceremony with the challenge's `CREDENTIAL_REQUEST_OPTIONS` (a
 * JSON string), its `AuthenticationResponseJSON` as a string. Cancelling the sign-in aborts the ceremony.
 */
export async function passkeyCredential(kit: Pick<ActorKit, 'webAuthn' | 'signal'>, requestOptions: string): Promise<string> {
  const options = parseJson(requestOptions)
  if (!isObject(options)) {
    throw new AuthError('UNEXPECTED_RESPONSE', 'Cognito sent passkey options this client cannot use.', {
      cause: { name: 'CREDENTIAL_REQUEST_OPTIONS', message: 'not a JSON object' },
    })
  }
  return JSON.stringify(await (await webAuthnOf(kit)).get(options, kit.signal))
}
