import { build } from 'esbuild'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { root } from './exampleApp'
import { launchChromium } from './launchChromium'

// The storage adapters as an app gets them (built entry points, bundled for the browser), in Chromium's
// real IndexedDB, localStorage and Web Locks: no fakes.
type Adapters = typeof import('cognito-auth-machine/storage/idb') & typeof import('cognito-auth-machine/storage/web')
declare global {
  interface Window {
    adapters: Adapters
    release?: () => void
    order?: string[]
    heard?: string[]
    listening?: ReturnType<Adapters['webStorage']> | ReturnType<Adapters['idbStorage']>
  }
}

let browser: Browser
let server: Server
let origin = ''
let context: BrowserContext

beforeAll(async () => {
  const bundled = await build({
    stdin: {
      contents: `export { idbStorage, isStorageError } from 'cognito-auth-machine/storage/idb'; export { webStorage } from 'cognito-auth-machine/storage/web'`,
      resolveDir: root,
    },
    tsconfigRaw: '{}', // the package's exports map (dist/), not tsconfig paths
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'adapters',
    platform: 'browser',
  })
  const script = bundled.outputFiles[0]!.text
  server = createServer((req, res) => {
    if (req.url === '/adapters.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
    // An opaque-origin frame: where browsers refuse localStorage and IndexedDB (SecurityError).
    const frame = `<iframe sandbox="allow-scripts" srcdoc="<script src='${origin}/adapters.js'></script>"></iframe>`
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(`<!doctype html><script src="/adapters.js"></script>${req.url === '/sandboxed' ? frame : ''}`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  browser = await launchChromium()
  context = await browser.newContext()
})
afterAll(async () => {
  await browser?.close()
  server?.close()
})

const open = async (path = '/') => {
  const page = await context.newPage()
  await page.goto(origin + path)
  return page
}

describe.each([
  ['idbStorage', `adapters.idbStorage({ userPoolId: 'eu-west-1_Browser', clientId: 'app' })`],
  ['webStorage', `adapters.webStorage({ prefix: 'app:' })`],
])('%s in Chromium', (_name, make) => {
  it('keeps values across pages of the origin (what a reload or a second tab reads)', async () => {
    const writer = await open()
    await writer.evaluate(`(${make}).setItem('device', '{"deviceKey":"eu-west-1_k","devicePassword":"s3cret"}')`)
    const reader = await open()
    // Chromium hands one page's localStorage writes to the others asynchronously: poll, do not race.
    const read = (page: typeof writer) => () => page.evaluate(`(async () => (${make}).getItem('device'))()`)
    await expect.poll(read(reader), { timeout: 10_000 }).toBe('{"deviceKey":"eu-west-1_k","devicePassword":"s3cret"}')
    await reader.evaluate(`(async () => (${make}).removeItem('device'))()`)
    await expect.poll(read(writer), { timeout: 10_000 }).toBeNull()
    await Promise.all([writer.close(), reader.close()])
  })

  it("onChange hears the other tabs' writes and removals, never its own (how a sign-out in one tab reaches the others)", async () => {
    const [writer, listener] = [await open(), await open()]
    await listener.evaluate(`window.heard = []; window.listening = (${make}); window.listening.onChange((key) => window.heard.push(key))`)
    // webStorage's creation probe (`<prefix>__probe__`, written and removed in the writer) is heard too; the client
    // ignores every key but the session's, so it is left out here
    const heard = () => listener.evaluate(() => window.heard?.filter((key) => key !== '__probe__'))
    await writer.evaluate(`(async () => { const s = (${make}); await s.setItem('session', '{}'); await s.removeItem('session') })()`)
    await expect.poll(heard, { timeout: 10_000 }).toEqual(['session', 'session'])
    // the listener's own write, then another tab's: only the other tab's is heard
    await listener.evaluate(`(async () => window.listening.setItem('own', '{}'))()`)
    await writer.evaluate(`(async () => (${make}).setItem('marker', '{}'))()`)
    await expect.poll(heard, { timeout: 10_000 }).toEqual(['session', 'session', 'marker'])
    await Promise.all([writer.close(), listener.close()])
  })

  it('withLock holds a Web Lock that a second tab waits for', async () => {
    const [a, b] = [await open(), await open()]
    await a.evaluate(
      `new Promise((held) => { (${make}).withLock('device', () => new Promise((release) => { window.release = release; held() })) })`,
    )
    await b.evaluate(`window.order = []; void (${make}).withLock('device', async () => window.order.push('b'))`)
    const waiting = async () => (await b.evaluate(() => navigator.locks.query())).pending?.map((l) => l.name)
    await expect.poll(waiting, { timeout: 30_000 }).toHaveLength(1)
    expect(await b.evaluate(() => window.order)).toEqual([])
    await a.evaluate(() => window.release!())
    await expect.poll(() => b.evaluate(() => window.order), { timeout: 30_000 }).toEqual(['b'])
    await Promise.all([a.close(), b.close()])
  })
})

describe('unavailable storage in Chromium', () => {
  it('localStorage over its quota: a StorageError "quota", and the earlier value kept', async () => {
    const page = await open()
    const result = await page.evaluate(() => {
      const storage = window.adapters.webStorage({ prefix: 'quota:' })
      storage.setItem('device', 'earlier')
      try {
        storage.setItem('device', 'x'.repeat(12 * 1024 * 1024))
        return { thrown: false }
      } catch (error) {
        const e = error as { code: string; reason: string; cause: { name: string } }
        return { thrown: true, code: e.code, reason: e.reason, cause: e.cause.name, kept: storage.getItem('device') }
      }
    })
    expect(result).toEqual({ thrown: true, code: 'STORAGE_ERROR', reason: 'quota', cause: 'QuotaExceededError', kept: 'earlier' })
    await page.close()
  })

  it('an opaque-origin frame (storage refused): StorageError "unavailable" from both adapters, or the documented fallback', async () => {
    const page = await open('/sandboxed')
    const frame = page.frames().find((f) => f !== page.mainFrame())!
    await frame.waitForFunction(() => 'adapters' in window)
    const result = await frame.evaluate(async () => {
      const { webStorage, idbStorage, isStorageError } = window.adapters
      const describe = (e: unknown) => (isStorageError(e) ? `${e.code}/${e.reason}/${(e.cause as Error).name}` : String(e))
      let web = ''
      try {
        webStorage().getItem('device')
      } catch (e) {
        web = describe(e)
      }
      const idb = await idbStorage({ userPoolId: 'eu-west-1_Browser', clientId: 'app' }).getItem('device').then(String, describe)
      const withFallback = webStorage({ fallback: { getItem: () => 'from memory', setItem: () => undefined, removeItem: () => undefined } })
      const locked = await withFallback.withLock('device', async () => 'ran under a page-local lock')
      return { web, idb, usingFallback: withFallback.usingFallback, read: withFallback.getItem('device'), locked }
    })
    expect(result).toEqual({
      web: 'STORAGE_ERROR/unavailable/SecurityError',
      idb: 'STORAGE_ERROR/unavailable/SecurityError',
      usingFallback: true,
      read: 'from memory',
      locked: 'ran under a page-local lock',
    })
    await page.close()
  })
})
