// Jest transformer: strips TypeScript types with sucrase (no type-check; `npm run typecheck` does that).
'use strict';
const { transform } = require('sucrase');
const crypto = require('crypto');

module.exports = {
  process(source, filename) {
    const { code, sourceMap } = transform(source, {
      transforms: ['typescript', 'imports'],
      filePath: filename,
      sourceMapOptions: { compiledFilename: filename },
      production: true,
    });
    return { code, map: sourceMap };
  },
  getCacheKey(source, filename) {
    return crypto.createHash('sha1').update(source).update(filename).update('sucrase-1').digest('hex');
  },
};
