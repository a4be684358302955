#!/usr/bin/env node
// Builds the programs of the server test tier from their published Go modules,
// pinned in test-server/build/*/go.mod: kube-apiserver, kube-controller-manager,
// kube-scheduler and kubectl from k8s.io/kubernetes, kwok from sigs.k8s.io/kwok,
// etcd from go.etcd.io/etcd/server/v3. Each binary goes to
// .tools/server/<name>-<version>-<pins hash>/ and is rebuilt only when its pins
// (go.mod, go.sum, the Go version) change. Prints where each binary is, as JSON.
'use strict';
const { execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const BUILD = path.join(root, 'test-server', 'build');
const OUT = path.join(root, '.tools', 'server');

/** The version a go.mod requires of a module. */
function required(modDir, mod) {
  const text = fs.readFileSync(path.join(modDir, 'go.mod'), 'utf-8');
  const m = new RegExp(`^\\s*(?:require\\s+)?${mod.replace(/\./g, '\\.')} (v\\S+)`, 'm').exec(text);
  if (!m) throw new Error(`${path.relative(root, modDir)}/go.mod does not require ${mod}`);
  return m[1];
}

/** ldflags that stamp a Kubernetes binary with its release, as the project's own build does. */
function kubeVersionFlags(version) {
  const [, major, minor] = /^v(\d+)\.(\d+)/.exec(version);
  const fields = { gitVersion: version, gitMajor: major, gitMinor: minor, gitTreeState: 'clean', buildDate: '1970-01-01T00:00:00Z' };
  return ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']
    .flatMap((pkg) => Object.entries(fields).map(([k, v]) => `-X ${pkg}.${k}=${v}`))
    .join(' ');
}

const kubeVersion = () => required(path.join(BUILD, 'kube'), 'k8s.io/kubernetes');
/** A program of k8s.io/kubernetes (cmd/<name>), stamped with the module's release. */
const kubeTarget = (name) => ({ name, module: 'kube', pkg: `k8s.io/kubernetes/cmd/${name}`, version: kubeVersion, ldflags: () => kubeVersionFlags(kubeVersion()) });
const TARGETS = [
  ...['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl'].map(kubeTarget),
  { name: 'kwok', module: 'kwok', pkg: 'sigs.k8s.io/kwok/cmd/kwok', version: () => required(path.join(BUILD, 'kwok'), 'sigs.k8s.io/kwok'), ldflags: () => '' },
  { name: 'etcd', module: 'etcd', pkg: '.', version: () => required(path.join(BUILD, 'etcd'), 'go.etcd.io/etcd/server/v3'), ldflags: () => '' },
];

function goVersion() {
  try {
    return execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf-8' }).trim();
  } catch {
    throw new Error('go is not installed: the server test tier builds kube-apiserver and etcd from their Go modules (install Go 1.24 or later)');
  }
}

/** Builds what is missing; returns the binaries by name. */
function build(log = (line) => process.stderr.write(`${line}\n`)) {
  const go = goVersion();
  const binaries = {};
  for (const t of TARGETS) {
    const dir = path.join(BUILD, t.module);
    const version = t.version();
    const ldflags = t.ldflags();
    const hash = crypto.createHash('sha256');
    for (const f of ['go.mod', 'go.sum']) hash.update(fs.readFileSync(path.join(dir, f)));
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.go')).sort()) hash.update(fs.readFileSync(path.join(dir, f)));
    hash.update(`${go}\n${t.pkg}\n${ldflags}`);
    const bin = path.join(OUT, `${t.name}-${version}-${hash.digest('hex').slice(0, 12)}`, t.name);
    binaries[t.name] = { path: bin, version };
    if (fs.existsSync(bin)) continue;
    const started = Date.now();
    log(`build-server: building ${t.name} ${version} with ${go} (a cold build takes minutes; later runs reuse it)`);
    fs.mkdirSync(path.dirname(bin), { recursive: true });
    const tmp = `${bin}.tmp-${process.pid}`;
    execFileSync('go', ['build', '-trimpath', '-mod=readonly', '-ldflags', ldflags, '-o', tmp, t.pkg], {
      cwd: dir,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, CGO_ENABLED: '0' },
    });
    fs.renameSync(tmp, bin);
    log(`build-server: ${t.name} ${version} built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  return binaries;
}

/**
 * Where the Go module cache holds a module that one of the build modules pins,
 * for data it ships (kwok's stages); downloads it again if the cache was cleaned.
 */
function moduleDir(module, mod) {
  const info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', mod], { cwd: path.join(BUILD, module), encoding: 'utf-8' }));
  if (info.Error || !info.Dir) throw new Error(`cannot download ${mod}: ${info.Error ?? 'no folder'}`);
  return info.Dir;
}

module.exports = { build, moduleDir };

if (require.main === module) {
  try {
    process.stdout.write(`${JSON.stringify(build(), null, 2)}\n`);
  } catch (e) {
    process.stderr.write(`build-server: ${e.message}\n`);
    process.exitCode = 1;
  }
}
