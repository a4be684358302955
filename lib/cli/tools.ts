/**
 * The external tools the command line drives: how to find them on PATH (with
 * PATHEXT on Windows), how to ask their version, and how to install them.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The external tools the command line knows. */
export type ToolName = 'docker' | 'kubectl' | 'helm' | 'minikube' | 'kind' | 'git';

/** What the command line knows about a tool. */
export interface ToolInfo {
  readonly name: ToolName;
  /** What the project uses it for, shown by `doctor`. */
  readonly purpose: string;
  /** Arguments that print the client version without contacting a server. */
  readonly versionArgs: readonly string[];
  /** Install instructions per platform. */
  readonly install: { readonly darwin: string; readonly win32: string; readonly linux: string };
}

/** Every known tool. */
export const TOOLS: Readonly<Record<ToolName, ToolInfo>> = {
  docker: {
    name: 'docker',
    purpose: 'builds the images',
    versionArgs: ['--version'],
    install: {
      darwin: 'install Docker Desktop (brew install --cask docker, or https://docs.docker.com/desktop/)',
      win32: 'install Docker Desktop (winget install Docker.DockerDesktop, or https://docs.docker.com/desktop/)',
      linux: 'install Docker Engine: https://docs.docker.com/engine/install/',
    },
  },
  kubectl: {
    name: 'kubectl',
    purpose: 'talks to the cluster',
    versionArgs: ['version', '--client', '-o', 'json'],
    install: {
      darwin: 'brew install kubectl (or https://kubernetes.io/docs/tasks/tools/)',
      win32: 'winget install Kubernetes.kubectl (or https://kubernetes.io/docs/tasks/tools/)',
      linux: 'see https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/',
    },
  },
  helm: {
    name: 'helm',
    purpose: 'installs the chart',
    versionArgs: ['version', '--short'],
    install: {
      darwin: 'brew install helm (or https://helm.sh/docs/intro/install/)',
      win32: 'winget install Helm.Helm (or https://helm.sh/docs/intro/install/)',
      linux: 'see https://helm.sh/docs/intro/install/',
    },
  },
  minikube: {
    name: 'minikube',
    purpose: 'local cluster (default driver)',
    versionArgs: ['version', '--short'],
    install: {
      darwin: 'brew install minikube (or https://minikube.sigs.k8s.io/docs/start/)',
      win32: 'winget install Kubernetes.minikube (or https://minikube.sigs.k8s.io/docs/start/)',
      linux: 'see https://minikube.sigs.k8s.io/docs/start/',
    },
  },
  kind: {
    name: 'kind',
    purpose: 'local cluster in Docker (--driver kind)',
    versionArgs: ['version'],
    install: {
      darwin: 'brew install kind (or https://kind.sigs.k8s.io/docs/user/quick-start/#installation)',
      win32: 'winget install Kubernetes.kind (or https://kind.sigs.k8s.io/docs/user/quick-start/#installation)',
      linux: 'see https://kind.sigs.k8s.io/docs/user/quick-start/#installation',
    },
  },
  git: {
    name: 'git',
    purpose: 'tags images with the commit',
    versionArgs: ['--version'],
    install: {
      darwin: 'xcode-select --install (or brew install git)',
      win32: 'winget install Git.Git',
      linux: 'install git with your package manager',
    },
  },
};

/** The tools `doctor` reports on, in order. */
export const DOCTOR_TOOLS: readonly ToolName[] = ['docker', 'kubectl', 'helm', 'minikube', 'kind'];

/** Install instructions for a tool on a platform (other platforms get the Linux text). */
export function installHint(name: string, platform: NodeJS.Platform = process.platform): string {
  const info = (TOOLS as Record<string, ToolInfo | undefined>)[name];
  if (!info) return `install ${name} and make sure it is on PATH`;
  return platform === 'darwin' || platform === 'win32' ? info.install[platform] : info.install.linux;
}

/** Reads an environment variable; on Windows the name is case-insensitive (Path, PATHEXT). */
export function envValue(env: NodeJS.ProcessEnv, name: string, platform: NodeJS.Platform = process.platform): string | undefined {
  if (env[name] !== undefined) return env[name];
  if (platform !== 'win32') return undefined;
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : env[key];
}

function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    // Windows has no execute bit: the extension (PATHEXT) decides.
    if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds an executable the way a shell would: a name with a directory part is
 * taken as is, otherwise each PATH entry is tried. On Windows every PATHEXT
 * extension is tried as well (kubectl.exe, npm-style .cmd shims).
 */
export function findExecutable(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
  const windows = platform === 'win32';
  const pathext = (envValue(env, 'PATHEXT', platform) ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean);
  // Extensions as written and in lower case: Windows file systems ignore case, others do not.
  const exts = windows ? [...new Set(pathext.flatMap((e) => [e, e.toLowerCase()]))] : [];
  const candidates = (base: string) => {
    if (!windows) return [base];
    // A bare name without an extension is not runnable on Windows; keep it only when it already has one.
    return [...(/\.[^\\/.]+$/.test(base) ? [base] : []), ...exts.map((e) => base + e)];
  };
  if (name.includes('/') || (windows && name.includes('\\'))) {
    return candidates(name).find((c) => isExecutableFile(c, platform));
  }
  const dirs = (envValue(env, 'PATH', platform) ?? '').split(windows ? ';' : ':').filter(Boolean);
  for (const dir of dirs) {
    const found = candidates(path.join(dir.replace(/^"(.*)"$/, '$1'), name)).find((c) => isExecutableFile(c, platform));
    if (found) return found;
  }
  return undefined;
}

/** Folder of the helm that `npm install` extracts (Linux x64 only), relative to the project root. */
export const BUNDLED_HELM_DIR = '.tools/helm3';

/** Where a tool was found: on PATH, or the copy bundled with the project. */
export interface ToolLocation {
  readonly path: string;
  readonly source: 'path' | 'bundled';
}

/**
 * Where a tool lives: PATH first; for helm on Linux x64 also the copy that
 * `npm install` extracts into .tools/helm3 of the project.
 */
export function findTool(
  name: string,
  env: NodeJS.ProcessEnv,
  root: string,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): ToolLocation | undefined {
  const onPath = findExecutable(name, env, platform);
  if (onPath) return { path: onPath, source: 'path' };
  // The npm package that ships this helm has a Linux x64 binary only.
  if (name !== 'helm' || platform !== 'linux' || arch !== 'x64') return undefined;
  const bundled = path.join(root, ...BUNDLED_HELM_DIR.split('/'), 'helm');
  return isExecutableFile(bundled, platform) ? { path: bundled, source: 'bundled' } : undefined;
}

/** The path of a tool (see findTool), or undefined when it is not installed. */
export function locateTool(name: string, env: NodeJS.ProcessEnv, root: string, platform: NodeJS.Platform = process.platform): string | undefined {
  return findTool(name, env, root, platform)?.path;
}

/** How `doctor` names where a tool comes from. */
export function describeToolSource(location: ToolLocation): string {
  return location.source === 'path' ? 'on PATH' : `bundled with this project (${BUNDLED_HELM_DIR})`;
}
