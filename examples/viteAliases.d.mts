/** Vite aliases from each public entry point of the package to its built file in dist/. */
export declare function packageAliases(): { find: RegExp; replacement: string }[]
