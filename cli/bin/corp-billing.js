#!/usr/bin/env node
// The `corp-billing` command (the package's bin): the staff CLI, compiled by `npm run build` (which
// `npm install` runs through `prepare`).
'use strict';
const path = require('node:path');
const main = path.join(__dirname, '..', '..', 'dist', 'cli', 'cli', 'src', 'main.js');
try {
  require.resolve(main);
} catch {
  process.stderr.write('corp-billing: the CLI is not built yet: run npm run build\n');
  process.exit(1);
}
require(main);
