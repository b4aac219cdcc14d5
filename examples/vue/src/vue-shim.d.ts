// For the root `tsc`, which does not read .vue files; `npm run typecheck:examples` checks them with vue-tsc.
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<Record<string, unknown>, Record<string, unknown>, unknown>
  export default component
}
