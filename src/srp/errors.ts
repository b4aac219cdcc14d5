/**
 * What went wrong in an SRP computation. Each code names one kind of bad input; none of them is ever
 * raised with a wrong claim already computed.
 */
export type SrpErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_HEX'
  | 'INVALID_BASE64'
  | 'INVALID_POOL_ID'
  | 'EMPTY_PASSWORD'
  | 'INVALID_SRP_B'
  | 'INVALID_U'
  | 'INVALID_EPHEMERAL'

/**
 * Raised by the SRP engine for input it refuses: malformed hex or base64, `SRP_B = 0 mod N`, `u = 0`,
 * an empty password, a pool id without `_`, or an ephemeral that this engine did not create.
 *
 * The message names the field at fault and never contains a password or a secret.
 *
 * @example
 * ```ts
 * import { computePasswordClaim, generateEphemeral, SrpError } from 'cognito-auth-machine/srp'
 *
 * try {
 *   const ephemeral = await generateEphemeral()
 *   await computePasswordClaim({ poolId: 'us-east-1_AbC', userIdForSrp: 'alice', password: 'pw', srpB: '0', salt: '1', secretBlock: 'AA==', ephemeral })
 * } catch (e) {
 *   if (e instanceof SrpError && e.code === 'INVALID_SRP_B') console.error('server sent a bad SRP_B')
 * }
 * ```
 */
export class SrpError extends Error {
  /** The kind of bad input. */
  readonly code: SrpErrorCode

  /**
   * @param code - the kind of bad input
   * @param message - a human-readable explanation naming the field at fault
   */
  constructor(code: SrpErrorCode, message: string) {
    super(message)
    this.name = 'SrpError'
    this.code = code
  }
}
