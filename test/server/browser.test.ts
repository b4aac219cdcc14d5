// A real browser against the local server: a page on another site (evil.example, which Chromium is told
// resolves to this machine, as a DNS-rebinding or a local name would) cannot call the server at all, not
// even an unsigned user operation, while a page on localhost can and reads the answer.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedPool, startLocalCognito, type LocalCognito, type SeededPool } from '../../src/testing'
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../browser/launchChromium'
import { srpSignIn, start, type Harness } from './helpers'

let h: Harness
let pool: SeededPool
let site: Server
let sitePort = 0
let browser: Browser

beforeAll(async () => {
  h = await start()
  pool = await seedPool(h.cognito)
  // One empty page for any name: the page's origin is whatever name the browser was pointed at.
  site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>page</title>'))
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  sitePort = (site.address() as AddressInfo).port
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS, '--host-resolver-rules=MAP evil.example 127.0.0.1'],
  })
})
afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => site?.close(resolve))
  await h?.cognito.close()
})

/** A page of `origin` (served by the test's own server) that calls the local Cognito server with fetch. */
async function pageOf(origin: string): Promise<Page> {
  const page = await browser.newPage()
  await page.goto(`${origin}:${sitePort}/`)
  return page
}

/** What fetch() in the page makes of one call: the status and a body it could read, or the error. */
function call(page: Page, cognito: LocalCognito, operation: string, body: unknown) {
  return page.evaluate(
    async ({ endpoint, operation, body }) => {
      try {
        const res = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
          body: JSON.stringify(body),
        })
        return { status: res.status, body: await res.text(), label: res.headers.get('x-local-cognito') }
      } catch (error) {
        return { error: String(error) }
      }
    },
    { endpoint: cognito.endpoint, operation, body },
  )
}

describe('in Chromium', () => {
  it('a page on evil.example cannot set a password, nor call anything else; the password still works', async () => {
    const page = await pageOf('http://evil.example')
    const hijack = { UserPoolId: pool.userPoolId, Username: 'alice', Password: 'Hijacked-9!', Permanent: true }
    expect(await call(page, h.cognito, 'AdminSetUserPassword', hijack)).toEqual({ error: expect.stringContaining('Failed to fetch') })
    expect(await call(page, h.cognito, 'InitiateAuth', { ClientId: pool.clientId })).toEqual({
      error: expect.stringContaining('Failed to fetch'),
    })
    await page.close()
    const seeded = { poolId: pool.userPoolId, clientId: pool.clientId, clientSecret: undefined }
    expect((await srpSignIn(h.sdk, seeded, 'alice', { password: pool.users[0]!.password })).AuthenticationResult).toBeTruthy()
  })

  it('a page on localhost calls it and reads the answers, label included; an unsigned admin call is refused', async () => {
    const page = await pageOf('http://localhost')
    const user = await call(page, h.cognito, 'InitiateAuth', { ClientId: pool.clientId })
    expect(user).toMatchObject({ status: 400, label: 'test server, not Amazon Cognito' })
    expect(JSON.parse((user as { body: string }).body)).toMatchObject({ __type: 'InvalidParameterException' })
    const admin = await call(page, h.cognito, 'AdminGetUser', { UserPoolId: pool.userPoolId, Username: 'alice' })
    expect(JSON.parse((admin as { body: string }).body)).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    })
    await page.close()
  })

  it('the same page on evil.example is served when the server is started with that origin allowed', async () => {
    const allowing = await startLocalCognito({ allowedOrigins: [`http://evil.example:${sitePort}`] })
    try {
      const page = await pageOf('http://evil.example')
      expect(await call(page, allowing, 'InitiateAuth', {})).toMatchObject({ status: 400 })
      await page.close()
    } finally {
      await allowing.close()
    }
  })
})
