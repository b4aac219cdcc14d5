/**
 * Cognito's SRP variant, byte-exact: the user's PASSWORD_VERIFIER claim, a new device's verifier for
 * ConfirmDevice, the remembered device's DEVICE_PASSWORD_VERIFIER claim, and SECRET_HASH.
 *
 * Modular exponentiation runs on OpenSSL through node:crypto on Node, and on native BigInt elsewhere;
 * both give the same bytes. Hashing uses node:crypto or WebCrypto; no other library.
 *
 * @packageDocumentation
 */
export { generateEphemeral, type SrpEphemeral } from './ephemeral'
export {
  computePasswordClaim,
  computeDeviceClaim,
  type SrpChallenge,
  type SrpClaim,
  type PasswordClaimInput,
  type DeviceClaimInput,
} from './claim'
export { createDeviceVerifier, type DeviceVerifier, type DeviceVerifierInput } from './deviceVerifier'
export { secretHash, type SecretHashInput } from './secretHash'
export { formatTimestamp } from './timestamp'
export { SrpError, type SrpErrorCode } from './errors'
