// npm run bench:size — gzip size of what a browser loads to show the first sign-in screen of an app with
// device trust, built the same way for this package and its peers: esbuild, ESM, minified, browser
// platform, code splitting on. Up front: the entry chunk and the chunks it imports statically. Ours then
// fetches the sign-in exchanges (SRP, device SRP, challenge answers) as soon as the client starts, without
// holding up the first screen: that chunk is printed apart, and so is the sum, which is what a whole
// sign-in with device trust downloads, beside the peers (which load everything up front). Chunks loaded
// only if used (device confirmation, enrolment, the signed-in session's tasks, the AWS SDK) are listed
// apart. Sizes are deterministic. Run after `npm run build`: this package is measured from its built
// entry points (dist/), as an app gets it.
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
/** The budget of what the first screen loads up front (and it must stay below amazon-cognito-identity-js's). */
const BUDGET = 26 * 1024

const cases = {
  'cognito-auth-machine (first screen: core, fetch transport, idb adapter)': `
    import { createAuthClient, fetchTransport } from 'cognito-auth-machine'
    import { idbStorage } from 'cognito-auth-machine/storage/idb'
    const config = { region: 'eu-west-1', userPoolId: 'eu-west-1_AbCdEf123', clientId: 'client' }
    const client = createAuthClient({ ...config, transport: fetchTransport({ region: config.region }), storage: idbStorage(config) })
    client.start()
    client.signIn({ username: 'user', password: 'password' })
    client.subscribe(() => { const view = client.getView(); if (view.step === 'rememberDevice') client.rememberDevice(true) })
  `,
  'amazon-cognito-identity-js 6.3 (authenticateUser + setDeviceStatusRemembered)': `
    import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js'
    const pool = new CognitoUserPool({ UserPoolId: 'eu-west-1_AbCdEf123', ClientId: 'client' })
    const user = new CognitoUser({ Username: 'user', Pool: pool })
    user.authenticateUser(new AuthenticationDetails({ Username: 'user', Password: 'password' }), {
      onSuccess: () => user.setDeviceStatusRemembered({ onSuccess() {}, onFailure() {} }),
      onFailure() {},
      totpRequired: () => user.sendMFACode('123456', { onSuccess() {}, onFailure() {} }, 'SOFTWARE_TOKEN_MFA'),
    })
  `,
  'aws-amplify 6 (Amplify.configure + signIn)': `
    import { Amplify } from 'aws-amplify'
    import { signIn } from 'aws-amplify/auth'
    Amplify.configure({ Auth: { Cognito: { userPoolId: 'eu-west-1_AbCdEf123', userPoolClientId: 'client' } } })
    signIn({ username: 'user', password: 'password' })
  `,
}

/** Bundles inline source; returns the gzip size of the eager chunks and of the lazy ones. */
async function measure(contents) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
    absWorkingDir: root,
    tsconfigRaw: '{}', // resolve the package through its exports map (dist/), not tsconfig paths (src/)
    bundle: true,
    splitting: true,
    outdir: 'bench/.out',
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  })
  const texts = new Map(result.outputFiles.map((f) => [f.path.slice(root.length).replace(/^\/+/, ''), f.text]))
  const outputs = result.metafile.outputs
  // the bundle's own entry (a lazily imported module is an entry point of its chunk too)
  const entry = Object.keys(outputs).find((name) => outputs[name].entryPoint === 'entry.ts')
  const eager = new Set()
  const visit = (name) => {
    if (eager.has(name)) return
    eager.add(name)
    for (const i of outputs[name].imports) if (i.kind === 'import-statement' && !i.external) visit(i.path)
  }
  visit(entry)
  const js = (names) =>
    names
      .filter((n) => n.endsWith('.js'))
      .map((n) => texts.get(n) ?? '')
      .join('\n')
  // the sign-in exchanges, fetched when the client starts: the chunk of authExchange and what it imports
  const signIn = new Set()
  const follow = (name) => {
    if (eager.has(name) || signIn.has(name)) return
    signIn.add(name)
    for (const i of outputs[name].imports) if (i.kind === 'import-statement' && !i.external) follow(i.path)
  }
  for (const name of Object.keys(outputs)) if (/authExchange[^/]*\.js$/.test(String(outputs[name].entryPoint))) follow(name)
  const lazy = Object.keys(outputs).filter((n) => !eager.has(n) && !signIn.has(n) && n.endsWith('.js'))
  // each lazy chunk named after the module (or package) that gives it most of its bytes
  const lazyNames = lazy.map((n) => {
    const [top] = Object.entries(outputs[n].inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)[0] ?? ['?']
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(top)?.[1]
    const label = pkg ?? (top.split('/').pop() ?? top).replace(/(-[A-Z0-9]{8})+(?=\.)/g, '').replace(/\.[cm]?js$/, '')
    return `${label} ${gzipSync(js([n]), { level: 9 }).length} B`
  })
  return {
    eager: gzipSync(js([...eager]), { level: 9 }).length,
    signIn: signIn.size ? gzipSync(js([...signIn]), { level: 9 }).length : 0,
    total: gzipSync(js([...eager, ...signIn]), { level: 9 }).length,
    lazy: gzipSync(js(lazy), { level: 9 }).length,
    lazyChunks: lazy.length,
    lazyNames,
  }
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`
const rows = []
for (const [name, contents] of Object.entries(cases)) {
  try {
    rows.push({ name, ...(await measure(contents)) })
  } catch (error) {
    rows.push({ name, error: String(error?.errors?.[0]?.text ?? error?.message ?? error) })
  }
}
const width = Math.max(...rows.map((r) => r.name.length))
console.log(`${'browser bundle, gzip -9'.padEnd(width)}  up front  + sign-in at start  = a whole sign-in   lazy (loaded only if used)`)
for (const r of rows) {
  if (r.error) console.log(`${r.name.padEnd(width)}  failed: ${r.error}`)
  else
    console.log(
      `${r.name.padEnd(width)}  ${kb(r.eager).padStart(8)}  ${(r.signIn ? `+ ${kb(r.signIn)}` : '').padStart(16)}  ${kb(r.total).padStart(17)}   ${
        r.lazyChunks ? `${kb(r.lazy)} in ${r.lazyChunks} chunk(s)` : '-'
      }`,
    )
}
const [ours, identityJs] = rows
if (ours.lazyNames) console.log(`\nloaded only if used, ours (gzip each): ${ours.lazyNames.join(', ')}`)
const over = ours.error || ours.eager > BUDGET || (identityJs && !identityJs.error && ours.eager >= identityJs.eager)
if (over) {
  console.log(
    `\nFAIL: up front ${ours.error ? 'could not build' : `${kb(ours.eager)} (${ours.eager} B)`} against the budget of ${kb(BUDGET)} (${BUDGET} B) and amazon-cognito-identity-js's ${identityJs?.eager ?? '?'} B`,
  )
  process.exitCode = 1
} else {
  console.log(
    `\nwithin the budget: up front ${kb(ours.eager)} (${ours.eager} B) <= ${kb(BUDGET)} (${BUDGET} B), below amazon-cognito-identity-js (${identityJs.eager} B); a whole sign-in ${ours.total} B`,
  )
}
