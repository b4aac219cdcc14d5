// Bundled by bench/srp.mjs with esbuild, so the benchmark measures the source as it is, on both routes.
export { generateEphemeral, computePasswordClaim } from '../src/srp'
export { bigintRoute, nodeRoute, useRoute } from '../src/srp/modPow'
export { createServerEphemeral, createUserVerifier } from '../src/srp/server'
export { secretOf } from '../src/srp/ephemeral'
export { N, k } from '../src/srp/constants'
export { padHex, hexToBytes, toBase64, randomBytes } from '../src/srp/encoding'
