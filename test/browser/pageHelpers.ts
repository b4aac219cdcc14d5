import { AdminGetUserCommand, AdminListDevicesCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'
import type { CDPSession, Page } from 'playwright-core'
import { expect } from 'vitest'

/** A device record as the client stores it (the fields the tests check). */
export interface StoredDevice {
  deviceKey: string
  devicePassword: string
  status: string
  trustedUntil: number | null
}

/**
 * Everything in the app's IndexedDB database, read in the page with the plain IndexedDB API (no
 * library): proves the records are really there, where the next page load will find them.
 */
export function readIndexedDb(page: Page, databaseName: string): Promise<[string, unknown][]> {
  return page.evaluate(async (name) => {
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result)
        r.onerror = () => reject(r.error)
      })
    const known = (await indexedDB.databases()).some((d) => d.name === name)
    if (!known) return []
    const db = await request(indexedDB.open(name))
    try {
      if (!db.objectStoreNames.contains('keyval')) return []
      const store = db.transaction('keyval', 'readonly').objectStore('keyval')
      const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())])
      return keys.map((key, i): [string, unknown] => [String(key), values[i]])
    } finally {
      db.close()
    }
  }, databaseName)
}

/** The localStorage entries under `prefix`, read in the page. */
export function readLocalStorage(page: Page, prefix: string): Promise<[string, unknown][]> {
  return page.evaluate((p) => Object.entries(localStorage).filter(([key]) => key.startsWith(p)), prefix)
}

/** The device records among the IndexedDB entries (JSON strings with a device key and secret). */
export function deviceRecords(entries: [string, unknown][]): StoredDevice[] {
  return entries.flatMap(([, value]) => {
    if (typeof value !== 'string') return []
    try {
      const parsed = JSON.parse(value) as Partial<StoredDevice>
      return typeof parsed.deviceKey === 'string' && typeof parsed.devicePassword === 'string' ? [parsed as StoredDevice] : []
    } catch {
      return []
    }
  })
}

/** The user's devices as Cognito (the local server) knows them, by the admin API. */
export async function serverDevices(pool: { endpoint: string; region: string; userPoolId: string }, username: string) {
  const admin = new CognitoIdentityProviderClient({
    region: pool.region,
    endpoint: pool.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  try {
    const { Devices = [] } = await admin.send(new AdminListDevicesCommand({ UserPoolId: pool.userPoolId, Username: username }))
    return Devices.map((d) => ({
      deviceKey: d.DeviceKey!,
      status: d.DeviceAttributes?.find((a) => a.Name === 'dev:device_remembered_status')?.Value ?? null,
    }))
  } finally {
    admin.destroy()
  }
}

/** The user as Cognito (the local server) knows them, by the admin API: attributes and MFA methods; null when there is no such user. */
export async function serverUser(pool: { endpoint: string; region: string; userPoolId: string }, username: string) {
  const admin = new CognitoIdentityProviderClient({
    region: pool.region,
    endpoint: pool.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  try {
    const user = await admin.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: username }))
    return {
      attributes: Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name!, a.Value ?? ''])),
      mfa: user.UserMFASettingList ?? [],
    }
  } catch (error) {
    if ((error as { name?: string }).name === 'UserNotFoundException') return null
    throw error
  } finally {
    admin.destroy()
  }
}

/** Waits until the app shows one of `steps` (its root carries `data-step`) and returns which. */
export async function waitForStep(page: Page, ...steps: string[]): Promise<string> {
  const selector = steps.map((s) => `[data-step="${s}"]`).join(', ')
  const found = page.locator(selector).first()
  await found.waitFor({ state: 'visible' })
  return (await found.getAttribute('data-step'))!
}

/**
 * The step's error message, checked to be shown inside the step's own form (the apps' contract: the
 * error of an answer comes back to the same form, for the user to answer again).
 */
export async function errorInForm(page: Page): Promise<string> {
  const error = page.locator('main form [data-testid="error"]')
  await error.waitFor({ state: 'visible' })
  expect(await error.count()).toBe(1)
  expect(await error.getAttribute('role')).toBe('alert')
  return ((await error.textContent()) ?? '').trim()
}

/** The messages of uncaught errors and unhandled promise rejections in a page, as they happen. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  return errors
}

/**
 * Chromium's virtual authenticator on a page's DevTools session (the WebAuthn domain): a platform authenticator
 * (CTAP2, internal) with resident keys that verifies the user and simulates presence, so ceremonies complete
 * without a person. Returns its id, for WebAuthn.removeCredential and the like.
 */
export async function addVirtualAuthenticator(cdp: CDPSession): Promise<string> {
  await cdp.send('WebAuthn.enable')
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  })
  return authenticatorId
}
