// ESLint flat config: TypeScript rules for src, test and bench; plain JS rules for scripts.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.test-work/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'child_process',
              message: 'Use execFile/spawn with argument arrays from node:child_process, never a shell.',
            },
          ],
        },
      ],
      eqeqeq: ['error', 'smart'],
      curly: ['error', 'multi-line'],
    },
  },
  {
    files: [
      'src/podman/**/*.ts',
      'src/languages/**/*.ts',
      'src/debug/core/**/*.ts',
      'src/explorer/model/**/*.ts',
      'src/compose/model/**/*.ts',
      'src/compose/engine/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message:
                'src/podman, the language services, the debug core and the explorer model are plain libraries: no vscode import.',
            },
          ],
        },
      ],
    },
  },
  {
    // src/podman is the bottom layer: it imports nothing from the layers above it (the rule
    // replaces the one above for these files, so it repeats the vscode path). See docs/architecture.md.
    files: ['src/podman/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/podman is a plain library: no vscode import.' }],
          patterns: [
            {
              regex: String.raw`^(\.\./)+(build|cli|connections|context|debug|explorer|extension|kube|language-client|languages|log|quadlet|server|tools|util)(/|$)`,
              message:
                'src/podman is the bottom layer: it imports nothing from the layers above it (docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
