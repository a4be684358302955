import * as fs from 'fs';
import * as path from 'path';
import { generateSecret, kubectlEnvFile, parseDotenv } from '../../lib/cli/dotenv';
import { commandLines, PRIVATE_MODE, useSandbox } from './support';

const CREATED_YAML = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: todo-chatbot-env\ndata:\n  auth-secret: c2VjcmV0\n';

function secretJson(data: Record<string, string>): string {
  return JSON.stringify({ kind: 'Secret', data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])) });
}

describe('secrets apply', () => {
  const box = useSandbox();

  it('pipes kubectl create --dry-run into kubectl apply, from a 0600 temp file it deletes afterwards', async () => {
    const b = box();
    b.write(
      '.env',
      [
        '# app secrets',
        'BETTER_AUTH_SECRET="s3cr3t-auth value"',
        "export GROQ_API_KEY='gsk_live_123'",
        'OPENAI_API_KEY=sk-test-999 # inline comment',
        'DATABASE_URL=',
        'NEXT_PUBLIC_API_URL=/api',
        '',
      ].join('\n'),
    );
    b.rules = [{ tool: 'kubectl', prefix: ['create', 'secret'], stdout: CREATED_YAML }];
    const r = await b.run(['secrets', 'apply']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const create = r.calls.find((c) => c.args[0] === 'create' && c.args[1] === 'secret') as (typeof r.calls)[number];
    const envArg = create.args.find((a) => a.startsWith('--from-env-file=')) as string;
    const envFile = envArg.slice('--from-env-file='.length);
    expect(commandLines(r.calls)).toEqual([
      'kubectl get secret todo-chatbot-env -n todo-chatbot --ignore-not-found -o json',
      'kubectl get secret todo-chatbot-secrets -n todo-chatbot --ignore-not-found -o json',
      'kubectl create namespace todo-chatbot --dry-run=client -o yaml',
      'kubectl apply -f -',
      `kubectl create secret generic todo-chatbot-env -n todo-chatbot ${envArg} --dry-run=client -o yaml`,
      'kubectl apply -f -',
    ]);
    expect(create.files?.[envFile]).toEqual({
      content: 'auth-secret=s3cr3t-auth value\nopenai-api-key=sk-test-999\ngroq-api-key=gsk_live_123\n',
      mode: PRIVATE_MODE,
    });
    expect(r.calls[5].stdin).toBe(CREATED_YAML);
    expect(fs.existsSync(envFile)).toBe(false);
    expect(r.out).toContain('Secret todo-chatbot-env in namespace todo-chatbot: auth-secret (.env), openai-api-key (.env), groq-api-key (.env).');
    expect(r.out).toContain('Ignored (not keys of the app Secret): NEXT_PUBLIC_API_URL.\nEmpty in .env, so not taken from it: DATABASE_URL.\n');
    for (const value of ['s3cr3t-auth value', 'gsk_live_123', 'sk-test-999', 'c2VjcmV0']) {
      expect(r.out).not.toContain(value);
      expect(r.err).not.toContain(value);
    }
    expect(r.out).toContain('auth-secret=<redacted> openai-api-key=<redacted> groq-api-key=<redacted>');
  });

  it('keeps the auth secret and Postgres password already in the cluster when .env has none', async () => {
    const b = box();
    b.write('prod.env', 'GROQ_API_KEY=gsk_new\n');
    b.rules = [
      { tool: 'kubectl', prefix: ['get', 'secret', 'shop-env'], stdout: '' },
      { tool: 'kubectl', prefix: ['get', 'secret', 'shop-secrets'], stdout: secretJson({ 'auth-secret': 'old-auth', 'groq-api-key': 'gsk_old', 'postgres-password': 'pgpw', 'other': 'x' }) },
    ];
    const r = await b.run(['secrets', 'apply', '--from-env-file', 'prod.env', '--release', 'shop', '--verbose']);
    expect(r.code).toBe(0);
    const create = r.calls.find((c) => c.args[0] === 'create' && c.args[1] === 'secret') as (typeof r.calls)[number];
    expect(Object.values(create.files ?? {})[0].content).toBe('auth-secret=old-auth\ngroq-api-key=gsk_new\npostgres-password=pgpw\n');
    expect(r.out).toContain('Secret shop-env in namespace todo-chatbot: auth-secret (kept from the cluster), groq-api-key (.env), postgres-password (kept from the cluster).');
    expect(r.err).toContain('check: $ kubectl get secret shop-secrets -n todo-chatbot --ignore-not-found -o json\n');
    expect(r.out + r.err).not.toMatch(/old-auth|gsk_new|pgpw|b2xkLWF1dGg|cGdwdw/);
  });

  it('restarts the Deployments that read a changed key, and only those', async () => {
    const b = box();
    b.write('.env', 'GROQ_API_KEY=gsk_rotated\n');
    const reading = (name: string, keys: string[]) => ({
      metadata: { name },
      spec: { template: { spec: { containers: [{ env: keys.map((key) => ({ name: key.toUpperCase(), valueFrom: { secretKeyRef: { name: 'todo-chatbot-env', key } } })) }] } } },
    });
    b.rules = [
      { tool: 'kubectl', prefix: ['get', 'secret', 'todo-chatbot-env'], stdout: secretJson({ 'auth-secret': 'kept', 'groq-api-key': 'gsk_old' }) },
      { tool: 'kubectl', prefix: ['get', 'deployments'], stdout: JSON.stringify({ items: [reading('todo-chatbot-frontend', ['auth-secret']), reading('todo-chatbot-backend', ['auth-secret', 'groq-api-key'])] }) },
    ];
    const r = await b.run(['secrets', 'apply']);
    expect(r.code).toBe(0);
    expect(commandLines(r.calls).slice(-2)).toEqual([
      'kubectl get deployments -n todo-chatbot -l app.kubernetes.io/instance=todo-chatbot -o json',
      'kubectl rollout restart deployment/todo-chatbot-backend -n todo-chatbot',
    ]);
    expect(r.out).toContain('Changed: groq-api-key. Restarted todo-chatbot-backend, which read them.');
  });

  it('restarts nothing when no value changed', async () => {
    const b = box();
    b.write('.env', 'GROQ_API_KEY=gsk_same\n');
    b.rules = [{ tool: 'kubectl', prefix: ['get', 'secret', 'todo-chatbot-env'], stdout: secretJson({ 'auth-secret': 'kept', 'groq-api-key': 'gsk_same' }) }];
    const r = await b.run(['secrets', 'apply']);
    expect(r.code).toBe(0);
    expect(r.calls.some((c) => c.args.includes('rollout') || c.args.includes('deployments'))).toBe(false);
  });

  it('generates a 48-character auth secret when neither .env nor the cluster has one', async () => {
    const b = box();
    b.write('.env', 'OPENAI_API_KEY=sk-1\n');
    const r = await b.run(['secrets', 'apply']);
    expect(r.code).toBe(0);
    const create = r.calls.find((c) => c.args[0] === 'create' && c.args[1] === 'secret') as (typeof r.calls)[number];
    const content = Object.values(create.files ?? {})[0].content;
    expect(content).toMatch(/^auth-secret=[A-Za-z0-9]{48}\nopenai-api-key=sk-1\n$/);
    const generated = /^auth-secret=(\w+)/.exec(content)?.[1] as string;
    expect(r.out).not.toContain(generated);
    expect(r.out).toContain('auth-secret (generated)');
  });

  it('deletes the temp file and redacts values when kubectl apply fails', async () => {
    const b = box();
    b.write('.env', 'BETTER_AUTH_SECRET=topsecretvalue\n');
    b.rules = [{ tool: 'kubectl', args: ['apply', '-f', '-'], exit: 1, stderr: 'error: unable to apply data auth-secret=topsecretvalue (dGVzdA==): connection refused\n' }];
    const r = await b.run(['secrets', 'apply']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error: step "ensure the namespace exists" failed (exit 1)\n');
    expect(r.err).not.toContain('topsecretvalue');
    expect(r.err).toContain('hint: the cluster is not reachable');
    const file = r.out.match(/(\S+todo-chatbot-secret-[0-9a-f]+\.env)/)?.[1] as string;
    expect(file).toBeDefined();
    expect(fs.existsSync(file)).toBe(false);
    expect(r.out).toContain('(runs even if a step above failed)');
  });

  it('never shows values in the dry-run plan and writes no file', async () => {
    const b = box();
    b.write('.env', 'BETTER_AUTH_SECRET=plan-secret\nGROQ_API_KEY=gsk_plan\n');
    const r = await b.run(['secrets', 'apply', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([]);
    expect(r.out).not.toMatch(/plan-secret|gsk_plan/);
    expect(r.out).toContain('auth-secret=<redacted> groq-api-key=<redacted>');
    expect(r.out).not.toContain('Secret todo-chatbot-env in namespace');
    expect(r.out).toMatch(/\$ kubectl create secret generic todo-chatbot-env -n todo-chatbot --from-env-file=\S+ --dry-run=client -o yaml \| kubectl apply -f -\n/);
    const file = r.out.match(/(\S+todo-chatbot-secret-[0-9a-f]+\.env)/)?.[1] as string;
    expect(fs.existsSync(file)).toBe(false);
  });

  it('reports a missing or malformed .env without echoing values', async () => {
    const b = box();
    const missing = await b.run(['secrets', 'apply', '--from-env-file', 'nope.env']);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(`error: env file not found: ${path.join(b.cwd, 'nope.env')} (pass --from-env-file FILE)\n`);
    b.write('.env', 'GROQ_API_KEY="unterminated-secret\n');
    const bad = await b.run(['secrets', 'apply']);
    expect(bad.err).toBe('error: .env:1: GROQ_API_KEY has an unterminated double quote (values must fit on one line)\n');
    expect([...missing.calls, ...bad.calls]).toEqual([]);
  });
});

describe('secrets apply as a real process', () => {
  const box = useSandbox(['kubectl']);
  const refusal = 'error: secrets apply: --env-file is not accepted: use --from-env-file FILE (Node itself reads --env-file and loads that file into its own environment)\n';

  it('reaches its own one-line error for a missing --from-env-file (Node leaves the flag alone)', () => {
    const b = box();
    const r = b.spawn(['secrets', 'apply', '--from-env-file', 'missing.env']);
    expect(r.err).toBe(`error: env file not found: ${path.join(b.cwd, 'missing.env')} (pass --from-env-file FILE)\n`);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.calls).toEqual([]);
  });

  it('reads the file given with --from-env-file', () => {
    const b = box();
    b.write('conf/prod.env', 'BETTER_AUTH_SECRET=from-the-file\n');
    const r = b.spawn(['secrets', 'apply', '--from-env-file=conf/prod.env']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const create = r.calls.find((c) => c.args[0] === 'create' && c.args[1] === 'secret') as (typeof r.calls)[number];
    expect(Object.values(create.files ?? {}).map((f) => f.content)).toEqual(['auth-secret=from-the-file\n']);
    expect(r.out).not.toContain('from-the-file');
    for (const file of Object.keys(create.files ?? {})) expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses --env-file in one line that names --from-env-file, before anything runs', () => {
    const b = box();
    // An existing file gets past Node 20, which loads it into its own environment and starts the program.
    b.write('present.env', 'GROQ_API_KEY=gsk_present\n');
    for (const argv of [['--env-file', 'present.env'], ['--env-file=present.env']]) {
      const r = b.spawn(['secrets', 'apply', ...argv]);
      expect({ argv, code: r.code, out: r.out, err: r.err, calls: r.calls }).toEqual({ argv, code: 2, out: '', err: refusal, calls: [] });
    }
  });
});

describe('dotenv', () => {
  it('parses quotes, escapes, export and comments', () => {
    const vars = parseDotenv(
      ['\uFEFFA=1', 'export B = two words ', 'C="x\\"y\\nz" # note', "D='$literal \\n'", '# comment', '  ', 'E=a#b', 'F='].join('\r\n'),
      '.env',
    );
    expect([...vars]).toEqual([
      ['A', '1'],
      ['B', 'two words'],
      ['C', 'x"y\nz'],
      ['D', '$literal \\n'],
      ['E', 'a#b'],
      ['F', ''],
    ]);
  });

  it('rejects lines that are not assignments, naming only the line', () => {
    expect(() => parseDotenv('OK=1\nthis is not\n', 'x.env')).toThrow('x.env:2: expected NAME=value');
    expect(() => parseDotenv('A="v" trailing\n', 'x.env')).toThrow('x.env:1: unexpected text after the quoted value of A');
  });

  it('writes kubectl env files literally and refuses line breaks', () => {
    expect(kubectlEnvFile(new Map([['a', 'x=y "z"'], ['b', ' sp ']]))).toBe('a=x=y "z"\nb= sp \n');
    expect(() => kubectlEnvFile(new Map([['auth-secret', 'one\ntwo']]))).toThrow('the value for auth-secret contains a line break, which a Secret env file cannot hold');
  });

  it('generates distinct alphanumeric secrets', () => {
    const a = generateSecret();
    expect(a).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(generateSecret()).not.toBe(a);
    expect(generateSecret(12)).toHaveLength(12);
  });
});
