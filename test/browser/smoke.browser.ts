import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { launchChromium } from './launchChromium'

let browser: Browser
let server: Server
beforeAll(async () => {
  browser = await launchChromium()
  server = createServer((_req, res) => res.end('<!doctype html><title>smoke</title>'))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
})
afterAll(async () => {
  await browser?.close()
  server?.close()
})

it('Debian Chromium runs headless and gives a localhost page IndexedDB and Web Locks', async () => {
  const page = await browser.newPage()
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
  expect(await page.evaluate(() => [typeof indexedDB.open, typeof navigator.locks?.request])).toEqual(['function', 'function'])
  expect(browser.version()).toMatch(/^\d+\./)
})
