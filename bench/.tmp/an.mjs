import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
const root = '/work/main/'
const contents = `
    import { createAuthClient, fetchTransport } from './src/index.ts'
    import { idbStorage } from './adapters/storage/idb.ts'
    const config = { region: 'eu-west-1', userPoolId: 'eu-west-1_AbCdEf123', clientId: 'client' }
    const client = createAuthClient({ ...config, transport: fetchTransport({ region: config.region }), storage: idbStorage(config) })
    client.start()
    client.signIn({ username: 'user', password: 'password' })
    client.subscribe(() => { const view = client.getView(); if (view.step === 'rememberDevice') client.rememberDevice(true) })
`
const r = await build({ stdin:{contents, resolveDir: root, loader:'ts', sourcefile:'entry.ts'}, absWorkingDir: root, bundle:true, splitting:true, outdir:'/tmp/anout', write:true, metafile:true, format:'esm', platform:'browser', minify:true, target:'es2022', define:{'process.env.NODE_ENV':'"production"'}, logLevel:'silent', conditions:['browser','module']})
const outs = r.metafile.outputs
for (const [name,o] of Object.entries(outs)) {
  if (!name.endsWith('.js')) continue
  console.log('==', name, o.bytes, o.entryPoint ?? '', o.imports.map(i=>i.kind+':'+i.path).join(' '))
  const ins = Object.entries(o.inputs).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput)
  for (const [k,v] of ins) if (v.bytesInOutput>300) console.log('  ', v.bytesInOutput, k)
}
