// Loads the project's TypeScript without a type-check. Each file's transpiled
// JavaScript is cached under .cdk8s/transpiled by content hash, so a synth that
// follows an edit transpiles only the files that changed.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const { transformTypeScript, TRANSFORM_VERSION } = require('../scripts/ts-transform');

const cacheDir = path.join(__dirname, '..', '.cdk8s', 'transpiled');

function compiled(source, filename) {
  const key = crypto.createHash('sha1').update(TRANSFORM_VERSION).update(filename).update(source).digest('hex');
  const file = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(file, 'utf-8');
  } catch {
    const { code, map } = transformTypeScript(source, filename);
    const withMap = `${code}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      const tmp = `${file}.tmp-${process.pid}`;
      fs.writeFileSync(tmp, withMap);
      fs.renameSync(tmp, file);
    } catch {
      // A read-only checkout still runs; it just transpiles every time.
    }
    return withMap;
  }
}

Module._extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(compiled(fs.readFileSync(filename, 'utf-8'), filename), filename);
};
