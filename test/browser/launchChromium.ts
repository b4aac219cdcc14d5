import { chromium, type Browser } from 'playwright-core'
import { chromiumPath } from '../../scripts/programs.mjs'

/**
 * The browser: CHROMIUM_PATH, else chromium, chromium-browser or google-chrome on PATH (Debian's `chromium`
 * package here and in CI), found as `npm test`'s first step found it; never a browser a test tool downloads.
 * Importing this throws, saying how to get one, when there is none.
 */
export const CHROMIUM_PATH = chromiumPath()

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
 * Launches the Chromium of {@link CHROMIUM_PATH} headless through playwright-core with `executablePath` set. Playwright
 * gives every launch a fresh, empty profile directory of its own (it refuses `--user-data-dir` in
 * `launch`) and deletes it on close; each `browser.newContext()` is a further clean slate.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS })
}
