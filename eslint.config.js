import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs', 'test/fixtures/**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', setTimeout: 'readonly', setInterval: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      // The netlink package may only be imported by the rtnl adapter (src/net/rtnl.ts).
      'no-restricted-imports': ['error', { paths: [{ name: 'netlink', message: 'use src/net/rtnl.ts' }] }],
    },
  },
  { files: ['src/net/rtnl.ts'], rules: { 'no-restricted-imports': 'off' } },
);
