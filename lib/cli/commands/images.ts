/**
 * `images build` / `images load`: builds todo-backend and todo-frontend from
 * the app sources with the project's Dockerfiles, tagged with the version
 * (`<version>-local`, the chart's default) and the git commit; loads them
 * into minikube or kind so the cluster never pulls them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CommandSpec, list, oneOf, ParsedArgs, str, usageLine } from '../args';
import { Context } from '../context';
import { CliError, UsageError } from '../errors';
import { Component, IMAGES, localImageTag } from '../project';
import { Runner, Step } from '../steps';
import { findExecutable } from '../tools';
import { DRIVER_OPTIONS, driverFrom, driverName } from './cluster';

const COMPONENTS: readonly Component[] = ['backend', 'frontend'];
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const BUILD_ARG = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Files each app folder must hold (the image contract in the README). */
export const REQUIRED_FILES: Readonly<Record<Component, readonly string[]>> = {
  backend: ['requirements.txt'],
  frontend: ['package.json', 'package-lock.json'],
};

/** The Dockerfile and .dockerignore of a component. */
export function dockerFiles(root: string, component: Component): { dockerfile: string; dockerignore: string } {
  return {
    dockerfile: path.join(root, 'docker', `${component}.Dockerfile`),
    dockerignore: path.join(root, 'docker', `${component}.dockerignore`),
  };
}

function selected(spec: CommandSpec, args: ParsedArgs): readonly Component[] {
  const only = str(args, 'only');
  if (only === undefined) return COMPONENTS;
  return [oneOf(spec, args, 'only', COMPONENTS, 'backend')];
}

function tagFrom(spec: CommandSpec, args: ParsedArgs, root: string): string {
  const tag = str(args, 'tag') ?? localImageTag(root);
  if (!TAG.test(tag)) throw new UsageError(`${spec.name}: --tag "${tag}" is not a valid image tag (letters, digits, _ . -)`, usageLine(spec));
  return tag;
}

/** Checks an app folder holds what its Dockerfile copies; a one-line error otherwise. */
function checkSource(ctx: Context, component: Component, dir: string): void {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new CliError(`${component} source not found: ${dir} is not a directory (pass --${component}-dir)`);
  }
  const missing = REQUIRED_FILES[component].filter((f) => !fs.existsSync(path.join(dir, f)));
  if (missing.length) {
    throw new CliError(`${component} source ${dir} has no ${missing.join(' or ')} (see "Image contract" in the README)`);
  }
  const { dockerfile } = dockerFiles(ctx.root, component);
  if (!fs.existsSync(dockerfile)) throw new CliError(`${dockerfile} is missing`);
}

