import { requireText } from './claim'
import { bytesToBigInt, padBytes, randomBytes, toBase64 } from './encoding'
import { computeX } from './math'
import { currentRoute } from './modPow'

/** Input of {@link createDeviceVerifier}: the NewDeviceMetadata Cognito returned. */
export interface DeviceVerifierInput {
  /** `NewDeviceMetadata.DeviceGroupKey`. */
  deviceGroupKey: string
  /** `NewDeviceMetadata.DeviceKey`. */
  deviceKey: string
}

/** A new device's secret and the verifier Cognito stores for it. */
export interface DeviceVerifier {
  /** The device's random password (base64 of 40 random bytes). Keep it secret, in storage only. */
  devicePassword: string
  /** `DeviceSecretVerifierConfig.PasswordVerifier`: base64 of padHex(g^x mod N). */
  passwordVerifier: string
  /** `DeviceSecretVerifierConfig.Salt`: base64 of the salt bytes hashed into x. */
  salt: string
}

/** Builds the verifier from a known password and salt bytes (used verbatim). @internal */
export async function deviceVerifierFrom(
  input: DeviceVerifierInput & { devicePassword: string; saltBytes: Uint8Array },
): Promise<DeviceVerifier> {
  const groupKey = requireText(input.deviceGroupKey, 'deviceGroupKey')
  const deviceKey = requireText(input.deviceKey, 'deviceKey')
  const x = await computeX(input.saltBytes, groupKey, deviceKey, input.devicePassword)
  return {
    devicePassword: input.devicePassword,
    passwordVerifier: toBase64(padBytes(currentRoute().gPow(x))),
    salt: toBase64(input.saltBytes),
  }
}

/**
 * Makes a new device's secret (`devicePassword`) and the `DeviceSecretVerifierConfig` for ConfirmDevice
 * (guides/srp.md, 'A new device: the device verifier'): the password is base64 of 40 random bytes, the
 * salt padHex of 16 random bytes.
 *
 * @throws {@link SrpError} `INVALID_INPUT` when a key is missing.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmDevice.html
 * @example
 * ```ts
 * import { createDeviceVerifier } from 'cognito-auth-machine/srp'
 *
 * // AuthenticationResult.NewDeviceMetadata of a sign-in
 * const { DeviceKey: deviceKey, DeviceGroupKey: deviceGroupKey } = { DeviceKey: 'us-east-1_627477ae-3631', DeviceGroupKey: '-FDRunwQv' }
 * const { devicePassword, passwordVerifier, salt } = await createDeviceVerifier({ deviceGroupKey, deviceKey })
 * // keep devicePassword secret (with the two keys); send the rest:
 * // ConfirmDevice({ AccessToken, DeviceKey: deviceKey, DeviceSecretVerifierConfig: { PasswordVerifier: passwordVerifier, Salt: salt } })
 * ```
 */
export async function createDeviceVerifier(input: DeviceVerifierInput): Promise<DeviceVerifier> {
  return deviceVerifierFrom({
    ...input,
    devicePassword: toBase64(randomBytes(40)),
    saltBytes: padBytes(bytesToBigInt(randomBytes(16))),
  })
}
