// The one TypeScript-to-JavaScript transform of the project (types stripped,
// imports to CommonJS, no type-check), shared by jest and the run-time hook.
'use strict';

const OPTIONS = { transforms: ['typescript', 'imports'], production: true };

/** JavaScript for one TypeScript file, with an inline source map for stack traces. */
function transformTypeScript(source, filename) {
  const { transform } = require('sucrase');
  const { code, sourceMap } = transform(source, { ...OPTIONS, filePath: filename, sourceMapOptions: { compiledFilename: filename } });
  return { code, map: sourceMap };
}

/** Changes when the transform would produce other output. */
const TRANSFORM_VERSION = `sucrase-${require('sucrase/package.json').version}-${JSON.stringify(OPTIONS)}`;

module.exports = { transformTypeScript, TRANSFORM_VERSION };
