import * as fs from 'fs';
import * as path from 'path';
import { commandLines, REPO_ROOT, Sandbox, useSandbox } from './support';

function appSources(b: Sandbox, opts: { ignoreFiles?: boolean } = {}): { backend: string; frontend: string } {
  b.write('backend/requirements.txt', 'fastapi==0.115.0\nuvicorn==0.30.6\n');
  b.write('frontend/package.json', '{}');
  b.write('frontend/package-lock.json', '{}');
  if (opts.ignoreFiles) {
    b.write('backend/.dockerignore', 'mine\n');
    b.write('frontend/.dockerignore', 'mine\n');
  }
  return { backend: path.join(b.cwd, 'backend'), frontend: path.join(b.cwd, 'frontend') };
}

describe('images build', () => {
  const box = useSandbox();

  it('builds both images with the version and git tags and the build arguments', async () => {
    const b = box();
    const src = appSources(b, { ignoreFiles: true });
    b.rules = [
      { tool: 'git', includes: [src.backend], stdout: 'abc1234\n' },
      { tool: 'git', includes: [src.frontend], stdout: 'def5678\n' },
    ];
    const r = await b.run(['images', 'build']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const docker = path.join(b.root, 'docker');
    expect(commandLines(r.calls)).toEqual([
      `git -C ${src.backend} rev-parse --short HEAD`,
      `git -C ${src.frontend} rev-parse --short HEAD`,
      `docker build -f ${path.join(docker, 'backend.Dockerfile')} -t todo-backend:0.1.0-local -t todo-backend:abc1234 --build-arg APP_ENV=production ${src.backend}`,
      [
        `docker build -f ${path.join(docker, 'frontend.Dockerfile')} -t todo-frontend:0.1.0-local -t todo-frontend:def5678`,
        `--build-arg APP_ENV=production --build-arg NEXT_PUBLIC_API_URL=/api ${src.frontend}`,
      ].join(' '),
    ]);
    expect(r.out).toContain('Built todo-backend:0.1.0-local, todo-backend:abc1234, todo-frontend:0.1.0-local, todo-frontend:def5678.');
    expect(fs.readFileSync(path.join(src.backend, '.dockerignore'), 'utf-8')).toBe('mine\n');
  });

  it('copies the project .dockerignore into a source folder that has none', async () => {
    const b = box();
    const src = appSources(b);
    b.rules = [{ tool: 'git', prefix: ['-C'], exit: 128, stderr: 'fatal: not a git repository\n' }];
    const r = await b.run(['images', 'build', '--only', 'frontend', '--tag', 'dev', '--app-env', 'development', '--public-api-url', 'https://todo.example.com/api', '--build-arg', 'EXTRA=1']);
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)).toEqual([
      `git -C ${src.frontend} rev-parse --short HEAD`,
      [
        `docker build -f ${path.join(b.root, 'docker', 'frontend.Dockerfile')} -t todo-frontend:dev`,
        '--build-arg APP_ENV=development --build-arg NEXT_PUBLIC_API_URL=https://todo.example.com/api',
        `--build-arg EXTRA=1 ${src.frontend}`,
      ].join(' '),
    ]);
    expect(fs.readFileSync(path.join(src.frontend, '.dockerignore'), 'utf-8')).toBe(fs.readFileSync(path.join(REPO_ROOT, 'docker', 'frontend.dockerignore'), 'utf-8'));
    expect(fs.existsSync(path.join(src.backend, '.dockerignore'))).toBe(false);
    expect(r.out).toContain('[1/2] add a .dockerignore to the frontend source\n');
  });

  it('passes NEXT_PUBLIC_* values to the frontend build only, the undeclared ones through NEXT_PUBLIC_ENV', async () => {
    const b = box();
    appSources(b, { ignoreFiles: true });
    const r = await b.run([
      'images', 'build',
      '--build-arg', 'NEXT_PUBLIC_APP_NAME=Todo, the chatbot',
      '--build-arg', 'PIP_INDEX_URL=https://pypi.example/simple',
      '--build-arg', 'NEXT_PUBLIC_API_URL=https://api.example.com',
      '--build-arg', 'NEXT_PUBLIC_THEME=dark',
    ]);
    expect(r.code).toBe(0);
    const buildArgs = r.calls.filter((c) => c.tool === 'docker').map((c) => c.args.filter((_a, i) => c.args[i - 1] === '--build-arg'));
    expect(buildArgs).toEqual([
      ['APP_ENV=production', 'PIP_INDEX_URL=https://pypi.example/simple'],
      [
        'APP_ENV=production',
        'NEXT_PUBLIC_API_URL=https://api.example.com',
        'NEXT_PUBLIC_ENV=NEXT_PUBLIC_APP_NAME=Todo, the chatbot\nNEXT_PUBLIC_THEME=dark',
        'PIP_INDEX_URL=https://pypi.example/simple',
      ],
    ]);
  });

  it('explains a missing source folder or contract file in one line', async () => {
    const b = box();
    const none = await b.run(['images', 'build']);
    expect(none.code).toBe(1);
    expect(none.err).toBe(`error: backend source not found: ${path.join(b.cwd, 'backend')} is not a directory (pass --backend-dir)\n`);
    b.write('api/main.py', '');
    const noReq = await b.run(['images', 'build', '--only', 'backend', '--backend-dir', 'api']);
    expect(noReq.err).toBe(`error: backend source ${path.join(b.cwd, 'api')} has no requirements.txt (see "Image contract" in the README)\n`);
    expect([...none.calls, ...noReq.calls]).toEqual([]);
  });

  it('hints at starting Docker when the daemon is down', async () => {
    const b = box();
    appSources(b, { ignoreFiles: true });
    b.rules = [{ tool: 'docker', prefix: ['build'], exit: 1, stderr: 'ERROR: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n' }];
    const r = await b.run(['images', 'build']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'error: step "build todo-backend" failed (exit 1)\n' +
        '  | ERROR: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n' +
        'hint: Docker is not running: start Docker Desktop (or the docker service) and try again\n',
    );
    expect(r.calls.filter((c) => c.tool === 'docker')).toHaveLength(1);
  });

  it('rejects a bad tag and a bad build argument', async () => {
    const b = box();
    appSources(b, { ignoreFiles: true });
    const tag = await b.run(['images', 'build', '--tag', 'has space']);
    expect(tag.code).toBe(2);
    expect(tag.err.split('\n')[0]).toBe('error: images build: --tag "has space" is not a valid image tag (letters, digits, _ . -)');
    const arg = await b.run(['images', 'build', '--build-arg', 'novalue']);
    expect(arg.err.split('\n')[0]).toBe('error: images build: --build-arg "novalue" must be KEY=VALUE on one line');
    expect([...tag.calls, ...arg.calls]).toEqual([]);
  });

  it('shows the plan on --dry-run, with <sha> for the commit, and copies nothing', async () => {
    const b = box();
    const src = appSources(b);
    const r = await b.run(['images', 'build', '--dry-run', '--only', 'backend']);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([]);
    expect(fs.existsSync(path.join(src.backend, '.dockerignore'))).toBe(false);
    expect(r.out).toContain(
      `      $ docker build -f ${path.join(b.root, 'docker', 'backend.Dockerfile')} -t todo-backend:0.1.0-local -t 'todo-backend:<sha>' --build-arg APP_ENV=production ${src.backend}\n`,
    );
  });
});

