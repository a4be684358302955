import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatCommand, quoteArg, redact, tailLines } from '../../lib/cli/display';
import { hintFor } from '../../lib/cli/hints';
import { quoteForCmd, runPipeline, spawnArgs } from '../../lib/cli/run';
import { envValue, findExecutable } from '../../lib/cli/tools';

let dir: string;
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-proc-')));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function touch(file: string, mode = 0o755): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '');
  fs.chmodSync(file, mode);
  return file;
}

describe('findExecutable', () => {
  it('walks PATH in order and needs the execute bit on POSIX', () => {
    touch(path.join(dir, 'a', 'kubectl'), 0o644);
    const b = touch(path.join(dir, 'b', 'kubectl'));
    touch(path.join(dir, 'c', 'kubectl'));
    const env = { PATH: [path.join(dir, 'a'), path.join(dir, 'b'), path.join(dir, 'c')].join(':') };
    expect(findExecutable('kubectl', env, 'linux')).toBe(b);
    expect(findExecutable('helm', env, 'linux')).toBeUndefined();
    expect(findExecutable(b, {}, 'linux')).toBe(b);
  });

  it('tries each PATHEXT extension on Windows, with Path in any case', () => {
    const cmd = touch(path.join(dir, 'b', 'helm.cmd'), 0o644);
    const exe = touch(path.join(dir, 'c', 'kubectl.EXE'), 0o644);
    touch(path.join(dir, 'a', 'kubectl'), 0o755);
    const env = { Path: [path.join(dir, 'a'), `"${path.join(dir, 'b')}"`, path.join(dir, 'c')].join(';'), PATHEXT: '.COM;.EXE;.BAT;.CMD' };
    expect(findExecutable('kubectl', env, 'win32')).toBe(exe);
    expect(findExecutable('helm', env, 'win32')).toBe(cmd);
    expect(findExecutable('helm.cmd', env, 'win32')).toBe(cmd);
    expect(envValue(env, 'PATH', 'win32')).toBe(env.Path);
    expect(envValue(env, 'PATH', 'linux')).toBeUndefined();
  });
});

describe('spawning on Windows', () => {
  it('quotes arguments for cmd.exe', () => {
    expect(quoteForCmd('plain')).toBe('^"plain^"');
    expect(quoteForCmd('a b&c')).toBe('^"a^ b^&c^"');
    expect(quoteForCmd('say "hi"')).toBe('^"say^ \\^"hi\\^"^"');
    expect(quoteForCmd('C:\\dir\\')).toBe('^"C:\\dir\\\\^"');
    expect(quoteForCmd('100%')).toBe('^"100^%^"');
  });

  it('runs .cmd files through cmd.exe and executables directly', () => {
    const viaCmd = spawnArgs('C:\\tools\\helm.cmd', ['list', '-n', 'a b'], { ComSpec: 'C:\\Windows\\system32\\cmd.exe' }, 'win32');
    expect(viaCmd).toEqual({
      command: 'C:\\Windows\\system32\\cmd.exe',
      args: ['/d', '/s', '/c', '"^"C:\\tools\\helm.cmd^" ^"list^" ^"-n^" ^"a^ b^""'],
      options: { windowsVerbatimArguments: true },
    });
    expect(spawnArgs('C:\\tools\\kubectl.exe', ['get', 'pods'], {}, 'win32')).toEqual({ command: 'C:\\tools\\kubectl.exe', args: ['get', 'pods'], options: {} });
    expect(spawnArgs('/usr/bin/helm.cmd', ['x'], {}, 'linux').command).toBe('/usr/bin/helm.cmd');
  });
});

