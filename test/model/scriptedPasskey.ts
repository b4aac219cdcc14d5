// The scripted Cognito's passkey: one credential registered with the model's software authenticator, the WEB_AUTHN
// challenge's request options, and the check of the answer's CREDENTIAL as a relying party makes it (written apart
// from src: node:crypto on the registration's SPKI key): the challenge issued last, the page's origin, the relying
// party's hash, user presence and verification, a counter that grows, and the signature.
import { createHash, createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto'
import type { SoftwareAuthenticator } from '../../src/testing/softwareAuthenticator'
import { ORIGIN, RP_ID } from './fixtures'
import { USER } from './scriptedCognito'

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest()

export class ScriptedPasskey {
  private id: string | null = null
  private key: KeyObject | null = null
  private counter = 0
  /** The challenge of the request options sent last (one ceremony answers it). */
  private pending: string | null = null

  /** Registers a passkey of USER on `authenticator`, as CompleteWebAuthnRegistration would keep it. */
  async register(authenticator: SoftwareAuthenticator): Promise<void> {
    const made = await authenticator.create({
      rp: { id: RP_ID, name: 'Model' },
      user: { id: b64url(Buffer.from(USER.userId)), name: USER.username, displayName: USER.username },
      challenge: b64url(randomBytes(32)),
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    })
    const response = made.response as { publicKey: string }
    this.id = String(made.id)
    this.key = createPublicKey({ key: Buffer.from(response.publicKey, 'base64url'), format: 'der', type: 'spki' })
  }

  /** The WEB_AUTHN challenge's CREDENTIAL_REQUEST_OPTIONS, with a new challenge. */
  requestOptions(): string {
    this.pending = b64url(randomBytes(32))
    return JSON.stringify({
      challenge: this.pending,
      rpId: RP_ID,
      allowCredentials: this.id ? [{ type: 'public-key', id: this.id }] : [],
      userVerification: 'required',
      timeout: 180_000,
    })
  }

  /** Checks the WEB_AUTHN answer's CREDENTIAL; throws (failing the path) on anything a relying party would refuse. */
  verify(text: string | undefined): void {
    const challenge = this.pending
    this.pending = null
    const credential = JSON.parse(text ?? 'null') as { id?: string; type?: string; response?: Record<string, string> } | null
    const r = credential?.response ?? {}
    if (!this.key || !challenge || credential?.id !== this.id || credential?.type !== 'public-key')
      throw new Error('CREDENTIAL: not the passkey asked for')
    const clientBytes = Buffer.from(r.clientDataJSON ?? '', 'base64url')
    const client = JSON.parse(clientBytes.toString() || '{}') as Record<string, unknown>
    if (client.type !== 'webauthn.get' || client.challenge !== challenge || client.origin !== ORIGIN)
      throw new Error(`CREDENTIAL: client data ${clientBytes.toString()} for challenge ${challenge}`)
    const data = Buffer.from(r.authenticatorData ?? '', 'base64url')
    if (data.length < 37 || !data.subarray(0, 32).equals(sha256(RP_ID))) throw new Error("CREDENTIAL: not the relying party's hash")
    if ((data[32]! & 0x05) !== 0x05) throw new Error('CREDENTIAL: user not present and verified')
    const counter = data.readUInt32BE(33)
    if (counter <= this.counter) throw new Error(`CREDENTIAL: counter ${counter} did not grow from ${this.counter}`)
    const signed = Buffer.concat([data, sha256(clientBytes)])
    if (!verify('sha256', signed, this.key, Buffer.from(r.signature ?? '', 'base64url'))) throw new Error('CREDENTIAL: bad signature')
    this.counter = counter
  }
}
