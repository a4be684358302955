#!/usr/bin/env node
// Synth benchmark: medians of repeated runs after a warm-up, in one run, of
//   (a) `npx cdk8s synth` of this project (manifests and Helm chart),
//   (b) `npx cdk8s synth` of the stock cdk8s TypeScript app with one Deployment and Service,
//   (c) `helm template` of the emitted chart (helm 3 and 4),
// plus what cdk8s-cli itself costs, the property test's samples per second, the
// local profile's total requests, and the wall time of `npm test`. Prints the
// figures and writes bench/results.md.
// Flags: --runs N (default 7), --no-tests (skip timing npm test).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 7;
const WITH_TESTS = !args.includes('--no-tests');
const ENV = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function run(cmd, argv, cwd) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd, env: ENV, encoding: 'utf-8', shell: process.platform === 'win32' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed in ${cwd}:\n${r.stderr || r.stdout}`);
  return ms;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function report(label, samples) {
  const ms = median(samples);
  console.log(`  ${label.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  (min ${Math.min(...samples).toFixed(0)}, max ${Math.max(...samples).toFixed(0)})`);
  return ms;
}

/** Median wall time in ms, after one warm-up run. */
function time(label, cmd, argv, cwd) {
  run(cmd, argv, cwd);
  return report(label, Array.from({ length: RUNS }, () => run(cmd, argv, cwd)));
}

/**
 * Medians of commands measured side by side: each round runs every command
 * once, so a slower or busier moment of the machine weighs on all of them alike.
 */
function timeSideBySide(cases) {
  for (const c of cases) run(c.cmd, c.argv, c.cwd);
  const samples = cases.map(() => []);
  for (let i = 0; i < RUNS; i++) cases.forEach((c, j) => samples[j].push(run(c.cmd, c.argv, c.cwd)));
  return cases.map((c, j) => report(c.label, samples[j]));
}

/** The stock app in a temporary folder: the cdk8s template's cdk8s.yaml and tsconfig.json, this project's node_modules and imports. */
function stockApp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-stock-'));
  const template = path.join(path.dirname(require.resolve('cdk8s-cli/package.json', { paths: [ROOT] })), 'templates', 'typescript-app');
  for (const f of ['cdk8s.yaml', 'tsconfig.json']) fs.copyFileSync(path.join(template, f), path.join(dir, f));
  fs.copyFileSync(path.join(__dirname, 'stock-main.ts'), path.join(dir, 'main.ts'));
  fs.mkdirSync(path.join(dir, 'imports'));
  fs.copyFileSync(path.join(ROOT, 'imports', 'k8s.ts'), path.join(dir, 'imports', 'k8s.ts'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'stock', version: '1.0.0', private: true }));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'junction');
  return dir;
}

/** An app that does nothing: what cdk8s-cli's own start-up costs. */
function emptyApp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-empty-'));
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'language: typescript\napp: node -e "require(\'fs\').mkdirSync(process.env.CDK8S_OUTDIR,{recursive:true})"\n');
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'junction');
  return dir;
}

/** The parity property test as npm test runs it: samples per second, each through synth, helm 3 and helm 4. */
function propertyRate() {
  const samples = 1000;
  const env = { ...ENV, TODO_CHATBOT_PARITY_SAMPLES: String(samples) };
  const start = process.hrtime.bigint();
  const r = spawnSync(NPX, ['jest', 'test/property'], { cwd: ROOT, env, encoding: 'utf-8', shell: process.platform === 'win32' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`the property test failed:\n${r.stderr || r.stdout}`);
  const rate = samples / seconds;
  console.log(`  ${'property test (1000 samples, both helm majors)'.padEnd(44)} ${seconds.toFixed(1).padStart(6)} s   ${rate.toFixed(1)} samples/s`);
  return { samples, seconds, rate };
}

function localRequests() {
  require(path.join(ROOT, 'bin', 'register.js'));
  const { render } = require(path.join(ROOT, 'lib', 'synth.ts'));
  const { quantityToNano } = require(path.join(ROOT, 'lib', 'template', 'quantity.ts'));
  const { parseAllDocuments } = require('yaml');
  let cpu = 0n;
  let memory = 0n;
  for (const o of parseAllDocuments(render({ root: ROOT, profile: 'local', generate: () => 'x' }).manifests).map((d) => d.toJS())) {
    const spec = o?.spec?.template?.spec;
    if (!spec) continue;
    const replicas = BigInt(o.spec.replicas ?? 1);
    for (const c of spec.containers) {
      cpu += quantityToNano(c.resources.requests.cpu) * replicas;
      memory += quantityToNano(c.resources.requests.memory) * replicas;
    }
  }
  return { cpu: Number(cpu / 1000000n), memoryMi: Number(memory / 1000000000n / 1048576n) };
}

function main() {
  const cores = os.cpus().length;
  console.log(`Synth benchmark: ${cores} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, median of ${RUNS} runs after a warm-up\n`);
  const stock = stockApp();
  const empty = emptyApp();
  const helm3 = path.join(ROOT, '.tools', 'helm3', 'helm');
  const helm4 = path.join(ROOT, '.tools', 'helm4', 'helm');
  const chart = path.join(ROOT, 'helm', 'todo-chatbot');
  const [full, app, cli] = timeSideBySide([
    { label: '(a) npx cdk8s synth (this project)', cmd: NPX, argv: ['cdk8s', 'synth'], cwd: ROOT },
    { label: '    node bin/synth.js (the app alone)', cmd: process.execPath, argv: [path.join(ROOT, 'bin', 'synth.js')], cwd: ROOT },
    { label: '    npx cdk8s synth of an empty app (the CLI)', cmd: NPX, argv: ['cdk8s', 'synth'], cwd: empty },
  ]);
  const t = {
    full,
    app,
    cli,
    stock: time('(b) npx cdk8s synth (stock ts-node app)', NPX, ['cdk8s', 'synth'], stock),
    helm3: time('(c) helm template (helm 3.17.3)', helm3, ['template', 'todo-chatbot', chart, '-n', 'todo-chatbot'], ROOT),
    helm4: time('    helm template (helm 4.1.4)', helm4, ['template', 'todo-chatbot', chart, '-n', 'todo-chatbot'], ROOT),
  };
  const property = propertyRate();
  const requests = localRequests();
  let testsMs;
  if (WITH_TESTS) {
    console.log('  npm test (once) ...');
    testsMs = run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['test'], ROOT);
    console.log(`  ${'npm test wall time'.padEnd(44)} ${(testsMs / 1000).toFixed(1).padStart(6)} s`);
  }
  const ratioStock = t.full / t.stock;
  const ratioHelm = t.full / t.helm3;
  const overFloor = t.full / t.cli - 1;
  const targets = [
    [`the app alone at most 250 ms (${t.app.toFixed(0)} ms)`, t.app <= 250],
    [`full synth within 15% of the cdk8s-cli floor (+${(overFloor * 100).toFixed(1)}%)`, overFloor <= 0.15],
    [`full synth <= 1/3 of the stock app (ratio ${ratioStock.toFixed(2)})`, ratioStock <= 1 / 3],
    ...(testsMs === undefined ? [] : [[`npm test under 90 s (${(testsMs / 1000).toFixed(1)} s)`, testsMs < 90000]]),
  ];
  console.log(`\nRatios: full synth / stock app = ${ratioStock.toFixed(2)}; full synth / helm template = ${ratioHelm.toFixed(1)}`);
  console.log(`Local profile requests: ${requests.cpu}m CPU, ${requests.memoryMi}Mi memory (budget 1000m, 1536Mi)`);
  for (const [what, ok] of targets) console.log(`${ok ? 'met   ' : 'MISSED'} ${what}`);

  const row = (label, ms) => `| ${label} | ${ms.toFixed(0)} |`;
  const md = [
    '# Synth benchmark',
    '',
    `Measured by \`npm run bench\` on ${cores} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, ${os.platform()} ${os.arch()}.`,
    `Each figure is the median of ${RUNS} runs after one warm-up run, all in one run; the first three are measured side by side, one of each per round.`,
    '',
    '| What | Median (ms) |',
    '| --- | ---: |',
    row('(a) `npx cdk8s synth` of this project (manifests and Helm chart)', t.full),
    row('&nbsp;&nbsp;the app alone: `node bin/synth.js`', t.app),
    row('&nbsp;&nbsp;cdk8s-cli alone (the floor): `npx cdk8s synth` of an app that only creates its output folder', t.cli),
    row('(b) `npx cdk8s synth` of the stock TypeScript app (one Deployment and Service)', t.stock),
    row('(c) `helm template` of the emitted chart, helm 3.17.3', t.helm3),
    row('&nbsp;&nbsp;`helm template`, helm 4.1.4', t.helm4),
    '',
    `- Full synth over the cdk8s-cli floor: **+${(overFloor * 100).toFixed(1)}%**; full synth / stock app: ${ratioStock.toFixed(2)}; full synth / helm template: ${ratioHelm.toFixed(1)}.`,
    `- Property test: ${property.samples} samples, each rendered by synth, helm 3 and helm 4, in ${property.seconds.toFixed(1)} s: **${property.rate.toFixed(1)} samples per second**.`,
    `- Local profile requests: ${requests.cpu}m CPU and ${requests.memoryMi}Mi memory in total (budget: 1000m and 1536Mi).`,
    ...(testsMs === undefined ? [] : [`- \`npm test\` wall time: ${(testsMs / 1000).toFixed(1)} s (target: under 90 s).`]),
    '',
    '| Target | Result |',
    '| --- | --- |',
    ...targets.map(([what, ok]) => `| ${what} | ${ok ? 'met' : 'missed'} |`),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(__dirname, 'results.md'), md);
  console.log('\nWrote bench/results.md');
  fs.rmSync(stock, { recursive: true, force: true });
  fs.rmSync(empty, { recursive: true, force: true });
}

main();
