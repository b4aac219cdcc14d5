import {
  AssociateSoftwareTokenCommand,
  ChangePasswordCommand,
  CompleteWebAuthnRegistrationCommand,
  CognitoIdentityProviderClient,
  ConfirmDeviceCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  DeleteUserCommand,
  DeleteWebAuthnCredentialCommand,
  ForgotPasswordCommand,
  ForgetDeviceCommand,
  GetDeviceCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  ListWebAuthnCredentialsCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  SignUpCommand,
  StartWebAuthnRegistrationCommand,
  UpdateDeviceStatusCommand,
  UpdateUserAttributesCommand,
  VerifySoftwareTokenCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import type { CognitoTarget } from './CognitoTransport'
import type { CognitoOperation } from './operations'

/** The SDK command of each operation the client sends (named imports, so a bundler keeps only these). */
const COMMANDS: Record<CognitoOperation, new (input: never) => unknown> = {
  InitiateAuth: InitiateAuthCommand,
  RespondToAuthChallenge: RespondToAuthChallengeCommand,
  AssociateSoftwareToken: AssociateSoftwareTokenCommand,
  VerifySoftwareToken: VerifySoftwareTokenCommand,
  ConfirmDevice: ConfirmDeviceCommand,
  UpdateDeviceStatus: UpdateDeviceStatusCommand,
  GetDevice: GetDeviceCommand,
  ListDevices: ListDevicesCommand,
  ForgetDevice: ForgetDeviceCommand,
  GlobalSignOut: GlobalSignOutCommand,
  RevokeToken: RevokeTokenCommand,
  GetUser: GetUserCommand,
  UpdateUserAttributes: UpdateUserAttributesCommand,
  SignUp: SignUpCommand,
  ConfirmSignUp: ConfirmSignUpCommand,
  ResendConfirmationCode: ResendConfirmationCodeCommand,
  ForgotPassword: ForgotPasswordCommand,
  ConfirmForgotPassword: ConfirmForgotPasswordCommand,
  ChangePassword: ChangePasswordCommand,
  GetUserAttributeVerificationCode: GetUserAttributeVerificationCodeCommand,
  VerifyUserAttribute: VerifyUserAttributeCommand,
  SetUserMFAPreference: SetUserMFAPreferenceCommand,
  DeleteUser: DeleteUserCommand,
  StartWebAuthnRegistration: StartWebAuthnRegistrationCommand,
  CompleteWebAuthnRegistration: CompleteWebAuthnRegistrationCommand,
  ListWebAuthnCredentials: ListWebAuthnCredentialsCommand,
  DeleteWebAuthnCredential: DeleteWebAuthnCredentialCommand,
}

/**
 * One request through the AWS SDK, without retry: the SDK's output, or its error as thrown; `undefined`
 * for an operation the client does not send.
 */
export type SdkCall = (
  operation: string,
  input: unknown,
  target: CognitoTarget,
  signal: AbortSignal | undefined,
) => Promise<Record<string, unknown>> | undefined

interface SdkClient {
  send(command: unknown, options: { abortSignal?: AbortSignal | undefined }): Promise<unknown>
}

/**
 * The part of {@link awsSdkTransport} that needs the SDK, loaded with it on the first request: a module
 * of its own that imports nothing else of this package, so a bundle that never sends through the SDK
 * carries none of it and shares no code with it. One SDK client per region and endpoint.
 *
 * @param endpointOverride - the transport's `endpoint` option
 */
export function sdkCall(endpointOverride: string | undefined): SdkCall {
  const clients = new Map<string, SdkClient>()
  function clientFor(target: CognitoTarget): SdkClient {
    const endpoint = endpointOverride ?? target.endpoint
    const key = `${target.region} ${endpoint ?? ''}`
    let client = clients.get(key)
    if (!client) {
      client = new CognitoIdentityProviderClient({
        region: target.region,
        maxAttempts: 1,
        ...(endpoint ? { endpoint } : {}),
      }) as unknown as SdkClient
      clients.set(key, client)
    }
    return client
  }
  return (operation, input, target, signal) => {
    const Command = Object.hasOwn(COMMANDS, operation) ? COMMANDS[operation as CognitoOperation] : undefined
    return Command && (clientFor(target).send(new Command(input as never), { abortSignal: signal }) as Promise<Record<string, unknown>>)
  }
}
