/**
 * The server side of Cognito's SRP (B = k·v + g^b, S = (A·v^u)^b; guides/srp.md gives the client side),
 * for the local Cognito-compatible server and for tests that check a client's claim. Not part of the
 * `./srp` entry point.
 */
import { k, N } from './constants'
import { bytesToBigInt, padBytes, parseHex, randomBytes } from './encoding'
import { computeU, computeX, deriveKey, requireNonZeroModN, signClaim } from './math'
import { currentRoute } from './modPow'

/** A verifier as the server keeps it: v and the salt bytes hashed into x. */
export interface SrpVerifier {
  v: bigint
  saltBytes: Uint8Array
}

/** The server's half of one exchange. */
export interface ServerEphemeral {
  b: bigint
  B: bigint
  /** `SRP_B` on the wire: minimal lower-case hex. */
  srpB: string
}

/** A user's verifier from the password, with a fresh salt (or the given one). */
export async function createUserVerifier(
  poolName: string,
  userIdForSrp: string,
  password: string,
  saltBytes: Uint8Array = padBytes(bytesToBigInt(randomBytes(16))),
): Promise<SrpVerifier> {
  const x = await computeX(saltBytes, poolName, userIdForSrp, password)
  return { v: currentRoute().gPow(x), saltBytes }
}

/** B = (k·v + g^b) mod N for a random 128-byte b, redrawn if B = 0 mod N. */
export function createServerEphemeral(v: bigint): ServerEphemeral {
  for (;;) {
    const b = bytesToBigInt(randomBytes(128))
    const B = (k * v + currentRoute().gPow(b)) % N
    if (B !== 0n) return { b, B, srpB: B.toString(16) }
  }
}

/** Parses SRP_A and refuses A = 0 mod N. */
export function parseClientA(srpA: string): bigint {
  return requireNonZeroModN(parseHex(srpA, 'SRP_A'), 'INVALID_INPUT', 'SRP_A')
}

/** The server's S = (A · v^u)^b mod N, and u. */
async function serverSharedSecret(A: bigint, server: ServerEphemeral, v: bigint): Promise<{ S: bigint; u: bigint }> {
  const u = await computeU(A, server.B)
  const route = currentRoute()
  return { S: route.modPow((A * route.modPow(v, u)) % N, server.b), u }
}

/** The signature the client must have sent, computed from the server's own values. */
export async function expectedSignature(input: {
  A: bigint
  server: ServerEphemeral
  v: bigint
  prefix: string
  id: string
  secretBlock: Uint8Array
  timestamp: string
}): Promise<string> {
  const { S, u } = await serverSharedSecret(input.A, input.server, input.v)
  return signClaim(await deriveKey(S, u), input.prefix, input.id, input.secretBlock, input.timestamp)
}

/** Compares two strings in time independent of where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

/** The shape of a Cognito SRP TIMESTAMP. */
export const TIMESTAMP_PATTERN =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12][0-9]|3[01]) \d\d:\d\d:\d\d UTC \d{4}$/
