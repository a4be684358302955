/**
 * The Dockerfiles against the container contract of the chart: ports, UID,
 * health paths and writable paths come from the config defaults, so a change
 * on either side that breaks the other fails here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DockerfileParser, Instruction } from 'dockerfile-ast';
import { DEFAULT_CONFIG } from '../../lib/config';
import { IMAGES, localImageTag } from '../../lib/cli/project';

const ROOT = path.resolve(__dirname, '..', '..');

interface Stage {
  readonly name: string;
  /** The base image with build arguments resolved. */
  readonly image: string;
  readonly instructions: Instruction[];
}

interface Parsed {
  readonly stages: Stage[];
  readonly runtime: Stage;
}

function parse(file: string): Parsed {
  const df = DockerfileParser.parse(fs.readFileSync(path.join(ROOT, 'docker', file), 'utf-8'));
  const globals = new Map(df.getInitialARGs().map((a) => [a.getProperty()?.getName() as string, a.getProperty()?.getValue() ?? '']));
  const stages: Stage[] = [];
  for (const instruction of df.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = df.getFROMs().find((f) => f.getRange().start.line === instruction.getRange().start.line);
      const image = (from?.getImage() ?? '').replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string, b: string) => globals.get(a ?? b) ?? '');
      stages.push({ name: from?.getBuildStage() ?? '', image, instructions: [] });
    } else if (stages.length) {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return { stages, runtime: stages[stages.length - 1] };
}

const keyword = (stage: Stage, k: string) => stage.instructions.filter((i) => i.getKeyword() === k);
const args = (i: Instruction) => i.getArgumentsContent() ?? '';
const flagsOf = (i: Instruction): string[] =>
  (i as unknown as { getFlags(): Array<{ getName(): string; getValue(): string | null }> }).getFlags().map((f) => `--${f.getName()}=${f.getValue() ?? ''}`);
/** A COPY as written: its flags, then its arguments. */
const copyLine = (i: Instruction) => [...flagsOf(i), args(i)].join(' ');
/** Exec-form JSON, parsed as Docker parses it (invalid JSON would silently become shell form). */
const execForm = (text: string): string[] => JSON.parse(text) as string[];

function envOf(stage: Stage): Map<string, string> {
  const env = new Map<string, string>();
  for (const i of keyword(stage, 'ENV')) {
    const props = (i as unknown as { getProperties(): Array<{ getName(): string; getValue(): string | null }> }).getProperties();
    for (const p of props) env.set(p.getName(), p.getValue() ?? '');
  }
  return env;
}

function argsOf(stage: Stage): Map<string, string> {
  return new Map(
    keyword(stage, 'ARG').map((i) => {
      const [name, value] = args(i).split('=');
      return [name, value ?? ''];
    }),
  );
}

function healthcheck(stage: Stage): { flags: Record<string, string>; command: string[] } {
  const [h] = keyword(stage, 'HEALTHCHECK');
  const flags = Object.fromEntries(
    (h as unknown as { getFlags(): Array<{ getName(): string; getValue(): string | null }> }).getFlags().map((f) => [f.getName(), f.getValue() ?? '']),
  );
  const text = args(h).replace(/^(--\S+\s+)*/, '');
  expect(text.startsWith('CMD [')).toBe(true);
  return { flags, command: execForm(text.slice(4)) };
}

const index = (stage: Stage, match: (i: Instruction) => boolean) => stage.instructions.findIndex(match);