/** `images build`. */
export const imagesBuildCommand: CommandSpec = {
  name: 'images build',
  summary: 'Build the todo-backend and todo-frontend images with docker.',
  details: [
    'Tags: <repository>:<version>-local (what the chart runs by default, or --tag) and <repository>:<git short sha>',
    'when the source folder is a git repository. A folder without a .dockerignore gets a copy of docker/<component>.dockerignore',
    '(it keeps .env, node_modules and caches out of the image).',
    'NEXT_PUBLIC_* values are compiled into the frontend at build time: changing them needs a rebuild, not a redeploy.',
  ].join('\n'),
  options: {
    'backend-dir': { type: 'string', value: 'DIR', description: 'FastAPI source folder (default ./backend)' },
    'frontend-dir': { type: 'string', value: 'DIR', description: 'Next.js source folder (default ./frontend)' },
    tag: { type: 'string', value: 'TAG', description: 'version tag (default <package version>-local, e.g. 0.1.0-local)' },
    only: { type: 'string', value: 'backend|frontend', description: 'build one image' },
    'app-env': { type: 'string', value: 'production|development', description: 'APP_ENV build argument of both images (default production)' },
    'public-api-url': { type: 'string', value: 'URL', description: 'NEXT_PUBLIC_API_URL baked into the frontend (default /api, same origin via the ingress)' },
    'build-arg': { type: 'string', multiple: true, value: 'KEY=VALUE', description: 'extra build argument; NEXT_PUBLIC_* values go to the frontend build only' },
  },
  tools: () => ['docker'],
  async run(ctx, args) {
    const spec = imagesBuildCommand;
    const runner = new Runner(ctx, { release: 'todo-chatbot', namespace: 'todo-chatbot' });
    const tag = tagFrom(spec, args, ctx.root);
    const appEnv = oneOf(spec, args, 'app-env', ['production', 'development'] as const, 'production');
    const publicApiUrl = str(args, 'public-api-url') ?? '/api';
    // Values may hold commas, so each --build-arg is one argument.
    const extra = list(args, 'build-arg', false);
    const bad = extra.find((a) => !BUILD_ARG.test(a) || /[\r\n]/.test(a));
    if (bad !== undefined) throw new UsageError(`${spec.name}: --build-arg "${bad.split(/[\r\n]/)[0]}" must be KEY=VALUE on one line`, usageLine(spec));
    // The Dockerfile declares NEXT_PUBLIC_API_URL; any other public value travels in NEXT_PUBLIC_ENV
    // (an undeclared build argument would never reach `next build`).
    const apiUrl = extra.find((a) => a.startsWith('NEXT_PUBLIC_API_URL='))?.slice('NEXT_PUBLIC_API_URL='.length) ?? publicApiUrl;
    const publicVars = extra.filter((a) => a.startsWith('NEXT_PUBLIC_') && !a.startsWith('NEXT_PUBLIC_API_URL='));
    const plainArgs = extra.filter((a) => !a.startsWith('NEXT_PUBLIC_'));
    const components = selected(spec, args);
    const dirs = Object.fromEntries(
      components.map((c) => [c, path.resolve(ctx.cwd, str(args, `${c}-dir`) ?? c)]),
    ) as Record<Component, string>;
    for (const c of components) checkSource(ctx, c, dirs[c]);

    const hasGit = Boolean(findExecutable('git', ctx.env, ctx.platform));
    if (!hasGit) runner.say('note: git is not installed, so the images get only the version tag');
    const steps: Step[] = [];
    const built: string[] = [];
    for (const c of components) {
      const repo = IMAGES[c];
      const tags = [`${repo}:${tag}`];
      if (hasGit) {
        const r = await runner.probe(`git commit of ${c}`, ['git', '-C', dirs[c], 'rev-parse', '--short', 'HEAD'], {
          assume: 'the folder is a git repository; <sha> stands for its short commit id',
          dryRunValue: '<sha>',
        });
        const sha = r.ok ? r.stdout.trim() : '';
        if (sha) tags.push(`${repo}:${sha}`);
      }
      const { dockerfile, dockerignore } = dockerFiles(ctx.root, c);
      const ignoreTarget = path.join(dirs[c], '.dockerignore');
      if (!fs.existsSync(ignoreTarget)) {
        steps.push({
          kind: 'local',
          title: `add a .dockerignore to the ${c} source`,
          describe: [`copy ${dockerignore} to ${ignoreTarget}`],
          perform: () => fs.copyFileSync(dockerignore, ignoreTarget, fs.constants.COPYFILE_EXCL),
        });
      }
      const buildArgs = [`APP_ENV=${appEnv}`];
      if (c === 'frontend') {
        buildArgs.push(`NEXT_PUBLIC_API_URL=${apiUrl}`);
        if (publicVars.length) buildArgs.push(`NEXT_PUBLIC_ENV=${publicVars.join('\n')}`);
      }
      buildArgs.push(...plainArgs);
      steps.push({
        title: `build ${repo}`,
        procs: [
          {
            argv: ['docker', 'build', '-f', dockerfile, ...tags.flatMap((t) => ['-t', t]), ...buildArgs.flatMap((a) => ['--build-arg', a]), dirs[c]],
          },
        ],
      });
      built.push(...tags);
    }
    await runner.run(steps);
    runner.done(`Built ${built.join(', ')}.`);
    runner.done('Next: todo-chatbot images load (add --driver kind on kind).');
    return 0;
  },
};

/** `images load`. */
export const imagesLoadCommand: CommandSpec = {
  name: 'images load',
  summary: 'Copy the images into the local cluster (minikube image load, or kind load docker-image).',
  details: 'The chart runs <repository>:<version>-local by default; after loading a rebuilt image with the same tag, restart the\ndeployments to pick it up: kubectl rollout restart deployment -n todo-chatbot -l app.kubernetes.io/instance=todo-chatbot',
  options: {
    ...DRIVER_OPTIONS,
    tag: { type: 'string', value: 'TAG', description: 'tag to load (default <package version>-local)' },
    only: { type: 'string', value: 'backend|frontend', description: 'load one image' },
  },
  tools: (args, env) => (driverName(args, env) === 'kind' ? ['kind', 'docker'] : ['minikube']),
  async run(ctx, args) {
    const spec = imagesLoadCommand;
    const { driver, name } = driverFrom(spec, args, ctx.env);
    const tag = tagFrom(spec, args, ctx.root);
    const images = selected(spec, args).map((c) => `${IMAGES[c]}:${tag}`);
    const runner = new Runner(ctx, { release: 'todo-chatbot', namespace: 'todo-chatbot' });
    const steps: Step[] =
      driver === 'kind'
        ? [{ title: 'load the images into kind', procs: [{ argv: ['kind', 'load', 'docker-image', ...images, '--name', name] }] }]
        : images.map((image) => ({ title: `load ${image} into minikube`, procs: [{ argv: ['minikube', 'image', 'load', image, '-p', name] }] }));
    await runner.run(steps);
    runner.done(`Loaded ${images.join(', ')} into ${driver} cluster "${name}".`);
    runner.done('If the release already runs this tag, restart it to use the new image: kubectl rollout restart deployment -n <namespace> -l app.kubernetes.io/instance=<release>');
    return 0;
  },
};