describe('images build without git', () => {
  const box = useSandbox(['docker']);

  it('tags with the version only', async () => {
    const b = box();
    const src = appSources(b, { ignoreFiles: true });
    const r = await b.run(['images', 'build']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('note: git is not installed, so the images get only the version tag\n');
    expect(r.calls.map((c) => c.args.filter((_a, i) => c.args[i - 1] === '-t'))).toEqual([['todo-backend:0.1.0-local'], ['todo-frontend:0.1.0-local']]);
    expect(r.calls[0].args.at(-1)).toBe(src.backend);
  });
});

describe('images load', () => {
  const box = useSandbox();

  it('loads both images into minikube one by one', async () => {
    const r = await box().run(['images', 'load']);
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)).toEqual([
      'minikube image load todo-backend:0.1.0-local -p minikube',
      'minikube image load todo-frontend:0.1.0-local -p minikube',
    ]);
  });

  it('loads into kind with one command', async () => {
    const r = await box().run(['images', 'load', '--driver', 'kind', '--tag', 'abc1234', '--name', 'dev']);
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)).toEqual(['kind load docker-image todo-backend:abc1234 todo-frontend:abc1234 --name dev']);
    expect(r.out).toContain('Loaded todo-backend:abc1234, todo-frontend:abc1234 into kind cluster "dev".');
  });

  it('says which image is missing when kind cannot find it', async () => {
    const b = box();
    b.rules = [{ tool: 'kind', prefix: ['load'], exit: 1, stderr: 'ERROR: image: "todo-backend:0.1.0-local" not present locally\n' }];
    const r = await b.run(['images', 'load', '--driver', 'kind']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'error: step "load the images into kind" failed (exit 1)\n  | ERROR: image: "todo-backend:0.1.0-local" not present locally\n' +
        'hint: the image is not built on this machine: run "todo-chatbot images build" (with the same --tag) first\n',
    );
  });
});
