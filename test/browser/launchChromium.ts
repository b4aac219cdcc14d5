import { chromium, type Browser } from 'playwright-core'

/** Debian's `chromium` package; never a browser downloaded by a test tool. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Flags for this machine: headless, no sandbox (tests run as root), and nothing that reaches for the
 * network on its own (the machine has none beyond the package registries).
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * Launches Debian's Chromium headless through playwright-core with `executablePath` set. Playwright
 * gives every launch a fresh, empty profile directory of its own (it refuses `--user-data-dir` in
 * `launch`) and deletes it on close; each `browser.newContext()` is a further clean slate.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS })
}
