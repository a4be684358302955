// Stand-in for docker, kubectl, helm, minikube, kind, git and bin/synth.js in
// tests. Each call appends one JSON line to $FAKE_TOOLS_LOG (tool, arguments,
// stdin, the content and mode of the CLI's temporary files it was handed)
// and answers from the first matching rule in $FAKE_TOOLS_RULES.
'use strict';
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

function run(tool, args) {
  let stdin = Buffer.alloc(0);
  try {
    stdin = fs.readFileSync(0);
  } catch {
    // No stdin attached.
  }
  const entry = { tool, args };
  if (stdin.length) {
    entry.stdin = stdin.toString('utf-8');
    entry.stdinSha256 = crypto.createHash('sha256').update(stdin).digest('hex');
  }
  const files = namedTempFiles(args);
  if (Object.keys(files).length) entry.files = files;
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('TODO_CHATBOT_') && k !== 'TODO_CHATBOT_ROOT'));
  if (Object.keys(env).length) entry.env = env;
  fs.appendFileSync(process.env.FAKE_TOOLS_LOG, `${JSON.stringify(entry)}\n`);

  const rules = process.env.FAKE_TOOLS_RULES ? JSON.parse(fs.readFileSync(process.env.FAKE_TOOLS_RULES, 'utf-8')) : [];
  const rule = rules.find((r) => matches(r, tool, args)) || {};
  if (rule.stdoutBase64) process.stdout.write(Buffer.from(rule.stdoutBase64, 'base64'));
  else if (rule.stdout) process.stdout.write(rule.stdout);
  if (rule.stderr) process.stderr.write(rule.stderr);
  process.exitCode = rule.exit || 0;
}

module.exports = { run };
