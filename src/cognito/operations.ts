/**
 * The Cognito user-pool operations the client uses, with their wire shapes (AWS JSON 1.1, the same
 * PascalCase names as the API reference and the AWS SDK v3). Timestamps are epoch seconds.
 */

/** Cognito's answer to InitiateAuth and RespondToAuthChallenge. */
export interface AuthChallengeResponse {
  /** The next challenge, when there is one. */
  ChallengeName?: string
  /** The session to send back with the answer to the challenge. */
  Session?: string
  /** The challenge's parameters (all values are strings). */
  ChallengeParameters?: Record<string, string>
  /** The first factors the user may choose (SELECT_CHALLENGE, choice-based sign-in). */
  AvailableChallenges?: string[]
  /** The tokens, when sign-in is complete. */
  AuthenticationResult?: AuthenticationResult
}

/** Tokens returned at the end of sign-in or by a refresh. */
export interface AuthenticationResult {
  /** The access token (JWT). */
  AccessToken?: string
  /** The ID token (JWT). */
  IdToken?: string
  /** The refresh token (absent on refresh, unless rotation is on). */
  RefreshToken?: string
  /** Seconds until the access and ID tokens expire. */
  ExpiresIn?: number
  /** `Bearer`. */
  TokenType?: string
  /** Present when device tracking is on and no known `DEVICE_KEY` was presented. */
  NewDeviceMetadata?: { DeviceKey?: string; DeviceGroupKey?: string }
}

/** A device as ListDevices and GetDevice describe it. */
export interface DeviceType {
  /** The device key. */
  DeviceKey?: string
  /** `device_name`, `dev:device_remembered_status`, `last_ip_used`, ... */
  DeviceAttributes?: { Name: string; Value?: string }[]
  /** Epoch seconds. */
  DeviceCreateDate?: number
  /** Epoch seconds. */
  DeviceLastModifiedDate?: number
  /** Epoch seconds. */
  DeviceLastAuthenticatedDate?: number
}

/** Threat protection's context of a request: the end user's device fingerprint, and (servers) their address. */
export interface UserContextDataType {
  /** The end user's IP address (a confidential server passes its visitor's). */
  IpAddress?: string
  /** The fingerprint from AWS's advanced-security script (`EncodedData`). */
  EncodedData?: string
}

/** Where Cognito sent a code. */
export interface CodeDeliveryDetailsType {
  /** The masked e-mail address or phone number. */
  Destination?: string
  /** `EMAIL` or `SMS`. */
  DeliveryMedium?: string
  /** The attribute the code went to (`email`, `phone_number`). */
  AttributeName?: string
}

/** Name and value of a user attribute. */
export interface AttributeType {
  /** The attribute's name (`email`, `custom:plan`). */
  Name: string
  /** Its value. */
  Value?: string
}

/** The fields every unauthenticated account call (sign-up, codes, password reset) shares. */
export interface PublicCall {
  /** The app client id. */
  ClientId: string
  /** The user name (or alias). */
  Username: string
  /** SECRET_HASH, for a confidential client. */
  SecretHash?: string
  /** Threat protection's context. */
  UserContextData?: UserContextDataType
  /** For the pool's Lambda triggers only. */
  ClientMetadata?: Record<string, string>
}

/** A passkey of the user as ListWebAuthnCredentials describes it. */
export interface WebAuthnCredentialDescription {
  /** The credential id (base64url). */
  CredentialId?: string
  /** A name Cognito gives it (from the authenticator and the browser). */
  FriendlyCredentialName?: string
  /** The relying party (domain) it is for. */
  RelyingPartyId?: string
  /** `platform` (built into the device) or `cross-platform` (a security key, a phone). */
  AuthenticatorAttachment?: string
  /** How the authenticator is reached: `internal`, `usb`, `nfc`, `ble`, `hybrid`. */
  AuthenticatorTransports?: string[]
  /** Epoch seconds. */
  CreatedAt?: number
}

