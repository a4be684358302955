import { commandLines, useSandbox } from './support';

const PVC_DELETE = 'kubectl delete persistentvolumeclaims,secrets -n todo-chatbot -l app.kubernetes.io/instance=todo-chatbot --wait=true';

describe('rollback, status and uninstall', () => {
  const box = useSandbox();

  it('rollback goes to the given revision and waits for both rollouts', async () => {
    const r = await box().run(['rollback', '3', '-n', 'apps']);
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)).toEqual([
      'helm rollback todo-chatbot 3 -n apps --wait --timeout 5m',
      'kubectl rollout status deployment/todo-chatbot-frontend -n apps --timeout=5m',
      'kubectl rollout status deployment/todo-chatbot-backend -n apps --timeout=5m',
    ]);
    expect(r.out).toContain('Rolled todo-chatbot back to revision 3.');
  });

  it('rollback without a revision goes to the previous one; a bad revision is a usage error', async () => {
    const b = box();
    const r = await b.run(['rollback']);
    expect(commandLines(r.calls)[0]).toBe('helm rollback todo-chatbot -n todo-chatbot --wait --timeout 5m');
    const bad = await b.run(['rollback', 'last']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('error: rollback: REVISION must be a revision number from "helm history" (got "last")\nusage: todo-chatbot rollback [options] [REVISION]\n');
    const extra = await b.run(['rollback', '1', '2']);
    expect(extra.code).toBe(2);
    expect(extra.err.split('\n')[0]).toBe('error: rollback: unexpected argument "2"');
    expect([...bad.calls, ...extra.calls]).toEqual([]);
  });

  it('rollback of a release that is not installed hints at deploy', async () => {
    const b = box();
    b.rules = [{ tool: 'helm', prefix: ['rollback'], exit: 1, stderr: 'Error: release: not found\n' }];
    const r = await b.run(['rollback']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: step "helm rollback" failed (exit 1)\n  | Error: release: not found\nhint: the release is not installed: run "todo-chatbot deploy" first\n');
  });

  it('status shows helm status and the objects of the release', async () => {
    const b = box();
    b.rules = [
      { tool: 'helm', prefix: ['status'], stdout: 'NAME: todo-chatbot\nSTATUS: deployed\n' },
      { tool: 'kubectl', prefix: ['get'], stdout: 'NAME                    READY\npod/todo-chatbot-backend-1   1/1\n' },
    ];
    const r = await b.run(['status']);
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)).toEqual([
      'helm status todo-chatbot -n todo-chatbot',
      'kubectl get deployments,statefulsets,pods,services,ingresses,persistentvolumeclaims -n todo-chatbot -l app.kubernetes.io/instance=todo-chatbot -o wide',
    ]);
    expect(r.out).toContain('NAME: todo-chatbot\nSTATUS: deployed\n');
    expect(r.out).toContain('pod/todo-chatbot-backend-1   1/1\n');
  });

  it('uninstall keeps the data volumes and says where they are', async () => {
    const b = box();
    b.rules = [{ tool: 'kubectl', prefix: ['get', 'persistentvolumeclaims,secrets'], stdout: 'persistentvolumeclaim/todo-chatbot-sqlite\nsecret/todo-chatbot-secrets\n' }];
    const r = await b.run(['uninstall']);
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)).toEqual([
      'helm status todo-chatbot -n todo-chatbot',
      'helm uninstall todo-chatbot -n todo-chatbot --wait --timeout 5m',
      'kubectl get persistentvolumeclaims,secrets -n todo-chatbot -l app.kubernetes.io/instance=todo-chatbot -o name',
    ]);
    expect(r.out).toContain('Kept: persistentvolumeclaim/todo-chatbot-sqlite, secret/todo-chatbot-secrets. A later deploy with the same release name reuses them; delete them with --purge-data.');
    expect(r.calls.some((c) => c.args.includes('delete'))).toBe(false);
  });

  it('uninstall --purge-data deletes the volumes after the release name is typed', async () => {
    const b = box();
    const r = await b.run(['uninstall', '--purge-data'], { answers: ['todo-chatbot'] });
    expect(r.code).toBe(0);
    expect(r.out).toContain('This deletes the data volumes and kept Secret of release "todo-chatbot" in namespace todo-chatbot for good. Type "todo-chatbot" to confirm: ');
    expect(commandLines(r.calls)).toEqual([
      'helm status todo-chatbot -n todo-chatbot',
      'helm uninstall todo-chatbot -n todo-chatbot --wait --timeout 5m',
      PVC_DELETE,
    ]);
  });

  it('uninstall --purge-data changes nothing when the confirmation is wrong or impossible', async () => {
    const b = box();
    const wrong = await b.run(['uninstall', '--purge-data'], { answers: ['yes'] });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toBe('error: not confirmed (typed "yes", expected "todo-chatbot"): nothing was changed\n');
    const noTty = await b.run(['uninstall', '--purge-data']);
    expect(noTty.code).toBe(1);
    expect(noTty.err).toBe(
      'error: refusing to continue without confirmation: this deletes the data volumes and kept Secret of release "todo-chatbot" in namespace todo-chatbot for good (pass --yes to confirm)\n',
    );
    expect([...wrong.calls, ...noTty.calls]).toEqual([]);
  });

  it('uninstall --purge-data --yes still deletes the volumes of a release that is already gone', async () => {
    const b = box();
    b.rules = [{ tool: 'helm', prefix: ['status'], exit: 1, stderr: 'Error: release: not found\n' }];
    const r = await b.run(['uninstall', '--purge-data', '--yes']);
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)).toEqual(['helm status todo-chatbot -n todo-chatbot', PVC_DELETE]);
    expect(r.out).toContain('Release todo-chatbot is not installed; only its volumes and kept Secret are deleted.');
  });

  it('uninstall of a missing release without --purge-data is an error', async () => {
    const b = box();
    b.rules = [{ tool: 'helm', prefix: ['status'], exit: 1, stderr: 'Error: release: not found\n' }];
    const r = await b.run(['uninstall']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: release todo-chatbot is not installed in namespace todo-chatbot: nothing to uninstall\n');
    expect(r.calls).toHaveLength(1);
  });

  it('uninstall --dry-run shows the confirmation and the plan without running anything', async () => {
    const r = await box().run(['uninstall', '--purge-data', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([]);
    expect(r.out).toContain('(asks you to type "todo-chatbot" first, unless --yes is given)');
    expect(r.out).toContain(`[2/2] delete the data volumes and the kept Secret\n      $ ${PVC_DELETE}\n`);
  });
});
