// Types for scripts/prerequisites.mjs, whose install decision the tests check.
import type { Program } from './programs.mjs'
export declare const NO_INSTALL: string
export interface OsRelease {
  id: string
  like: string[]
}
export declare function parseOsRelease(text: string): OsRelease
export declare function packagesFor(os: OsRelease): Program[]
export declare function planInstall(input: {
  missing: Program[]
  env: NodeJS.ProcessEnv
  os: OsRelease
  aptGet: string | undefined
  privilege: () => 'root' | 'sudo' | 'none'
}): { packages: Program[]; sudo: boolean; why: string | undefined }
