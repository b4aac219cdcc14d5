// Types for scripts/programs.mjs, which the tests import.
export type Program = 'chromium' | 'redis-server'
export declare const PROGRAMS: Record<Program, { variable: string; names: string[] }>
export declare const HOW_TO_GET: Record<Program, string>
export declare function onPath(name: string, env?: NodeJS.ProcessEnv): string | undefined
export declare function findProgram(
  program: Program,
  env?: NodeJS.ProcessEnv,
): { path: string; from: string; problem?: undefined } | { path?: undefined; problem: string; notFound: boolean }
export declare function missingLine(program: Program, problem: string): string
export declare function chromiumPath(): string
export declare function redisServerPath(): string
