// The ./srp entry as a browser gets it: no module imports (node:crypto is found at run time, never
// imported), and within its 3 KB gzip budget. Sizes are deterministic, unlike times.
import { describe, expect, it } from 'vitest'
import { bundle, gzipSize } from '../../bench/lib.mjs'

describe('the ./srp browser bundle', () => {
  it('imports nothing and stays within 3 KB gzip', async () => {
    const code = await bundle({ entry: 'src/srp/index.ts' })
    expect(code).not.toMatch(/\bimport\b|require\(/)
    expect(gzipSize(code)).toBeLessThanOrEqual(3 * 1024)
  })
})
