import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
const contents = process.argv[2]
const r = await build({ stdin:{contents, resolveDir: '/work/main', loader:'ts'}, bundle:true, write:false, format:'esm', platform:'browser', minify:true, target:'es2022', define:{'process.env.NODE_ENV':'"production"'}, logLevel:'silent', metafile:true})
const t = r.outputFiles[0].text
console.log(t.length, gzipSync(t,{level:9}).length)
