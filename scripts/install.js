'use strict';
// Install step: use a fitting prebuild, else build the addon from source, and
// never fail the install. Without an addon the library runs on WebAssembly and
// backendInfo().unavailable.native says why (lib/backend/native.ts).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

if (fs.existsSync(path.join(root, '.git'))) {
  // A development checkout builds everything with `npm run build`.
  process.exit(0);
}
if (process.env.SKETCHMAT_SKIP_NATIVE) {
  console.warn('sketchmat: SKETCHMAT_SKIP_NATIVE is set; using WebAssembly only.');
  process.exit(0);
}

let bin;
try {
  bin = require.resolve('node-gyp-build/bin.js');
} catch (e) {
  console.warn('sketchmat: node-gyp-build is missing; using WebAssembly only.');
  process.exit(0);
}
const result = spawnSync(process.execPath, [bin], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  console.warn(
    'sketchmat: no prebuilt addon fits this platform and building one failed; ' +
      'sketchmat will run on WebAssembly (see backendInfo().unavailable.native).',
  );
}
process.exit(0);
