// A V8 code cache for every CommonJS module the process loads (Node 20 has no
// module.enableCompileCache). Compiling the app and its dependencies from source
// is most of a synth's start-up; with the cache V8 skips parsing and compiling.
// Entries are keyed by the module's path and source and by Node's version and
// flags, and V8 itself rejects data that does not match the source, so an
// entry cannot go stale: a changed file simply compiles again and gets a new one.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');

/** Entries older than this are dropped when new ones are written, so edits do not pile up; a dropped entry is remade on its next use. */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/** Everything besides the source that decides what V8 compiles. */
const ENGINE = [process.version, process.arch, process.platform, process.execArgv.join(' '), process.env.NODE_OPTIONS ?? ''].join('\0');

/**
 * Makes `require` compile modules with cached code kept in `dir`.
 * @param {string} dir folder of the cache entries (created on first write)
 */
function enableCompileCache(dir) {
  /** Scripts compiled without usable cached data, to save when the process ends. */
  const fresh = new Map();

  Module.prototype._compile = function compileWithCache(content, filename) {
    const key = crypto.createHash('sha1').update(ENGINE).update('\0').update(filename).update('\0').update(content).digest('hex');
    const file = path.join(dir, `${key}.bin`);
    let cachedData;
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) fresh.set(file, script);
    const fn = script.runInThisContext({ displayErrors: true });
    const require = (id) => this.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, this, false, options);
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, this);
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    return fn.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  };

  // Cached data made after the run also holds the functions that ran, not just the top level.
  process.once('exit', () => {
    if (!fresh.size) return;
    try {
      fs.mkdirSync(dir, { recursive: true });
      const now = Date.now();
      for (const name of fs.readdirSync(dir)) {
        const old = path.join(dir, name);
        if (now - fs.statSync(old).mtimeMs > MAX_AGE_MS) fs.rmSync(old, { force: true });
      }
      for (const [file, script] of fresh) {
        const tmp = `${file}.tmp-${process.pid}`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, file);
      }
    } catch {
      // A read-only checkout still runs; it just compiles every time.
    }
  });
}

module.exports = { enableCompileCache };
