// A pool's passkey settings: SetUserPoolMfaConfig's WebAuthnConfiguration, read and echoed.
import { errors } from '../errors'
import type { Input } from '../input'
import type { WebAuthnSettings } from '../store/types'

/** What a new pool has: no relying party id (so no passkeys), user verification preferred. @internal */
export const NO_WEB_AUTHN: WebAuthnSettings = { relyingPartyId: undefined, userVerification: 'preferred', factorConfiguration: undefined }

const FACTOR_CONFIGURATIONS = ['SINGLE_FACTOR', 'MULTI_FACTOR_WITH_USER_VERIFICATION'] as const

/**
 * `WebAuthnConfiguration` of SetUserPoolMfaConfig: `RelyingPartyId` (1 to 127 characters, a host name such as
 * `localhost` or `example.com`), `UserVerification` (`required` or `preferred`, the default) and
 * `FactorConfiguration` (echoed only). Absent: the pool keeps what it had. @internal
 */
export function readWebAuthnConfiguration(input: Input, current: WebAuthnSettings): WebAuthnSettings {
  const config = input.obj('WebAuthnConfiguration')
  if (!config) return current
  const relyingPartyId = config.str('RelyingPartyId', 127)
  if (relyingPartyId !== undefined && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(relyingPartyId)) {
    throw errors.invalidParameter(`RelyingPartyId ${relyingPartyId} is not a domain name.`)
  }
  return {
    relyingPartyId: relyingPartyId?.toLowerCase(),
    userVerification: config.oneOf('UserVerification', ['required', 'preferred'] as const) ?? 'preferred',
    factorConfiguration: config.oneOf('FactorConfiguration', FACTOR_CONFIGURATIONS),
  }
}

/** `WebAuthnConfiguration` as GetUserPoolMfaConfig and SetUserPoolMfaConfig answer it. @internal */
export function describeWebAuthn(settings: WebAuthnSettings): Record<string, unknown> {
  return {
    ...(settings.relyingPartyId === undefined ? {} : { RelyingPartyId: settings.relyingPartyId }),
    UserVerification: settings.userVerification,
    ...(settings.factorConfiguration === undefined ? {} : { FactorConfiguration: settings.factorConfiguration }),
  }
}
