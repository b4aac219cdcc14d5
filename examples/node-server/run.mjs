// Starts the BFF from source (see ../loadFromSource.mjs): no `npm run build`, and it still imports
// nothing but the package's public subpaths. Fastify, redis and the AWS SDK come from node_modules.
import { loadFromSource } from '../loadFromSource.mjs'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

await loadFromSource('examples/node-server/main.ts')
