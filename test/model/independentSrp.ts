// The server half of Cognito's SRP for the scripted Cognito, written apart from src/srp and sharing no
// code with it: the modular powers come from node:crypto's Diffie-Hellman (OpenSSL), the group from
// OpenSSL's RFC 3526 group 15, the hashes and HMACs from node:crypto. A client claim that this math
// accepts was computed right by the client, not merely the same way twice.
import { createDiffieHellman, createHash, createHmac, getDiffieHellman, randomBytes, timingSafeEqual } from 'node:crypto'

/** RFC 3526's 3072-bit MODP group (OpenSSL's modp15), and g = 2. */
const PRIME = getDiffieHellman('modp15').getPrime()
export const N = BigInt(`0x${PRIME.toString('hex')}`)
const G = 2n

const toHex = (n: bigint) => n.toString(16)
/** Java's BigInteger.toByteArray() as hex: even length, 00 before a set top bit. */
export function padHex(n: bigint): string {
  const hex = toHex(n)
  if (hex.length % 2 === 1) return `0${hex}`
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex
}
const bytes = (hex: string) => Buffer.from(hex, 'hex')
const bigOf = (buffer: Buffer) => (buffer.length === 0 ? 0n : BigInt(`0x${buffer.toString('hex')}`))
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest()
/** Fixed-width big-endian bytes of n, as OpenSSL's DH wants keys. */
const fixed = (n: bigint) => bytes(toHex(n).padStart(PRIME.length * 2, '0'))

/** base^exponent mod N, by OpenSSL: a DH "secret" is the peer's public key to our private key's power. */
export function modPow(base: bigint, exponent: bigint): bigint {
  const dh = createDiffieHellman(PRIME, Buffer.from([2]))
  dh.setPrivateKey(fixed(exponent))
  return bigOf(dh.computeSecret(fixed(base)))
}

/** g^exponent mod N (a DH public key). */
function gPow(exponent: bigint): bigint {
  const dh = createDiffieHellman(PRIME, Buffer.from([2]))
  dh.setPrivateKey(fixed(exponent))
  dh.generateKeys()
  return bigOf(dh.getPublicKey())
}

const k = bigOf(sha256(Buffer.concat([bytes(padHex(N)), bytes(padHex(G))])))

/** x = H(padHex(salt) ‖ H(prefix ‖ id ‖ ":" ‖ password)), the inner hash as hex. */
export function passwordX(prefix: string, id: string, password: string, salt: bigint): bigint {
  const inner = sha256(`${prefix}${id}:${password}`).toString('hex')
  return bigOf(sha256(bytes(padHex(salt) + inner)))
}

/** A user's verifier v = g^x from the password, with a random 16-byte salt. */
export function userVerifier(prefix: string, id: string, password: string): { v: bigint; salt: bigint } {
  const salt = bigOf(randomBytes(16))
  return { v: gPow(passwordX(prefix, id, password, salt)), salt }
}

/** u = H(padHex(A) ‖ padHex(B)). */
export function scrambler(A: bigint, B: bigint): bigint {
  return bigOf(sha256(Buffer.concat([bytes(padHex(A)), bytes(padHex(B))])))
}

/** HKDF-SHA256 as Cognito uses it: salt padHex(u), key material padHex(S), info "Caldera Derived Key", 16 bytes. */
export function derivedKey(S: bigint, u: bigint): Buffer {
  const prk = createHmac('sha256', bytes(padHex(u)))
    .update(bytes(padHex(S)))
    .digest()
  return createHmac('sha256', prk)
    .update(Buffer.concat([Buffer.from('Caldera Derived Key'), Buffer.from([1])]))
    .digest()
    .subarray(0, 16)
}

/** The claim signature: base64 HMAC(K, prefix ‖ id ‖ secret block ‖ timestamp). */
export function claimSignature(key: Buffer, prefix: string, id: string, secretBlock: Buffer, timestamp: string): string {
  return createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(prefix), Buffer.from(id), secretBlock, Buffer.from(timestamp)]))
    .digest('base64')
}

/** One SRP exchange from the server side: B for the challenge, then the check of the client's claim. */
export class ServerExchange {
  private readonly b = bigOf(randomBytes(128)) % N
  readonly B: bigint
  readonly secretBlock = randomBytes(48)

  constructor(
    private readonly A: bigint,
    private readonly v: bigint,
    private readonly prefix: string,
    private readonly id: string,
  ) {
    if (A % N === 0n) throw new Error('SRP_A is 0 mod N')
    this.B = (k * v + gPow(this.b)) % N
  }

  /** True when the signature proves the password (or device secret) behind v, for this secret block and timestamp. */
  verify(signature: string, secretBlockBase64: string, timestamp: string): boolean {
    if (secretBlockBase64 !== this.secretBlock.toString('base64')) return false
    const u = scrambler(this.A, this.B)
    const S = modPow((this.A * modPow(this.v, u)) % N, this.b)
    const expected = Buffer.from(claimSignature(derivedKey(S, u), this.prefix, this.id, this.secretBlock, timestamp))
    const given = Buffer.from(signature)
    return expected.length === given.length && timingSafeEqual(expected, given)
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const TIMESTAMP =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12]\d|3[01]) (\d\d):(\d\d):(\d\d) UTC (\d{4})$/

/**
 * Why a claim's TIMESTAMP is refused, or null: it must read `EEE MMM d HH:mm:ss UTC yyyy` (day not
 * padded), name the right weekday, and lie within `skewMs` of the server's clock.
 */
export function timestampProblem(timestamp: string | undefined, now: number, skewMs: number): string | null {
  const m = TIMESTAMP.exec(timestamp ?? '')
  if (!m) return `TIMESTAMP ${String(timestamp)} is not "EEE MMM d HH:mm:ss UTC yyyy"`
  const at = Date.UTC(Number(m[7]), MONTHS.indexOf(m[2]!), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))
  if (DAYS[new Date(at).getUTCDay()] !== m[1]) return `TIMESTAMP ${timestamp} names the wrong weekday`
  if (Math.abs(at - now) > skewMs) return `TIMESTAMP ${timestamp} is ${Math.round((at - now) / 1000)} s from the server's clock`
  return null
}

/** SECRET_HASH = base64(HMAC-SHA256(client secret, username ‖ client id)). */
export function secretHashOf(clientSecret: string, username: string, clientId: string): string {
  return createHmac('sha256', clientSecret)
    .update(username + clientId)
    .digest('base64')
}
