// `npm run lint` (CI runs it from .ci/run, with --max-warnings 0): SharePoint Framework's own ESLint profile
// for React web parts, the one SPFx 1.23.2's generator extends, plus React's rules of hooks. ESLint 8,
// legacy config. An eslint-disable comment names its rule and gives its reason after ` -- `, on one line.
//
// Plugins resolve from the project's node_modules (ESLint 8's rule for a root config; no module-resolution
// patch), so `plugin:react-hooks/recommended` and the profile's `eslint-plugin-react-hooks` are one plugin:
// this project's devDependency.
module.exports = {
  root: true,
  extends: [require.resolve('@microsoft/eslint-config-spfx/lib/profiles/react'), 'plugin:react-hooks/recommended'],
  parserOptions: { tsconfigRootDir: __dirname },
  reportUnusedDisableDirectives: true,
  ignorePatterns: [
    // Generated or built, never edited by hand (the worker's source is written by scripts/build-worker.mjs).
    'src/ui/common/exportWorkerSource.gen.js',
    'lib/',
    'lib-commonjs/',
    'dist/',
    'temp/',
    'release/',
    '/sharepoint/', // the packaged solution (at the root only: src/core/sharepoint is code)
    'teams/',
    'teamsapp/build/',
    '.build/',
    'test-results/',
    'coverage/',
    'node_modules/'
  ],
  overrides: [
    {
      // TypeScript. No rule of SPFx's profile needs type information, so no `project`: it would double the
      // run (18 s against 9 s here) for nothing; add it with the first type-aware rule.
      files: ['*.ts', '*.tsx'],
      parser: '@typescript-eslint/parser',
      parserOptions: { ecmaVersion: 2022, sourceType: 'module' },
      rules: {
        // As tsc's noUnusedLocals (on in both tsconfigs) already judges them: a property left out of a rest
        // copy (`{ rows, ...rest }`) and a binding named `_` (`for await (const _ of pages)`) are meant.
        '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, varsIgnorePattern: '^_$' }]
      }
    },
    {
      // Plain JavaScript that Node runs: ES modules (.mjs) and CommonJS (.js: the CLI's launcher, gulpfile, configs).
      files: ['*.js', '*.mjs'],
      env: { node: true, es2022: true },
      parserOptions: { ecmaVersion: 2022 }
    },
    {
      files: ['*.mjs'],
      parserOptions: { sourceType: 'module' }
    },
    {
      // CommonJS is these files' module system: require() is how they import.
      files: ['*.js'],
      parserOptions: { sourceType: 'script' },
      rules: { '@typescript-eslint/no-require-imports': 'off' }
    },
    {
      // SPFx's localized strings are AMD modules (`define`), loaded by SPFx's loader in the browser.
      files: ['src/**/loc/*.js'],
      env: { node: false, amd: true }
    }
  ]
};
