// One command per example: `npm run example:react` (or `example:vue`, `example:svelte`).
// Without configuration it starts the bundled local Cognito server, seeds a pool that requires TOTP,
// asks whether to remember new devices and sends codes by e-mail for sign-up and password reset, prints
// the demo user's credentials, and prints each code the server "sends" (it has an outbox, no mail).
// `npm run example:react -- passwordless` seeds the passwordless pool instead (MFA optional; the password, a
// code by e-mail or a passkey, chosen at sign-in) and builds the app with VITE_COGNITO_AUTH_FLOW=USER_AUTH; open
// it at http://localhost:<port> (passkeys need the relying party's host, `localhost`). With
// VITE_COGNITO_USER_POOL_ID and VITE_COGNITO_CLIENT_ID set (and VITE_COGNITO_REGION if needed) it uses
// that real pool instead. Then it starts Vite's dev server for the example.
import { createServer } from 'vite'
import { SECOND_USER } from './seedPool.mjs'

// The local server's seeding uses the AWS SDK, which warns about Node 20 on every start.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const [name, variant] = process.argv.slice(2)
if (!['react', 'vue', 'svelte'].includes(name) || ![undefined, 'passwordless'].includes(variant)) {
  console.error('usage: node examples/dev.mjs react|vue|svelte [passwordless]')
  process.exit(2)
}
const passwordless = variant === 'passwordless'
// choice-based sign-in (the password, a code, a passkey) and the account page's passkeys
if (passwordless) process.env.VITE_COGNITO_AUTH_FLOW = 'USER_AUTH'

let local
if (!process.env.VITE_COGNITO_USER_POOL_ID) {
  const { startLocalPool } = await import('./localPool.mjs')
  local = await startLocalPool({ passwordless })
  Object.assign(process.env, {
    VITE_COGNITO_ENDPOINT: local.endpoint,
    VITE_COGNITO_REGION: local.region,
    VITE_COGNITO_USER_POOL_ID: local.userPoolId,
    VITE_COGNITO_CLIENT_ID: local.clientId,
  })
  console.log(`local Cognito server at ${local.endpoint}`)
  if (passwordless) {
    console.log(`sign in as ${local.passwordlessUser.username} with no password: a code by e-mail (printed here), then add a passkey`)
    console.log(`or as ${local.totpUser.username} / ${local.totpUser.password} with an authenticator app set up with the key`)
    console.log(`  ${local.totpUser.totpSecret} (MFA is on for this user, so Cognito offers the password alone)`)
    console.log('passkeys need the page at http://localhost:<port>, not 127.0.0.1: the relying party id is localhost')
  } else {
    console.log(`sign in as ${local.user.username} / ${local.user.password} (TOTP enrolment on first sign-in)`)
    console.log(`or as ${SECOND_USER.username} / ${SECOND_USER.password} (another user, set up the same way)`)
  }
  console.log('or create an account: the codes of sign-up and password reset are printed here, as they are "sent"')
  printOutbox(local.server.outbox)
} else {
  console.log(`using the pool ${process.env.VITE_COGNITO_USER_POOL_ID} from the environment`)
}

/** Prints each message the local server "sends" (sign-up and reset codes): it has no mail server, only an outbox. */
function printOutbox(outbox) {
  let printed = outbox.messages.length
  setInterval(() => {
    for (const message of outbox.messages.slice(printed)) console.log(`[outbox] to ${message.destination}: ${message.text}`)
    printed = outbox.messages.length
  }, 250).unref()
}

const server = await createServer({ configFile: new URL(`./${name}/vite.config.ts`, import.meta.url).pathname })
await server.listen()
server.printUrls()

const stop = async () => {
  await server.close()
  await local?.server.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
