/**
 * A Cognito error as the local server sends it: HTTP status, `__type` and `message`, with the names
 * and messages of the real service.
 */
export class CognitoError extends Error {
  /** The `__type` on the wire, e.g. `NotAuthorizedException`. */
  readonly type: string
  /** The HTTP status; 400 for every client error, as the real service sends. */
  readonly status: number

  /**
   * @param type - the `__type` name
   * @param message - the message, verbatim
   * @param status - the HTTP status (400 unless given)
   */
  constructor(type: string, message: string, status = 400) {
    super(message)
    this.name = type
    this.type = type
    this.status = status
  }
}

const make = (type: string) => (message: string) => new CognitoError(type, message)

/** Factories for the errors the server raises, by `__type`. @internal */
export const errors = {
  /** Any other `__type`. */
  make: (type: string, message: string) => new CognitoError(type, message),
  notAuthorized: make('NotAuthorizedException'),
  invalidParameter: make('InvalidParameterException'),
  resourceNotFound: make('ResourceNotFoundException'),
  userNotFound: make('UserNotFoundException'),
  codeMismatch: make('CodeMismatchException'),
  expiredCode: make('ExpiredCodeException'),
  invalidPassword: make('InvalidPasswordException'),
  usernameExists: make('UsernameExistsException'),
  aliasExists: make('AliasExistsException'),
  serialization: make('SerializationException'),
  unknownOperation: make('UnknownOperationException'),
  unauthorized: make('UnauthorizedException'),
  unsupportedTokenType: make('UnsupportedTokenTypeException'),
  unsupportedOperation: make('UnsupportedOperationException'),
  softwareTokenNotFound: make('SoftwareTokenMFANotFoundException'),
  enableSoftwareToken: make('EnableSoftwareTokenMFAException'),
  mfaMethodNotFound: make('MFAMethodNotFoundException'),
  invalidUserPoolConfiguration: make('InvalidUserPoolConfigurationException'),
  userNotConfirmed: make('UserNotConfirmedException'),
  passwordResetRequired: make('PasswordResetRequiredException'),
}

/** Messages reproduced verbatim from the real service. @internal */
export const MESSAGES = {
  badCredentials: 'Incorrect username or password.',
  userMissing: 'User does not exist.',
  sessionInvalid: 'Invalid session for the user.',
  sessionExpired: 'Invalid session for the user, session is expired.',
  sessionUsed: 'Invalid session for the user, session can only be used once.',
  tokenRevoked: 'Access Token has been revoked',
  tokenExpired: 'Access Token has expired',
  tokenInvalid: 'Invalid Access Token',
  refreshInvalid: 'Invalid Refresh Token',
  refreshExpired: 'Refresh Token has expired',
  deviceMissing: 'Device does not exist.',
  codeMismatch: 'Invalid code or auth state for the user.',
  totpMismatch: 'Code mismatch and fail enable Software Token MFA',
  totpMissing: 'Software Token MFA does not exist for the user.',
  missingSession: 'Missing required parameter Session',
} as const
