// Jest transformer: strips TypeScript types (no type-check; `npm run typecheck` does that).
'use strict';
const crypto = require('crypto');
const { transformTypeScript, TRANSFORM_VERSION } = require('./ts-transform');

module.exports = {
  process: (source, filename) => transformTypeScript(source, filename),
  getCacheKey: (source, filename) => crypto.createHash('sha1').update(TRANSFORM_VERSION).update(filename).update(source).digest('hex'),
};
