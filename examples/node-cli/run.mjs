// `npm start`: runs examples/node-cli/main.ts from source (see ../loadFromSource.mjs), so the demo
// needs no `npm run build` and still imports nothing but the package's public subpaths.
import { loadFromSource } from '../loadFromSource.mjs'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const { main } = await loadFromSource('examples/node-cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
