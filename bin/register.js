// Loads the project's TypeScript without a type-check. Each file's transpiled
// JavaScript is cached under .cdk8s/transpiled by content hash, so a synth that
// follows an edit transpiles only the files that changed.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const { transformTypeScript, TRANSFORM_VERSION } = require('../scripts/ts-transform');
const { enableCompileCache } = require('./compile-cache');

const cacheDir = path.join(__dirname, '..', '.cdk8s', 'transpiled');

enableCompileCache(path.join(__dirname, '..', '.cdk8s', 'compiled'));

// cdk8s bundles its own copy of `yaml`. When it is the very version the project
// depends on, both use one copy, so the process loads it once.
function shareYaml() {
  const version = (dir) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf-8')).version;
    } catch {
      return undefined;
    }
  };
  const root = path.join(__dirname, '..', 'node_modules');
  const bundled = path.join(root, 'cdk8s', 'node_modules', 'yaml');
  const own = path.join(root, 'yaml');
  if (!version(own) || version(bundled) !== version(own)) return;
  const resolve = Module._resolveFilename;
  const bundledPrefix = `${bundled}${path.sep}`;
  Module._resolveFilename = function resolveShared(request, parent, ...rest) {
    const resolved = resolve.call(this, request, parent, ...rest);
    return resolved.startsWith(bundledPrefix) ? path.join(own, resolved.slice(bundledPrefix.length)) : resolved;
  };
}
shareYaml();

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

// zod re-exports its 60-odd locales as `z.locales`, which this project never reads:
// they load on first use instead of with zod.
function lazyZodLocales() {
  let index;
  try {
    index = require.resolve('zod/v4/locales/index.cjs', { paths: [path.join(__dirname, '..')] });
  } catch {
    return;
  }
  let real;
  const load = () => {
    if (!real) {
      const mod = new Module(index, module);
      mod.filename = index;
      mod.paths = Module._nodeModulePaths(path.dirname(index));
      mod.load(index);
      real = mod.exports;
    }
    return real;
  };
  const stub = new Module(index, module);
  stub.filename = index;
  stub.loaded = true;
  stub.exports = new Proxy({}, {
    get: (_, key) => (key === '__esModule' ? true : Reflect.get(load(), key)),
    has: (_, key) => Reflect.has(load(), key),
    ownKeys: () => Reflect.ownKeys(load()),
    // Reported as configurable: the empty proxy target cannot hold fixed properties.
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(load(), key);
      return d && { ...d, configurable: true };
    },
  });
  Module._cache[index] = stub;
}
lazyZodLocales();
