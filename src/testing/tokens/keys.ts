import { createHash, generateKeyPair, type KeyObject } from 'node:crypto'

/** One RS256 signing key with its id. @internal */
export interface SigningKey {
  kid: string
  privateKey: KeyObject
  publicKey: KeyObject
  /** The public JWK, as the JWKS lists it. */
  jwk: Record<string, string>
}

/** The access-token key and the ID-token key (different, as Cognito's). @internal */
export interface SigningKeys {
  access: SigningKey
  id: SigningKey
}

function makeKey(): Promise<SigningKey> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048 }, (err, publicKey, privateKey) => {
      if (err) return reject(err)
      const { n, e } = publicKey.export({ format: 'jwk' }) as { n: string; e: string }
      const kid = createHash('sha256').update(n).digest('base64')
      resolve({ kid, privateKey, publicKey, jwk: { alg: 'RS256', e, kid, kty: 'RSA', n, use: 'sig' } })
    })
  })
}

let shared: Promise<SigningKeys> | undefined

/**
 * Two RSA-2048 key pairs, made once per process (key generation is slow) and shared by every server
 * in it. @internal
 */
export function signingKeys(): Promise<SigningKeys> {
  shared ??= Promise.all([makeKey(), makeKey()]).then(([access, id]) => ({ access, id }))
  return shared
}
