import { bytesToBigInt, randomBytes } from './encoding'
import { SrpError } from './errors'
import { requireNonZeroModN } from './math'
import { currentRoute } from './modPow'

/**
 * The client's SRP ephemeral for one exchange: `srpA` goes to Cognito as `SRP_A`. The secret exponent
 * behind it is held by the engine and cannot be read, serialised or logged through this object.
 */
export interface SrpEphemeral {
  /** `A = g^a mod N` as minimal lower-case hex, the `SRP_A` parameter. */
  readonly srpA: string
}

interface Secret {
  a: bigint
  A: bigint
}

const secrets = new WeakMap<SrpEphemeral, Secret>()

/** Builds an ephemeral from a known secret exponent. Used by the public vectors' tests. @internal */
export function ephemeralFromSecret(a: bigint): SrpEphemeral {
  const A = requireNonZeroModN(currentRoute().gPow(a), 'INVALID_EPHEMERAL', 'A')
  const ephemeral: SrpEphemeral = Object.freeze({ srpA: A.toString(16) })
  secrets.set(ephemeral, { a, A })
  return ephemeral
}

/** The secret behind an ephemeral this engine made. @internal */
export function secretOf(ephemeral: SrpEphemeral): Secret {
  const secret = secrets.get(ephemeral)
  if (!secret) throw new SrpError('INVALID_EPHEMERAL', 'not an ephemeral of generateEphemeral()')
  return secret
}

/**
 * Draws a fresh SRP ephemeral: a 128-byte random secret `a` and `A = g^a mod N`. Use a new one for every
 * SRP exchange (the user's PASSWORD_VERIFIER and the device's DEVICE_PASSWORD_VERIFIER each get their own).
 *
 * @example
 * ```ts
 * import { generateEphemeral } from 'cognito-auth-machine/srp'
 * const ephemeral = await generateEphemeral()
 * // InitiateAuth({ AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME, SRP_A: ephemeral.srpA } })
 * ```
 */
export async function generateEphemeral(): Promise<SrpEphemeral> {
  for (;;) {
    try {
      return ephemeralFromSecret(bytesToBigInt(randomBytes(128)))
    } catch (error) {
      // A = 0 mod N cannot happen for a < N with a prime N; redraw rather than trust that.
      if (!(error instanceof SrpError)) throw error
    }
  }
}
