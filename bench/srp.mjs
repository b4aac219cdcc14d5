// npm run bench:srp — the CPU of one full user-SRP claim (ephemeral + PASSWORD_VERIFIER answer), median of
// interleaved rounds, for this engine's two routes, amazon-cognito-identity-js and the native OpenSSL bound;
// and the gzip size of the ./srp browser bundle. Prints ratios: absolute times vary on shared machines.
import { createHmac, createDiffieHellman } from 'node:crypto'
import { createRequire } from 'node:module'
import { bundle, gzipSize, importText, interleaved } from './lib.mjs'

const rounds = Number(process.env.BENCH_ROUNDS ?? 25)
const srp = await importText(await bundle({ entry: 'bench/srp-cases.ts', platform: 'node', minify: false }))
const require = createRequire(import.meta.url)
const { AuthenticationHelper } = require('amazon-cognito-identity-js')
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger.js').default

// One realistic challenge, made by the server side of the same math.
const poolName = 'AbCdEf123'
const userId = 'a2c2e290-6d0f-4a08-a5ca-f0162935f3a6'
const password = 'Correct-Horse-9'
const verifier = await srp.createUserVerifier(poolName, userId, password)
const server = srp.createServerEphemeral(verifier.v)
const challenge = {
  poolId: `us-east-1_${poolName}`,
  userIdForSrp: userId,
  password,
  srpB: server.srpB,
  salt: BigInt('0x' + Buffer.from(verifier.saltBytes).toString('hex')).toString(16),
  secretBlock: srp.toBase64(srp.randomBytes(1200)),
}

const claim = async (route) => {
  srp.useRoute(route)
  const ephemeral = await srp.generateEphemeral()
  await srp.computePasswordClaim({ ...challenge, ephemeral })
}

// The native bound: the three modular exponentiations a claim cannot avoid (g^a, g^x, base^(a+ux)) on OpenSSL.
const prime = srp.hexToBytes(srp.padHex(srp.N).slice(2))
const exponent = (bytes) => srp.randomBytes(bytes)
const opensslBound = () => {
  const dhA = createDiffieHellman(prime, Buffer.from([2]))
  dhA.setPrivateKey(exponent(128))
  dhA.generateKeys()
  const dhX = createDiffieHellman(prime, Buffer.from([2]))
  dhX.setPrivateKey(exponent(32))
  dhX.generateKeys()
  const dhS = createDiffieHellman(prime, Buffer.from([2]))
  dhS.setPrivateKey(exponent(160))
  dhS.computeSecret(srp.hexToBytes(srp.padHex(BigInt('0x' + server.srpB))))
}

const cijs = () =>
  new Promise((resolve, reject) => {
    const helper = new AuthenticationHelper(poolName)
    helper.getPasswordAuthenticationKey(
      userId,
      password,
      new BigInteger(challenge.srpB, 16),
      new BigInteger(challenge.salt, 16),
      (err, key) => {
        if (err) return reject(err)
        createHmac('sha256', key).update(challenge.secretBlock).digest('base64')
        resolve()
      },
    )
  })

const times = await interleaved(
  {
    'cognito-auth-machine, Node route (OpenSSL)': () => claim(srp.nodeRoute),
    'cognito-auth-machine, BigInt route (browser)': () => claim(srp.bigintRoute),
    'amazon-cognito-identity-js 6.3.21': cijs,
    'native OpenSSL bound (3 modexps, no hashing)': opensslBound,
  },
  rounds,
)
srp.useRoute(srp.nodeRoute)

const [nodeMs, bigintMs, cijsMs, boundMs] = Object.values(times)
console.log(`SRP client CPU per full user claim, median of ${rounds} interleaved rounds (Node ${process.version})`)
for (const [name, ms] of Object.entries(times)) console.log(`  ${name.padEnd(48)} ${ms.toFixed(2).padStart(8)} ms`)
const ratio = (a, b) => (a / b).toFixed(3)
console.log(`  Node route / OpenSSL bound     = ${ratio(nodeMs, boundMs)}x  (budget <= 1.3x)`)
console.log(`  BigInt route / identity-js     = ${ratio(bigintMs, cijsMs)}x  (budget <= 0.1x)`)

const browserSrp = await bundle({ entry: 'src/srp/index.ts' })
const size = gzipSize(browserSrp)
console.log(`./srp browser bundle (esbuild, minified, gzip -9): ${size} bytes = ${(size / 1024).toFixed(2)} KB (budget 3 KB)`)
if (/\bimport\b|require\(/.test(browserSrp)) throw new Error('the browser bundle of ./srp imports a module')
