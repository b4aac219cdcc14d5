import { randomBytes, randomInt, randomUUID } from 'node:crypto'

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789'

function pick(alphabet: string, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)]
  return out
}

/** Random identifiers in the shapes Cognito uses. @internal */
export const ids = {
  /** `us-east-1_Abc123xyZ`: region, `_`, 9 alphanumerics. */
  userPool: (region: string) => `${region}_${pick(ALNUM, 9)}`,
  /** 26 lower-case alphanumerics. */
  client: () => pick(LOWER, 26),
  /** 51 lower-case alphanumerics. */
  clientSecret: () => pick(LOWER, 51),
  /** `{region}_{uuid}`. */
  deviceKey: (region: string) => `${region}_${randomUUID()}`,
  /** `-` and 9 alphanumerics, like the group keys in published traces. */
  deviceGroupKey: () => `-${pick(ALNUM, 9)}`,
  uuid: () => randomUUID(),
  /** An opaque session: 48 random bytes, base64url. */
  session: () => randomBytes(48).toString('base64url'),
  /** A `SECRET_BLOCK`: 256 random bytes, base64. */
  secretBlock: () => randomBytes(256).toString('base64'),
  /** A numeric code. */
  code: (digits = 6) => String(randomInt(10 ** digits)).padStart(digits, '0'),
  /** A temporary password meeting the default policy. */
  temporaryPassword: () => `${pick('ABCDEFGHJKLMNPQRSTUVWXYZ', 2)}${pick('abcdefghijkmnpqrstuvwxyz', 4)}${pick('23456789', 3)}!`,
}
