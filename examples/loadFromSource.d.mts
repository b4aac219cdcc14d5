/** Bundles an example's TypeScript entry (a path from the repository's root) and imports it. */
export declare function loadFromSource(entry: string): Promise<Record<string, unknown>>
