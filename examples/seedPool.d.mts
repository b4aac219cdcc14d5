// Types of seedPool.mjs.
/** The seeded demo user. */
export declare const DEMO_USER: { username: string; password: string }
/** A second user with a permanent password (TOTP enrolment at the first sign-in, like the demo user). */
export declare const SECOND_USER: { username: string; password: string }
/** A user with a temporary password (NEW_PASSWORD_REQUIRED at first sign-in). */
export declare const NEW_USER: { username: string; temporaryPassword: string; newPassword: string }
/** Seeds a pool (MFA on, TOTP, remember-on-prompt devices, sign-up codes by e-mail), an app client for SRP and USER_AUTH, the demo user, a second user and a user with a temporary password. */
export declare function seedPool(server: {
  endpoint: string
  region: string
  clock?: { now(): number }
}): Promise<{ userPoolId: string; clientId: string }>
/** The passwordless pool's user who signs in with a code by e-mail or a passkey (a random password no one is told). */
export declare const PASSWORDLESS_USER: { username: string }
/** The passwordless pool's user with a password and TOTP (enrolled when seeded). */
export declare const TOTP_USER: { username: string; password: string }
/** Seeds the passwordless variant's pool (MFA optional, USER_AUTH with PASSWORD, EMAIL_OTP and WEB_AUTHN, relying party localhost, remember-on-prompt devices) and its two users; returns the TOTP user's secret. */
export declare function seedPasswordlessPool(server: {
  endpoint: string
  region: string
  clock?: { now(): number }
}): Promise<{ userPoolId: string; clientId: string; totpSecret: string }>
