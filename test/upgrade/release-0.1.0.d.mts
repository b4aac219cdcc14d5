// The few parts of the frozen 0.1.0 client (release-0.1.0.mjs) the upgrade test drives.
export interface OldView {
  step: string
  [field: string]: unknown
}
export interface OldClient {
  start(): OldClient
  stop(): void
  getView(): OldView
  signIn(input: { username: string; password: string }): Promise<OldView>
  submitCode(code: string): Promise<OldView>
  rememberDevice(remember: boolean): Promise<OldView>
}
export interface OldStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}
export function createAuthClient(config: Record<string, unknown>): OldClient
export function fetchTransport(options?: Record<string, unknown>): unknown
export function memoryStorage(): OldStorage