describe.each([
  {
    component: 'backend' as const,
    file: 'backend.Dockerfile',
    stageNames: ['deps', 'runtime'],
    base: /^python:3\.13\.\d+-slim(-[a-z]+)?$/,
    config: DEFAULT_CONFIG.backend,
  },
  {
    component: 'frontend' as const,
    file: 'frontend.Dockerfile',
    stageNames: ['deps', 'build', 'runtime'],
    base: /^node:20\.\d+\.\d+-alpine(\d+\.\d+)?$/,
    config: DEFAULT_CONFIG.frontend,
  },
])('$file', ({ component, file, stageNames, base, config }) => {
  const d = parse(file);

  it('is multi-stage on a base image pinned to a version, never latest', () => {
    expect(d.stages.map((s) => s.name)).toEqual(stageNames);
    for (const s of d.stages) {
      expect(s.image).toMatch(base);
      expect(s.image).not.toMatch(/:latest$/);
    }
  });

  it("runs as the numeric non-root user and group of the chart's securityContext", () => {
    const { runAsUser, runAsGroup } = config.podSecurityContext;
    expect(runAsUser).toBeGreaterThan(0);
    const users = keyword(d.runtime, 'USER');
    expect(users.map(args)).toEqual([`${runAsUser}:${runAsGroup}`]);
    // Nothing after USER runs as root, so the image's last word is the app user.
    const userAt = d.runtime.instructions.indexOf(users[0]);
    expect(d.runtime.instructions.slice(userAt).map((i) => i.getKeyword())).not.toContain('RUN');
    expect(d.stages.flatMap((s) => keyword(s, 'USER'))).toHaveLength(1);
    const created = keyword(d.runtime, 'RUN').map(args).join('\n');
    expect(created).toMatch(new RegExp(`(--uid|-u) ${runAsUser}\\b`));
    expect(created).toMatch(new RegExp(`(--gid|-g) ${runAsGroup}\\b`));
  });

  it('exposes the port of the chart and listens on it', () => {
    expect(keyword(d.runtime, 'EXPOSE').map(args)).toEqual([String(config.port)]);
    expect(envOf(d.runtime).get('PORT')).toBe(String(config.port));
  });

  it("checks health on the chart's probe path and port, in exec form", () => {
    const { flags, command } = healthcheck(d.runtime);
    expect(Object.keys(flags).sort()).toEqual(['interval', 'retries', 'start-period', 'timeout']);
    const code = command.join(' ');
    expect(code).toContain('127.0.0.1');
    if (component === 'backend') {
      expect(command.slice(0, 2)).toEqual(['python', '-c']);
      expect(code).toContain(`:%s${config.healthPath}' % os.environ.get('PORT', '${config.port}')`);
    } else {
      expect(command.slice(0, 2)).toEqual(['node', '-e']);
      expect(code).toContain(`port: process.env.PORT || ${config.port}, path: '${config.healthPath}'`);
      expect(code).toContain('r.statusCode < 400');
    }
  });

  it('writes only to /tmp and to declared volumes owned by the app user', () => {
    const env = envOf(d.runtime);
    expect(env.get('HOME')).toBe('/tmp');
    const volumes = keyword(d.runtime, 'VOLUME').flatMap((v) => execForm(args(v)));
    const expected = component === 'backend' ? [path.posix.dirname(DEFAULT_CONFIG.database.sqlite.path)] : ['/app/.next/cache'];
    expect(volumes).toEqual(expected);
    const runs = keyword(d.runtime, 'RUN').map(args).join('\n');
    const { runAsUser, runAsGroup } = config.podSecurityContext;
    for (const v of volumes) expect(runs).toContain(`chown ${runAsUser}:${runAsGroup} ${v}`);
    // The code itself stays root-owned: the app cannot change it even without a read-only root.
    const copies = keyword(d.runtime, 'COPY');
    expect(copies.length).toBeGreaterThan(1);
    for (const c of copies) expect(flagsOf(c).filter((f) => !f.startsWith('--from='))).toEqual([]);
  });

  it('takes the environment (dev/prod) as a build argument', () => {
    for (const s of d.stages.filter((s) => s.name !== 'deps' || component === 'backend')) {
      expect(argsOf(s).get('APP_ENV')).toBe('production');
    }
    expect(envOf(d.runtime).get('APP_ENV')).toBe('${APP_ENV}');
  });

  it('matches the image names and default tag of the chart', () => {
    expect(IMAGES[component]).toBe(config.image.repository);
    expect(localImageTag(ROOT)).toBe(config.image.tag);
  });
});

describe('backend.Dockerfile specifics', () => {
  const d = parse('backend.Dockerfile');
  const [deps, runtime] = d.stages;

  it('installs dependencies from the requirements alone, before the source is copied', () => {
    expect(keyword(deps, 'COPY').map(copyLine)).toEqual(['requirements*.txt ./']);
    expect(keyword(runtime, 'COPY').map(copyLine)).toEqual(['--from=deps /opt/venv /opt/venv', '. .']);
    expect(index(deps, (i) => i.getKeyword() === 'COPY')).toBeLessThan(index(deps, (i) => args(i).startsWith('pip install -r requirements.txt')));
    expect(args(keyword(deps, 'RUN')[1])).toContain('if [ "$APP_ENV" = "development" ] && [ -f requirements-dev.txt ]; then pip install -r requirements-dev.txt; fi');
    const venvAt = index(runtime, (i) => i.getKeyword() === 'COPY' && copyLine(i) === '--from=deps /opt/venv /opt/venv');
    const sourceAt = index(runtime, (i) => i.getKeyword() === 'COPY' && args(i) === '. .');
    expect(venvAt).toBeGreaterThanOrEqual(0);
    expect(venvAt).toBeLessThan(sourceAt);
  });

  it('takes the worker count from WEB_CONCURRENCY and the port from PORT', () => {
    const [cmd] = keyword(runtime, 'CMD');
    const argv = execForm(args(cmd));
    expect(argv.slice(0, 2)).toEqual(['sh', '-c']);
    expect(argv[2]).toBe(`exec uvicorn "$APP_MODULE" --host 0.0.0.0 --port "$PORT" --workers "$WEB_CONCURRENCY" --proxy-headers --forwarded-allow-ips '*'`);
    const env = envOf(runtime);
    expect(env.get('WEB_CONCURRENCY')).toMatch(/^[1-9]\d*$/);
    expect(env.get('DATABASE_URL')).toBe(`sqlite:///${DEFAULT_CONFIG.database.sqlite.path}`);
    expect(env.get('PYTHONDONTWRITEBYTECODE')).toBe('1');
    expect(env.get('TMPDIR')).toBe('/tmp');
  });
});

