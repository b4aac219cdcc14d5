// @simplewebauthn/server, loaded on first use: it is an optional peer dependency of cognito-auth-machine, needed only
// by the passkey operations and the WEB_AUTHN answer, so that users of ./testing who never touch passkeys need not
// install it.
import { CognitoError } from '../errors'

/** The two entry points of @simplewebauthn/server the verification uses. @internal */
export interface WebAuthnLibrary {
  server: typeof import('@simplewebauthn/server')
  helpers: typeof import('@simplewebauthn/server/helpers')
}

let loading: Promise<WebAuthnLibrary> | undefined

/** Whether an import failed because the package is not installed (a loader may wrap that error as the cause of its own). */
function isMissing(error: unknown): boolean {
  for (let at = error, depth = 0; at && depth < 4; at = (at as { cause?: unknown }).cause, depth++) {
    const code = (at as { code?: unknown }).code
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return true
  }
  return false
}

/**
 * @simplewebauthn/server, imported once. Not installed: `InternalErrorException` (HTTP 500) whose message says to
 * install it; the next call tries again. @internal
 */
export function webAuthnLibrary(): Promise<WebAuthnLibrary> {
  loading ??= Promise.all([import('@simplewebauthn/server'), import('@simplewebauthn/server/helpers')]).then(
    ([server, helpers]) => ({ server, helpers }),
    (error: unknown) => {
      loading = undefined
      if (!isMissing(error)) throw error
      throw new CognitoError(
        'InternalErrorException',
        'Passkeys in the local server need the optional peer dependency @simplewebauthn/server: npm install --save-dev @simplewebauthn/server',
        500,
      )
    },
  )
  return loading
}
