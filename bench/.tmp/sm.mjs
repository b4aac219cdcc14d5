import fs from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { TraceMap, eachMapping } from '@jridgewell/trace-mapping'
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
const r = await build({ stdin:{contents, resolveDir: root, loader:'ts', sourcefile:'entry.ts'}, absWorkingDir: root, bundle:true, splitting:true, outdir:'/tmp/smout', write:false, metafile:true, sourcemap:'external', format:'esm', platform:'browser', minify:true, target:'es2022', define:{'process.env.NODE_ENV':'"production"'}, logLevel:'silent', conditions:['browser','module'], plugins:[{name:'b',setup(b){b.onResolve({filter:/^\.\.?\//},(a)=>{const c=path.resolve(a.resolveDir,a.path+'.browser.ts');return fs.existsSync(c)?{path:c}:undefined})}}] })
const files = new Map(r.outputFiles.map(f=>[f.path,f.text]))
const outs=r.metafile.outputs; const eagerSet=new Set(); const visit=n=>{ if(eagerSet.has(n)) return; eagerSet.add(n); for (const i of outs[n].imports) if(i.kind==='import-statement') visit(i.path) }; visit(Object.keys(outs).find(n=>outs[n].entryPoint)); const eagerNames=[...eagerSet].map(n=>'/'+n.replace(/^(\.\.\/)+/,''))
let text='', owner=[]
for (const n of eagerNames) {
  const js = files.get(n); const map = new TraceMap(files.get(n+'.map'))
  // per line/col owner
  const lines = js.split('\n'); const lineStart=[0]; for (const l of lines) lineStart.push(lineStart.at(-1)+l.length+1)
  const own = new Array(js.length).fill(null)
  const ms=[]; eachMapping(map, m=>ms.push(m))
  ms.sort((a,b)=> (lineStart[a.generatedLine-1]+a.generatedColumn)-(lineStart[b.generatedLine-1]+b.generatedColumn))
  for (let i=0;i<ms.length;i++){ const s=lineStart[ms[i].generatedLine-1]+ms[i].generatedColumn; const e = i+1<ms.length? lineStart[ms[i+1].generatedLine-1]+ms[i+1].generatedColumn : js.length; for(let k=s;k<e;k++) own[k]=ms[i].source }
  text += js + '\n'; owner.push(...own, null)
}
const total = gzipSync(text,{level:9}).length
console.log('eager total', total, (total/1024).toFixed(2))
const srcs = new Set(owner.filter(Boolean))
const group = s => s.includes('node_modules/xstate') ? 'xstate' : s.replace(/^.*?(src|adapters|node_modules)\//,'$1/')
const groups = new Map(); for (const s of srcs) { const g=group(s); if(!groups.has(g)) groups.set(g,new Set()); groups.get(g).add(s) }
const rows=[]
for (const [g,set] of groups) { let t=''; let n=0; for (let i=0;i<text.length;i++){ if(owner[i]&&set.has(owner[i])) {n++; continue}; t+=text[i] } rows.push([g,n,total-gzipSync(t,{level:9}).length]) }
rows.sort((a,b)=>b[2]-a[2]); for (const [g,n,d] of rows) console.log(String(d).padStart(6), String(n).padStart(7), g)
// dump own-code text
let own=''; for (let i=0;i<text.length;i++) if (owner[i] && !owner[i].includes('node_modules')) own+=text[i]; else if (own.at(-1)!=='\n') own+='\n'
import('node:fs').then(fs=>fs.writeFileSync('/tmp/own.js', own))
console.log('own gz alone', gzipSync(own,{level:9}).length, own.length)