describe('runPipeline', () => {
  const node = process.execPath;
  const env = { PATH: process.env.PATH ?? '' };

  it('pipes stdout into the next stdin and captures the last stdout', async () => {
    const [a, b] = await runPipeline(
      [
        { file: node, args: ['-e', 'process.stdout.write("hello " + process.env.WHO)'], env: { WHO: 'world' } },
        { file: node, args: ['-e', 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{process.stdout.write(s.toUpperCase());console.error("done")})'] },
      ],
      { env, cwd: dir },
    );
    expect(a.code).toBe(0);
    expect(b).toEqual({ code: 0, stdout: Buffer.from('HELLO WORLD'), stderr: 'done\n', error: undefined });
  });

  it('streams stdin from a file and stdout into a 0600 file, byte for byte', async () => {
    const input = path.join(dir, 'in.bin');
    const bytes = Buffer.from(Array.from({ length: 300000 }, (_, i) => i % 256));
    fs.writeFileSync(input, bytes);
    const output = path.join(dir, 'out.bin');
    const [r] = await runPipeline([{ file: node, args: ['-e', 'process.stdin.pipe(process.stdout)'] }], { env, cwd: dir, stdin: { file: input }, stdoutFile: output });
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBe(0);
    expect(fs.readFileSync(output).equals(bytes)).toBe(true);
    if (process.platform !== 'win32') expect(fs.statSync(output).mode & 0o777).toBe(0o600);
  });

  it('reports exit codes and processes that cannot start', async () => {
    const [r] = await runPipeline([{ file: node, args: ['-e', 'console.error("bad");process.exit(3)'] }], { env, cwd: dir, stdin: { data: 'x' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('bad\n');
    const [missing] = await runPipeline([{ file: path.join(dir, 'no-such-tool'), args: [] }], { env, cwd: dir });
    expect(missing.code).toBeUndefined();
    expect((missing.error as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});

describe('display', () => {
  it('quotes only what a shell would need quoted', () => {
    expect(quoteArg('deployment/x')).toBe('deployment/x');
    expect(quoteArg('--selector=app.kubernetes.io/component=controller')).toBe('--selector=app.kubernetes.io/component=controller');
    expect(quoteArg('')).toBe("''");
    expect(quoteArg("it's")).toBe("'it'\\''s'");
    expect(quoteArg('{{.ServerVersion}}')).toBe('{{.ServerVersion}}');
    expect(formatCommand(['node', 'synth.js', 'a b'], { X: '1' })).toBe("X=1 node synth.js 'a b'");
  });

  it('redacts secrets and their base64 form, longest first', () => {
    expect(redact('token abcd1234 and YWJjZDEyMzQ= and abcd12345', ['abcd1234', 'abcd12345', 'ab'])).toBe('token <redacted> and <redacted> and <redacted>');
  });

  it('keeps the last non-empty lines', () => {
    expect(tailLines('a\n\nb  \r\nc\n\n', 2)).toEqual(['b', 'c']);
  });
});

describe('hints', () => {
  const c = { release: 'r', namespace: 'ns' };
  it.each([
    ['Back-off pulling image "todo-backend:0.1.0-local": ErrImagePull', 'the cluster cannot find the image'],
    ['error: no matches for kind "Ingress" in version', 'the ingress controller is missing or not ready'],
    ['The connection to the server localhost:8080 was refused - did you specify the right host or port?', 'kubectl has no cluster selected'],
    ['The connection to the server 192.168.49.2:8443 was refused - did you specify the right host or port?', 'the cluster is not reachable'],
    ['Error: Kubernetes cluster unreachable: Get "https://127.0.0.1:6443/version": dial tcp', 'the cluster is not reachable'],
    ['error: current-context is not set', 'kubectl has no cluster selected'],
    ['Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress', 'a previous Helm operation did not finish: wait for it, or run "todo-chatbot rollback" (helm history r -n ns'],
    ['Error: container has runAsNonRoot and image will run as root', 'a container keeps failing: look at its logs with "kubectl logs -n ns deployment/r-backend"'],
    ['error: timed out waiting for the condition on pods/x', 'pods did not become ready in time: run "todo-chatbot status" and "kubectl describe pods -n ns -l app.kubernetes.io/instance=r"'],
    ['Error: secret "r-env" not found', 'a Secret or key the pods need is missing: run "todo-chatbot secrets apply --from-env-file .env" (creates r-env)'],
    ['X Exiting due to RSRC_INSUFFICIENT_CONTAINER_MEMORY', 'not enough memory for the cluster: give Docker Desktop (or the VM) more memory, or lower --memory (default 4096 MB, the least minikube takes is 1800 MB)'],
  ])('%s', (output, start) => {
    expect(hintFor(output, c)?.startsWith(start)).toBe(true);
  });

  it('gives no hint for unknown output', () => {
    expect(hintFor('something odd happened', c)).toBeUndefined();
  });
});
