// Types for the benchmark helpers that tests reuse.
export declare const root: string
export declare function bundle(options: {
  entry?: string
  contents?: string
  platform?: 'browser' | 'node'
  minify?: boolean
  external?: string[]
}): Promise<string>
export declare function gzipSize(text: string): number
export declare function median(values: number[]): number
export declare function cpuMicros(fn: () => unknown): Promise<number>
export declare function interleaved(cases: Record<string, () => unknown>, rounds: number): Promise<Record<string, number>>
export declare function importText(code: string): Promise<Record<string, unknown>>