/** Request and response of each operation, keyed by the operation's name (the `X-Amz-Target` suffix). */
export interface CognitoOperations {
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html */
  InitiateAuth: {
    input: {
      ClientId: string
      AuthFlow: string
      AuthParameters: Record<string, string>
      ClientMetadata?: Record<string, string>
      Session?: string
      UserContextData?: UserContextDataType
    }
    output: AuthChallengeResponse
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html */
  RespondToAuthChallenge: {
    input: {
      ClientId: string
      ChallengeName: string
      Session?: string
      ChallengeResponses: Record<string, string>
      ClientMetadata?: Record<string, string>
      UserContextData?: UserContextDataType
    }
    output: AuthChallengeResponse
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html */
  SignUp: {
    input: PublicCall & { Password: string; UserAttributes?: AttributeType[]; ValidationData?: AttributeType[] }
    output: { UserConfirmed?: boolean; UserSub?: string; CodeDeliveryDetails?: CodeDeliveryDetailsType; Session?: string }
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmSignUp.html */
  ConfirmSignUp: {
    input: PublicCall & { ConfirmationCode: string; Session?: string }
    output: { Session?: string }
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ResendConfirmationCode.html */
  ResendConfirmationCode: {
    input: PublicCall
    output: { CodeDeliveryDetails?: CodeDeliveryDetailsType }
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgotPassword.html */
  ForgotPassword: {
    input: PublicCall
    output: { CodeDeliveryDetails?: CodeDeliveryDetailsType }
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmForgotPassword.html */
  ConfirmForgotPassword: {
    input: PublicCall & { ConfirmationCode: string; Password: string }
    output: Record<string, never>
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AssociateSoftwareToken.html */
  AssociateSoftwareToken: {
    input: { AccessToken?: string; Session?: string }
    output: { SecretCode?: string; Session?: string }
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_VerifySoftwareToken.html */
  VerifySoftwareToken: {
    input: { AccessToken?: string; Session?: string; UserCode: string; FriendlyDeviceName?: string }
    output: { Status?: 'SUCCESS' | 'ERROR' | string; Session?: string }
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmDevice.html */
  ConfirmDevice: {
    input: {
      AccessToken: string
      DeviceKey: string
      DeviceSecretVerifierConfig: { PasswordVerifier: string; Salt: string }
      DeviceName?: string
    }
    output: { UserConfirmationNecessary?: boolean }
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateDeviceStatus.html */
  UpdateDeviceStatus: {
    input: { AccessToken: string; DeviceKey: string; DeviceRememberedStatus: 'remembered' | 'not_remembered' }
    output: Record<string, never>
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetDevice.html */
  GetDevice: {
    input: { AccessToken: string; DeviceKey: string }
    output: { Device?: DeviceType }
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListDevices.html */
  ListDevices: {
    input: { AccessToken: string; Limit?: number; PaginationToken?: string }
    output: { Devices?: DeviceType[]; PaginationToken?: string }
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgetDevice.html */
  ForgetDevice: {
    input: { AccessToken?: string; DeviceKey: string }
    output: Record<string, never>
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GlobalSignOut.html */
  GlobalSignOut: {
    input: { AccessToken: string }
    output: Record<string, never>
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RevokeToken.html */
  RevokeToken: {
    input: { Token: string; ClientId: string; ClientSecret?: string }
    output: Record<string, never>
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUser.html */
  GetUser: {
    input: { AccessToken: string }
    output: {
      Username?: string
      UserAttributes?: { Name?: string; Value?: string }[]
      UserMFASettingList?: string[]
      PreferredMfaSetting?: string
    }
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ChangePassword.html */
  ChangePassword: {
    input: { AccessToken: string; PreviousPassword?: string; ProposedPassword: string }
    output: Record<string, never>
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUserAttributeVerificationCode.html */
  GetUserAttributeVerificationCode: {
    input: { AccessToken: string; AttributeName: string }
    output: { CodeDeliveryDetails?: CodeDeliveryDetailsType }
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_VerifyUserAttribute.html */
  VerifyUserAttribute: {
    input: { AccessToken: string; AttributeName: string; Code: string }
    output: Record<string, never>
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserMFAPreference.html */
  SetUserMFAPreference: {
    input: { AccessToken: string } & Partial<
      Record<'SMSMfaSettings' | 'SoftwareTokenMfaSettings' | 'EmailMfaSettings', { Enabled?: boolean; PreferredMfa?: boolean }>
    >
    output: Record<string, never>
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteUser.html */
  DeleteUser: {
    input: { AccessToken: string }
    output: Record<string, never>
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserAttributes.html */
  UpdateUserAttributes: {
    input: { AccessToken: string; UserAttributes: { Name: string; Value: string }[] }
    output: { CodeDeliveryDetailsList?: CodeDeliveryDetailsType[] }
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_StartWebAuthnRegistration.html */
  StartWebAuthnRegistration: {
    input: { AccessToken: string }
    /** `CredentialCreationOptions`: WebAuthn's `PublicKeyCredentialCreationOptionsJSON`, as a JSON object (not a string). */
    output: { CredentialCreationOptions?: Record<string, unknown> }
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CompleteWebAuthnRegistration.html */
  CompleteWebAuthnRegistration: {
    /** `Credential`: the ceremony's `RegistrationResponseJSON`, as a JSON object. */
    input: { AccessToken: string; Credential: Record<string, unknown> }
    output: Record<string, never>
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListWebAuthnCredentials.html */
  ListWebAuthnCredentials: {
    input: { AccessToken: string; NextToken?: string; MaxResults?: number }
    output: { Credentials?: WebAuthnCredentialDescription[]; NextToken?: string }
  }
  /** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteWebAuthnCredential.html */
  DeleteWebAuthnCredential: {
    input: { AccessToken: string; CredentialId: string }
    output: Record<string, never>
  }
}

/** The name of an operation the client uses. */
export type CognitoOperation = keyof CognitoOperations

/** The request body of an operation. */
export type CognitoInput<O extends CognitoOperation> = CognitoOperations[O]['input']

/** The response body of an operation. */
export type CognitoOutput<O extends CognitoOperation> = CognitoOperations[O]['output']
