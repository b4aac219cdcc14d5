// For the root `tsc`, which does not read .svelte files; `npm run typecheck:examples` checks them with svelte-check.
declare module '*.svelte' {
  import type { Component } from 'svelte'
  const component: Component<Record<string, unknown>>
  export default component
}
