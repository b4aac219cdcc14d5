/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** A Cognito endpoint other than AWS's: the local server's address in development. */
  readonly VITE_COGNITO_ENDPOINT?: string
  /** The region; default the prefix of the pool id. */
  readonly VITE_COGNITO_REGION?: string
  /** The user pool id. */
  readonly VITE_COGNITO_USER_POOL_ID: string
  /** The app client id (a public client: no secret in a browser). */
  readonly VITE_COGNITO_CLIENT_ID: string
  /** `local` or `session` keeps device records and tokens in Web Storage; IndexedDB otherwise. */
  readonly VITE_COGNITO_STORAGE?: string
  /** Days a remembered device skips MFA; default 30. */
  readonly VITE_COGNITO_TRUST_DAYS?: string
  /** `USER_AUTH`: choice-based sign-in (the password, a code by e-mail, a passkey) and passkeys on the account page; SRP otherwise. */
  readonly VITE_COGNITO_AUTH_FLOW?: string
  /** `true` exposes `window.__cognitoAuthClient` (getTokens, getView) for the browser tests; never set in an app. */
  readonly VITE_COGNITO_EXPOSE_FOR_TESTS?: string
}
