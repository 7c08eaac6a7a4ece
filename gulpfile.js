'use strict';

// SPFx 1.23.2 on the gulp toolchain. `npm run build` runs bundle + package-solution (--ship).
const fs = require('fs');
const build = require('@microsoft/sp-build-web');

// When bundling starts, the sources are read: `npm test` counts a package as stale when a source is newer
// than this moment (not than the package's own time, which an edit made during the build would beat).
if (process.argv.includes('bundle')) {
  fs.mkdirSync('.build', { recursive: true });
  fs.writeFileSync('.build/package-build-started', String(Date.now()));
}

build.addSuppression(`Warning - [sass] The local CSS class 'ms-Grid' is not camelCase and will not be type-safe.`);
// Lint is `npm run lint` (CI runs it before the build). With .eslintrc.js present the toolchain would also
// lint src inside every bundle, alongside tsc, and --ship would fail the package on a lint warning.
build.lintCmd.enabled = false;

// core/<folder>/index.js only re-exports: marked free of side effects, webpack keeps of an index just what
// the importing code uses, instead of every module behind it (measured: +0.9 KB instead of +5.6 KB to the
// initial bundle when ui imports core through its entries).
build.configureWebpack.mergeConfig({
  additionalConfiguration: (config) => {
    config.module.rules.push({ test: /[\\/]lib[\\/]core[\\/][a-z]+[\\/]index\.js$/, sideEffects: false });
    return config;
  }
});

const getTasks = build.rig.getTasks;
build.rig.getTasks = function () {
  const result = getTasks.call(build.rig);
  result.set('serve', result.get('serve-deprecated'));
  return result;
};

build.initialize(require('gulp'));
