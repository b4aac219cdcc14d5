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
