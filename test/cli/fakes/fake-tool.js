// Stand-in for docker, kubectl, helm, minikube, kind, git and bin/synth.js in
// tests. Each call appends one JSON line to $FAKE_TOOLS_LOG (tool, arguments,
// stdin, the content and mode of the CLI's temporary files it was handed)
// and answers from the first matching rule in $FAKE_TOOLS_RULES. A rule with
// runLocal runs the command after `--` of `kubectl exec` with python3 as the
// pod would (see pod-python.py).
'use strict';
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

function matches(rule, tool, args) {
  if (rule.tool !== tool) return false;
  if (rule.args && JSON.stringify(rule.args) !== JSON.stringify(args)) return false;
  if (rule.prefix && JSON.stringify(rule.prefix) !== JSON.stringify(args.slice(0, rule.prefix.length))) return false;
  if (rule.includes && !rule.includes.every((a) => args.includes(a))) return false;
  return true;
}

/** Files the CLI writes for a tool (kind config, Secret env file), by the arguments that name them. */
function namedTempFiles(args) {
  const files = {};
  const tmp = fs.realpathSync(os.tmpdir());
  for (const arg of args) {
    const candidate = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : arg;
    if (!path.isAbsolute(candidate) || !path.basename(candidate).startsWith('todo-chatbot-')) continue;
    if (!fs.existsSync(candidate) || !fs.realpathSync(path.dirname(candidate)).startsWith(tmp)) continue;
    files[candidate] = { content: fs.readFileSync(candidate, 'utf-8'), mode: fs.statSync(candidate).mode & 0o777 };
  }
  return files;
}

const POD_PYTHON = path.join(__dirname, 'pod-python.py');

/** Runs `python -c SCRIPT ARGS...` from after `--` locally, pod paths in ARGS mapped into runLocal.root. */
function runLocal(opts, args, stdin) {
  const [program, ...rest] = args.slice(args.indexOf('--') + 1);
  if (program !== 'python' && program !== 'python3') {
    process.stderr.write(`fake: runLocal runs python only, not ${program}\n`);
    return 127;
  }
  const tmp = path.join(opts.root, 'tmp');
  const config = { root: opts.root, volumes: { '/data': opts.dataBytes ?? null, '/tmp': opts.tmpBytes } };
  const mapped = rest.map((a) => (a.startsWith('/') ? path.join(opts.root, a) : a));
  const r = spawnSync(process.env.FAKE_PYTHON3 || 'python3', [POD_PYTHON, JSON.stringify(config), ...mapped], {
    input: stdin,
    cwd: opts.root,
    // SQLite and tempfile put their temporary files here: the pod's /tmp.
    env: { PATH: process.env.PATH, TMPDIR: tmp, SQLITE_TMPDIR: tmp, PYTHONDONTWRITEBYTECODE: '1' },
    maxBuffer: Infinity,
  });
  // EPIPE: the script ended without reading all of stdin, as a refusing one does.
  if (r.error && r.error.code !== 'EPIPE') throw r.error;
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  return r.status ?? 1;
}

function run(tool, args) {
  let stdin = Buffer.alloc(0);
  try {
    stdin = fs.readFileSync(0);
  } catch {
    // No stdin attached.
  }
  const rules = process.env.FAKE_TOOLS_RULES ? JSON.parse(fs.readFileSync(process.env.FAKE_TOOLS_RULES, 'utf-8')) : [];
  const rule = rules.find((r) => matches(r, tool, args)) || {};
  const entry = { tool, args };
  if (stdin.length) {
    // A database on its way into a local run is not text.
    if (!rule.runLocal) entry.stdin = stdin.toString('utf-8');
    entry.stdinSha256 = crypto.createHash('sha256').update(stdin).digest('hex');
  }
  const files = namedTempFiles(args);
  if (Object.keys(files).length) entry.files = files;
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('TODO_CHATBOT_') && k !== 'TODO_CHATBOT_ROOT'));
  if (Object.keys(env).length) entry.env = env;
  fs.appendFileSync(process.env.FAKE_TOOLS_LOG, `${JSON.stringify(entry)}\n`);

  if (rule.runLocal) {
    process.exitCode = runLocal(rule.runLocal, args, stdin);
    return;
  }
  if (rule.stdoutBase64) process.stdout.write(Buffer.from(rule.stdoutBase64, 'base64'));
  else if (rule.stdout) process.stdout.write(rule.stdout);
  if (rule.stderr) process.stderr.write(rule.stderr);
  process.exitCode = rule.exit || 0;
}

module.exports = { run };
