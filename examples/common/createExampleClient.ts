import { createAuthClient, fetchTransport, type AuthClient, type AuthView } from 'cognito-auth-machine'
import { idbStorage } from 'cognito-auth-machine/storage/idb'
import { webStorage } from 'cognito-auth-machine/storage/web'
import { renderSVG } from 'uqr'

/** What the browser tests read of the example's client (test/browser): its tokens and its view, nothing else. */
export type ExposedAuthClient = Pick<AuthClient, 'getTokens' | 'getView'>

declare global {
  interface Window {
    /** For the browser tests only (test/browser), and only in a build made with `VITE_COGNITO_EXPOSE_FOR_TESTS=true`. */
    __cognitoAuthClient?: ExposedAuthClient
  }
}

/**
 * The client every example uses: the pool from the environment (`examples/dev.mjs` fills it in for the
 * local server), the fetch transport (no AWS SDK in the bundle), device records and tokens in
 * IndexedDB (or, with `VITE_COGNITO_STORAGE=local` or `session`, in Web Storage), and a trust policy so
 * a remembered device skips MFA for a limited time. With `VITE_COGNITO_AUTH_FLOW=USER_AUTH` it signs in by
 * choice (the password, a code by e-mail or text, a passkey: see {@link choiceBasedSignIn}). The adapters'
 * `useAuth` starts it (by subscribing).
 */
export function createExampleClient(): AuthClient {
  const env = import.meta.env
  const userPoolId = env.VITE_COGNITO_USER_POOL_ID
  const clientId = env.VITE_COGNITO_CLIENT_ID
  if (!userPoolId || !clientId)
    throw new Error('Set VITE_COGNITO_USER_POOL_ID and VITE_COGNITO_CLIENT_ID (or run the example with npm run example:<name>).')
  const web = env.VITE_COGNITO_STORAGE === 'local' || env.VITE_COGNITO_STORAGE === 'session' ? env.VITE_COGNITO_STORAGE : null
  const client = createAuthClient({
    userPoolId,
    clientId,
    ...(env.VITE_COGNITO_REGION ? { region: env.VITE_COGNITO_REGION } : {}),
    ...(env.VITE_COGNITO_ENDPOINT ? { endpoint: env.VITE_COGNITO_ENDPOINT } : {}),
    transport: fetchTransport(),
    storage: web ? webStorage({ storage: web, prefix: `${userPoolId}/${clientId}:` }) : idbStorage({ userPoolId, clientId }),
    trust: { days: Number(env.VITE_COGNITO_TRUST_DAYS ?? 30) },
    ...(choiceBasedSignIn() ? { authFlow: 'USER_AUTH' as const } : {}),
  })
  // For the browser tests (test/browser/storage.browser.ts reads getTokens() from a second tab); an app has no use for it.
  if (env.VITE_COGNITO_EXPOSE_FOR_TESTS === 'true') {
    window.__cognitoAuthClient = { getTokens: () => client.getTokens(), getView: () => client.getView() }
  }
  return client
}

/**
 * Whether the app signs in by choice (`VITE_COGNITO_AUTH_FLOW=USER_AUTH`, the passwordless variant): the sign-in
 * form takes the user name alone, the user chooses among the factors Cognito offers (the password, a code, a
 * passkey), and the account page has passkeys. The pool must allow it (`ALLOW_USER_AUTH`, its first factors,
 * a relying party for passkeys): `examples/seedPool.mjs`' passwordless pool does.
 */
export const choiceBasedSignIn = (): boolean => import.meta.env.VITE_COGNITO_AUTH_FLOW === 'USER_AUTH'

/**
 * Runs a command from a button or form without awaiting it: the view shows what follows. A command
 * rejects only when the step does not take it (`INVALID_STATE`, e.g. a second click while the first is
 * under way); nothing changed then, so there is nothing to show, and the rejection is not left unhandled.
 */
export function run(command: Promise<AuthView>): void {
  command.catch((error: unknown) => console.debug('command not taken:', error))
}

/** An `otpauth://` URI as an SVG QR code, for an authenticator app to scan. */
export const qrCodeSvg = (uri: string): string => renderSVG(uri, { border: 2 })

/** A date for people, in their locale. */
export const formatDate = (epochMs: number | null): string => (epochMs === null ? '—' : new Date(epochMs).toLocaleString())

/** A named field of a submitted form, as text ('' when missing). */
export const field = (form: FormData, name: string): string => {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}

/** The text fields of a submitted form other than `except` (the new-password form's required attributes). */
export const otherFields = (form: FormData, ...except: string[]): Record<string, string> =>
  Object.fromEntries([...form].flatMap(([name, value]) => (typeof value === 'string' && !except.includes(name) ? [[name, value]] : [])))
