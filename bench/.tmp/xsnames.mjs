import { build } from 'esbuild'
const r = await build({ stdin:{contents:`import {createMachine,createActor,fromPromise,assign} from 'xstate'; const m=createMachine({context:{a:1},invoke:{src:fromPromise(async()=>1),onDone:{actions:assign({a:2})}}}); createActor(m).start()`, resolveDir: '/work/main', loader:'ts'}, bundle:true, write:false, format:'esm', platform:'browser', minifySyntax:true, treeShaking:true, target:'es2022', define:{'process.env.NODE_ENV':'"production"'}, logLevel:'silent'})
const t = r.outputFiles[0].text
import("node:fs").then(fs=>fs.writeFileSync("/tmp/xs.js",t))