describe('frontend.Dockerfile specifics', () => {
  const d = parse('frontend.Dockerfile');
  const [deps, build, runtime] = d.stages;

  it('installs from the lockfile alone, then builds from the source', () => {
    expect(keyword(deps, 'COPY').map(copyLine)).toEqual(['package.json package-lock.json ./']);
    expect(keyword(deps, 'RUN').map(args)).toEqual(['npm ci --no-audit --no-fund']);
    expect(keyword(build, 'COPY').map(copyLine)).toEqual(['--from=deps /app/node_modules ./node_modules', '. .']);
    expect(keyword(runtime, 'COPY').map(copyLine)).toEqual([
      '--from=build /app/.next/standalone ./',
      '--from=build /app/.next/static ./.next/static',
      '--from=build /app/public ./public',
    ]);
  });

  it('bakes NEXT_PUBLIC_API_URL in at build time from a build argument', () => {
    expect(argsOf(build).get('NEXT_PUBLIC_API_URL')).toBe('/api');
    expect(envOf(build).get('NEXT_PUBLIC_API_URL')).toBe('${NEXT_PUBLIC_API_URL}');
    const envAt = index(build, (i) => i.getKeyword() === 'ENV' && args(i).includes('NEXT_PUBLIC_API_URL='));
    const buildAt = index(build, (i) => args(i) === 'npm run build');
    expect(envAt).toBeGreaterThanOrEqual(0);
    expect(envAt).toBeLessThan(buildAt);
    expect(keyword(build, 'RUN').map(args)[2]).toContain("if [ ! -f .next/standalone/server.js ]; then echo \"next.config must set output: 'standalone'\"");
  });

  it('writes the other NEXT_PUBLIC_* build values where next build reads them, before it runs', () => {
    expect(argsOf(build).get('NEXT_PUBLIC_ENV')).toBe('');
    const writeAt = index(build, (i) => args(i) === `printf '%s\\n' "$NEXT_PUBLIC_ENV" | grep '^NEXT_PUBLIC_[A-Za-z0-9_]*=' > .env.production.local || true`);
    expect(writeAt).toBeGreaterThanOrEqual(0);
    expect(writeAt).toBeLessThan(index(build, (i) => args(i) === 'npm run build'));
  });

  it('serves the standalone server on all interfaces', () => {
    expect(execForm(args(keyword(runtime, 'CMD')[0]))).toEqual(['node', 'server.js']);
    const env = envOf(runtime);
    expect(env.get('HOSTNAME')).toBe('0.0.0.0');
    expect(env.get('NODE_ENV')).toBe('production');
    expect(env.get('NEXT_TELEMETRY_DISABLED')).toBe('1');
  });
});

describe.each([
  { file: 'backend.dockerignore', ignored: ['.venv', '**/__pycache__', '*.db', '.pytest_cache'], kept: ['requirements.txt', 'requirements-dev.txt'] },
  { file: 'frontend.dockerignore', ignored: ['node_modules', '.next', 'coverage'], kept: ['package.json', 'package-lock.json', 'public'] },
])('$file', ({ file, ignored, kept }) => {
  const patterns = fs
    .readFileSync(path.join(ROOT, 'docker', file), 'utf-8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  it('keeps secrets, git history and local build state out of the context', () => {
    for (const p of ['.git', '.env', '.env.*', '!.env.example', ...ignored]) expect(patterns).toContain(p);
    expect(patterns.indexOf('!.env.example')).toBeGreaterThan(patterns.indexOf('.env.*'));
  });

  it('keeps what the Dockerfile copies', () => {
    for (const f of kept) expect(patterns.filter((p) => p === f || p === `${f}*`)).toEqual([]);
  });
});
