import { execFile } from 'node:child_process'
import { mkdir, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import { promisify } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authMachine } from '../../src/machine/authMachine'
import { root } from './exampleApp'
import { launchChromium } from './launchChromium'

// The docs site as a reader gets it: the API reference and the guides built by typedoc from the current
// sources (typedoc.json, into a folder of its own), served over HTTP and opened in Debian's Chromium.

const site = join(root, 'test-results/docs-site')
const shots = join(root, 'test-results/docs')
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
}

/** Every state key of the machine (`signedOut`, `waiting`, `running`, …), nested ones included. */
function stateKeys(node: { key: string; states: Record<string, unknown> }): string[] {
  const children = Object.values(node.states) as (typeof node)[]
  return [node.key, ...children.flatMap(stateKeys)]
}

let browser: Browser
let server: Server
let origin = ''
let page: Page

beforeAll(async () => {
  // typedoc's own type errors are `npm run docs`'s job; here the site only has to be built
  await rm(site, { recursive: true, force: true })
  await promisify(execFile)(process.execPath, [join(root, 'node_modules/typedoc/bin/typedoc'), '--out', site, '--skipErrorChecking'], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  })
  await mkdir(shots, { recursive: true })
  server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '')
    const file = join(site, path.endsWith('/') ? `${path}index.html` : path)
    try {
      const body = await readFile(file)
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body)
    } catch {
      response.writeHead(404).end('not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  browser = await launchChromium()
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
}, 600_000)

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => server?.close(resolve))
})

describe('the docs site in Chromium', () => {
  it('lists the guides beside the API reference', async () => {
    await page.goto(`${origin}/documents/Guides.html`)
    await expect(page.locator('h1').first().textContent()).resolves.toContain('Guides')
    for (const title of [
      'A React app',
      'A Vue app',
      'A Svelte app',
      'Device tracking and trust expiry',
      'SRP, byte by byte',
      'The statechart',
    ]) {
      await expect(page.locator('.col-content').getByRole('link', { name: title }).first().isVisible()).resolves.toBe(true)
    }
    await page.screenshot({ path: join(shots, 'guides-index.png'), fullPage: true })
  })

  it('the statechart page shows the drawing, with every state of the machine in it', async () => {
    await page.goto(`${origin}/documents/Guides.The_statechart.html`)
    const image = page.locator('img[src$="statechart.svg"]')
    await image.scrollIntoViewIfNeeded()
    await expect(image.isVisible()).resolves.toBe(true)
    const size = await image.evaluate((img: HTMLImageElement) => ({
      width: img.naturalWidth,
      height: img.naturalHeight,
      shown: img.clientWidth,
    }))
    expect(size.width).toBeGreaterThan(1000) // loaded and decoded as an image, not a broken icon
    expect(size.shown).toBeGreaterThan(300)
    await page.screenshot({ path: join(shots, 'statechart-page.png'), fullPage: false })

    // the drawing itself, opened as the browser renders it: each state's name is text on screen
    const svgUrl = new URL((await image.getAttribute('src'))!, page.url()).href
    await page.goto(svgUrl)
    const texts = new Set((await page.locator('svg text').allTextContents()).map((t) => t.trim()))
    const missing = [...new Set(stateKeys(authMachine.root))].filter((key) => !texts.has(key))
    expect(missing).toEqual([])
    await expect(
      page
        .locator('svg text', { hasText: /^rememberPrompt$/ })
        .first()
        .isVisible(),
    ).resolves.toBe(true)
    // one state up close, and the whole drawing scaled to the window
    await page.locator('g[id="auth.rememberPrompt"]').screenshot({ path: join(shots, 'statechart-rememberPrompt.png') })
    await page.locator('svg').evaluate((svg) => svg.setAttribute('style', 'width: 100vw; height: auto'))
    await page.screenshot({ path: join(shots, 'statechart.png') })
  })

  it('each guide links to API pages that exist', async () => {
    await page.goto(`${origin}/documents/Guides.html`)
    const guides = await page
      .locator('.col-content a[href^="Guides."]')
      .evaluateAll((links: HTMLAnchorElement[]) => [...new Set(links.map((a) => a.href.split('#')[0]!))])
    expect(guides.length).toBeGreaterThanOrEqual(10)
    const apiLinks = new Set<string>()
    for (const guide of guides) {
      await page.goto(guide)
      const links = await page
        .locator('.col-content a')
        .evaluateAll((anchors: HTMLAnchorElement[]) =>
          anchors.map((a) => a.href).filter((href) => /\/(functions|types|interfaces|classes|variables|modules)\//.test(href)),
        )
      for (const href of links) apiLinks.add(href)
    }
    expect(apiLinks.size).toBeGreaterThan(20)
    const broken: string[] = []
    for (const href of apiLinks) {
      const response = await page.request.get(href)
      if (response.status() !== 200) broken.push(`${href} ${response.status()}`)
    }
    expect(broken).toEqual([])

    // and a reader who follows one lands on its page
    await page.goto(`${origin}/documents/Guides.A_React_app.html`)
    await page
      .locator('.col-content a', { hasText: /^useAuth$/ })
      .first()
      .click()
    await page.waitForURL(/adapters_react\.useAuth\.html/)
    await expect(page.locator('h1').first().textContent()).resolves.toContain('useAuth')
    await page.screenshot({ path: join(shots, 'api-useAuth.png'), fullPage: false })
  })
})
