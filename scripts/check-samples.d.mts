// Types of check-samples.mjs.

/** One code sample: where it is (`line` is its first code line, 1-based), its language, its code, and why it is skipped (or null). */
export interface Sample {
  file: string
  line: number
  lang: 'ts' | 'tsx' | 'vue' | 'svelte'
  code: string
  skip: string | null
}
/** A type error, mapped back to the sample's file and line. */
export interface SampleDiagnostic {
  file: string
  line: number
  message: string
}
/** The ts, tsx, vue and svelte blocks of a markdown text; `<!-- not-checked: reason -->` before a fence skips it. */
export declare function markdownSamples(file: string, text: string): Sample[]
/** The fenced blocks under the `@example` tags of a source file's TSDoc; a first line `// not-checked: reason` skips one. */
export declare function tsdocSamples(file: string, text: string): Sample[]
/** README.md, guides/*.md and the sources of src/ and adapters/, relative to the repository. */
export declare function defaultFiles(): Promise<string[]>
/** The samples of `files` (paths relative to the repository). */
export declare function collectSamples(files: string[]): Promise<Sample[]>
/** Type-checks ts and tsx samples with tsc against the built package (dist/). */
export declare function typeCheck(samples: Sample[], dir?: string): Promise<SampleDiagnostic[]>
/** Type-checks the Vue and Svelte components of markdown files with vue-tsc and svelte-check. */
export declare function checkComponents(samples: Sample[]): Promise<SampleDiagnostic[]>
