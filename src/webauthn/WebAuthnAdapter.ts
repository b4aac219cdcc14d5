/**
 * The WebAuthn ceremony behind one small interface, so that the client never touches `navigator` itself: the
 * browser adapter (`browserWebAuthn`) runs `navigator.credentials.create`/`get`; Node services and tests
 * pass a software authenticator (`softwareAuthenticator` from `cognito-auth-machine/testing`). Both take and
 * return the JSON forms of WebAuthn Level 3, which are what Cognito sends and takes: binary fields are base64url
 * strings.
 */

/**
 * `PublicKeyCredentialCreationOptionsJSON`: StartWebAuthnRegistration's `CredentialCreationOptions`, as Cognito
 * sends it (`rp`, `user`, `challenge`, `pubKeyCredParams`, `excludeCredentials`, `authenticatorSelection`, ...).
 */
export type CreationOptionsJSON = Record<string, unknown>

/**
 * `PublicKeyCredentialRequestOptionsJSON`: the WEB_AUTHN challenge's `CREDENTIAL_REQUEST_OPTIONS`, parsed
 * (`challenge`, `rpId`, `allowCredentials`, `userVerification`, `timeout`, ...).
 */
export type RequestOptionsJSON = Record<string, unknown>

/**
 * `RegistrationResponseJSON` or `AuthenticationResponseJSON`: the credential the ceremony made, with `id`, `rawId`,
 * `type: 'public-key'`, `response` (base64url fields), `clientExtensionResults` and `authenticatorAttachment`.
 */
export type CredentialJSON = Record<string, unknown>

/**
 * Runs the two WebAuthn ceremonies. A failure is thrown as an {@link AuthError}: `PASSKEY_CANCELLED` (the user
 * cancelled or the ceremony timed out: the browser's `NotAllowedError`), `PASSKEY_EXISTS` (registration: this
 * authenticator already holds a passkey of the account, `InvalidStateError`), `WEB_AUTHN_RELYING_PARTY_MISMATCH`
 * (the relying party id is not valid for this page's origin, `SecurityError`), `PASSKEY_NOT_SUPPORTED` (no
 * WebAuthn here), `INVALID_PARAMETER` (options that are not WebAuthn's JSON).
 */
export interface WebAuthnAdapter {
  /**
   * Registration: `navigator.credentials.create` with Cognito's creation options.
   *
   * @param options - StartWebAuthnRegistration's `CredentialCreationOptions`
   * @param signal - aborts the ceremony (the client's cancel)
   * @returns the `RegistrationResponseJSON` CompleteWebAuthnRegistration takes
   */
  create(options: CreationOptionsJSON, signal?: AbortSignal): Promise<CredentialJSON>
  /**
   * Authentication: `navigator.credentials.get` with the WEB_AUTHN challenge's request options.
   *
   * @param options - the parsed `CREDENTIAL_REQUEST_OPTIONS`
   * @param signal - aborts the ceremony (the client's cancel)
   * @returns the `AuthenticationResponseJSON` the WEB_AUTHN answer carries as `CREDENTIAL`
   */
  get(options: RequestOptionsJSON, signal?: AbortSignal): Promise<CredentialJSON>
}
