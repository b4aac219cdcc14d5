import { createMachine, type setup } from 'xstate'

/**
 * xstate's `setup()`, same types, without the action creators it also returns (sendTo, log, emit,
 * spawnChild, ...): only `createMachine` is used, and those would otherwise ship in every browser bundle.
 */
export const lightSetup = ((implementations: Parameters<typeof createMachine>[1]) => ({
  createMachine: (config: Parameters<typeof createMachine>[0]) => createMachine(config, implementations),
})) as unknown as typeof setup
