// Five projects, one run: unit and integration run in Node, component tests in jsdom,
// e2e drives Debian's Chromium against the workbench, ship runs the packaged web part in SPFx's runtime. Type checking is `npm run typecheck`.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.node.json', diagnostics: false }];
const common = {
  transform: { '^.+\\.tsx?$': tsJest },
  moduleNameMapper: {
    '\\.(css|scss)$': 'identity-obj-proxy'
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json']
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testEnvironment: 'node', testMatch: ['<rootDir>/test/unit/**/*.test.ts?(x)'] },
    {
      ...common,
      displayName: 'component',
      testEnvironment: 'jsdom',
      setupFilesAfterEnv: ['<rootDir>/test/component/setup.ts'],
      testMatch: ['<rootDir>/test/component/**/*.test.tsx']
    },
    { ...common, displayName: 'integration', testEnvironment: 'node', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testEnvironment: 'node', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    // The .sppkg in SPFx's own runtime (test/run-all.mjs builds the package first when it is missing or stale).
    { ...common, displayName: 'ship', testEnvironment: 'node', testMatch: ['<rootDir>/test/ship/**/*.test.ts'] }
  ]
};
