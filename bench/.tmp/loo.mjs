import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
const root = '/work/main/'
const contents = `
    import { createAuthClient, fetchTransport } from 'cognito-auth-machine'
    import { idbStorage } from 'cognito-auth-machine/storage/idb'
    const config = { region: 'eu-west-1', userPoolId: 'eu-west-1_AbCdEf123', clientId: 'client' }
    const client = createAuthClient({ ...config, transport: fetchTransport({ region: config.region }), storage: idbStorage(config) })
    client.start()
    client.signIn({ username: 'user', password: 'password' })
    client.subscribe(() => { const view = client.getView(); if (view.step === 'rememberDevice') client.rememberDevice(true) })
`
const src = process.argv[2] === 'src'
const r = await build({ stdin:{contents: src ? contents.replace("'cognito-auth-machine'","'./src/index.ts'").replace("'cognito-auth-machine/storage/idb'","'./adapters/storage/idb.ts'") : contents, resolveDir: root, loader:'ts', sourcefile:'entry.ts'}, absWorkingDir: root, tsconfigRaw: src ? undefined : '{}', bundle:true, splitting:false, outdir:'/tmp/loo', write:false, format:'esm', platform:'browser', minifyIdentifiers:true, minifySyntax:true, minifyWhitespace:false, target:'es2022', define:{'process.env.NODE_ENV':'"production"'}, logLevel:'silent', external: ['@aws-sdk/*']})
const text = r.outputFiles.find(f=>f.path.endsWith('.js')).text
const parts = text.split(/^(?=\/\/ (?:src|adapters|node_modules|dist)\S*$)/m)
const total = gzipSync(text,{level:9}).length
console.log('total gzip (unminified ws)', total)
const rows = parts.map(p => { const name = p.split('\n')[0]; return [name, p.length, total - gzipSync(text.replace(p,''),{level:9}).length] })
const agg = new Map()
for (const [n,l,g] of rows) { const k = n.startsWith('// node_modules/xstate') ? 'xstate' : n; const a = agg.get(k) ?? [0,0]; agg.set(k,[a[0]+l,a[1]+g]) }
for (const [k,[l,g]] of [...agg].sort((a,b)=>b[1][1]-a[1][1])) console.log(String(g).padStart(6), String(l).padStart(7), k.slice(0,90))
