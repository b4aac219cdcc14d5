// typescript-eslint holds the rules the code keeps: no `any`, no non-null assertions in the library, files
// and functions small enough to read (the charts, src/machine/authMachine.ts and src/account/*Chart.ts, are definitions and are
// excepted). Prettier holds the format; knip (knip.json) holds unused files, exports and dependencies.
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'docs/**', 'test-results/**', 'bench/.tmp/**', 'coverage/**', '**/node_modules/**'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['src/**/*.ts', 'adapters/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    files: ['src/machine/authMachine.ts', 'src/account/*Chart.ts'],
    rules: { 'max-lines': 'off', 'max-lines-per-function': 'off' },
  },
)
