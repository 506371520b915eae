// ESLint flat config. The core/ boundary rule keeps the product's heart free of
// GitHub libraries and process globals: shells (cli/, action/, app/) gather inputs and exit.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const githubLibraries = ['probot', 'octokit', '@octokit/*', '@actions/*'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.scratch/**', 'fixtures/**/.amp-dbt/**', '.amp-dbt/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: githubLibraries.map((group) => ({
          group: [group],
          message: 'core/ must not depend on GitHub libraries: put GitHub code in action/ or app/ and pass plain data into core.',
        })),
      }],
      'no-restricted-properties': ['error',
        { object: 'process', property: 'env', message: 'core/ must not read process.env: the shell (cli/, action/, app/) reads the environment and passes values in (e.g. an `env` option).' },
        { object: 'process', property: 'exit', message: 'core/ must not call process.exit: throw an AmpDbtError or return a result; only the shells turn errors into exit codes.' },
      ],
      'no-restricted-syntax': ['error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'core/ must not read process.env: pass values in from the shell.' },
        { selector: "VariableDeclarator[init.name='process'] > ObjectPattern", message: 'core/ must not destructure process: pass values in from the shell.' },
      ],
    },
  },
);
