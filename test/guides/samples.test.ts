// How scripts/check-samples.mjs (npm run test:samples) finds the code samples it type-checks. The type
// check itself needs the built package and runs in `npm test` after the build; this is the extraction,
// which decides what is checked at all.
import { readdir } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { collectSamples, defaultFiles, markdownSamples, tsdocSamples } from '../../scripts/check-samples.mjs'

const fence = '```'

describe('markdown samples', () => {
  it('takes ts, tsx, vue and svelte blocks with the line of their first code line, and nothing else', () => {
    const text = [
      '# Title', //                    1
      `${fence}sh`, //                 2
      'npm install', //                3
      fence, //                        4
      `${fence}ts`, //                 5
      'const a = 1', //                6
      fence, //                        7
      `${fence}tsx`, //                8
      'const b = <p />', //            9
      fence, //                        10
      `${fence}vue`, //                11
      '<template></template>', //      12
      fence, //                        13
      `${fence}json`, //               14
      '{}', //                         15
      fence, //                        16
    ].join('\n')
    expect(markdownSamples('x.md', text).map((s) => [s.lang, s.line, s.code])).toEqual([
      ['ts', 6, 'const a = 1'],
      ['tsx', 9, 'const b = <p />'],
      ['vue', 12, '<template></template>'],
    ])
  })

  it('skips a block only with an explicit not-checked marker, and keeps its reason', () => {
    const text = [
      '<!-- not-checked: a fragment of the React guide -->',
      '',
      `${fence}ts`,
      'view.step',
      fence,
      `${fence}ts`,
      'x',
      fence,
    ].join('\n')
    expect(markdownSamples('x.md', text).map((s) => s.skip)).toEqual(['a fragment of the React guide', null])
  })
})

describe('TSDoc samples', () => {
  const source = [
    '/**', //                                          1
    ' * Does something.', //                           2
    ' *', //                                           3
    ' * @param x - not an example', //                 4
    ' * ```ts', //                                     5
    ' * notAnExample()', //                            6
    ' * ```', //                                       7
    ' * @example', //                                  8
    ' * ```ts', //                                     9
    " * import { f } from 'cognito-auth-machine'", //  10
    ' * try { /* f() *\\/ } catch {}', //              11
    ' * ```', //                                       12
    ' */', //                                          13
    'export function f() {}', //                       14
    '/**', //                                          15
    ' * @example', //                                  16
    ' * ```ts', //                                     17
    ' * // not-checked: internal', //                  18
    ' * g()', //                                       19
    ' * ```', //                                       20
    ' */', //                                          21
  ].join('\n')

  it('takes only the fenced blocks under @example, unescaping *\\/', () => {
    const samples = tsdocSamples('f.ts', source)
    expect(samples.map((s) => [s.line, s.code, s.skip])).toEqual([
      [10, "import { f } from 'cognito-auth-machine'\ntry { /* f() */ } catch {}", null],
      [18, '// not-checked: internal\ng()', 'internal'],
    ])
  })
})

describe('the samples of this repository', () => {
  it('covers README.md, every guide and every @example, each guide with code to check', async () => {
    const files = await defaultFiles()
    const guides = (await readdir(new URL('../../guides/', import.meta.url))).filter((f) => f.endsWith('.md')).map((f) => `guides/${f}`)
    expect(files).toEqual(expect.arrayContaining(['README.md', ...guides, 'src/createAuthClient.ts', 'adapters/react/index.ts']))
    const samples = await collectSamples(files)
    const checked = samples.filter((s) => s.skip === null)
    for (const guide of [
      'react',
      'vue',
      'svelte',
      'node-service',
      'bff',
      'profile',
      'testing',
      'trust-sweep',
      'device-tracking',
      'srp',
      'statechart',
    ]) {
      expect(
        checked.some((s) => s.file === `guides/${guide}.md`),
        `guides/${guide}.md has no checked sample`,
      ).toBe(true)
    }
    const components = checked.filter((s) => s.lang === 'vue' || s.lang === 'svelte')
    expect([...new Set(components.map((s) => s.file))].sort()).toEqual(['guides/svelte.md', 'guides/vue.md'])
    expect(samples.filter((s) => s.file.startsWith('src/') || s.file.startsWith('adapters/')).length).toBeGreaterThan(50)
    // a skip is the exception, and always says why
    expect(samples.filter((s) => s.skip !== null).length).toBeLessThan(5)
    expect(samples.every((s) => s.skip === null || s.skip.length > 10)).toBe(true)
  })
})
