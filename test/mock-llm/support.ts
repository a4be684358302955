/**
 * Runs lib/mock-llm/server.py for the tests of one file: started on a free
 * port before them, stopped after them.
 */
import { ChildProcess, spawn } from 'child_process';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';

const SERVER = path.join(__dirname, '..', '..', 'lib', 'mock-llm', 'server.py');
export const MODEL = 'mock-llm';

export interface MockServer {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Everything the server wrote to stderr so far. */
  log(): string;
  alive(): boolean;
}

/** Starts the server before the file's tests and stops it after them. */
export function useMockServer(env: Record<string, string> = {}): () => MockServer {
  let child: ChildProcess | undefined;
  let server: MockServer | undefined;

  beforeAll(async () => {
    // PORT=0: the server picks a free port and names it in its first log line.
    child = spawn('python3', [SERVER], {
      env: { ...process.env, PORT: '0', MOCK_MODEL: MODEL, PYTHONDONTWRITEBYTECODE: '1', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const proc = child;
    let log = '';
    proc.stderr!.setEncoding('utf-8');
    proc.stderr!.on('data', (d: string) => (log += d));
    const port = await new Promise<number>((resolve, reject) => {
      const onData = () => {
        const m = / on 0\.0\.0\.0:(\d+)/.exec(log);
        if (m) resolve(Number(m[1]));
      };
      proc.stderr!.on('data', onData);
      proc.once('error', reject);
      proc.once('exit', (code) => reject(new Error(`mock server exited (${code}): ${log}`)));
    });
    const url = `http://127.0.0.1:${port}`;
    server = { url, port, log: () => log, alive: () => proc.exitCode === null && proc.signalCode === null };
    await waitForHealth(url);
  });

  afterAll(async () => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    await exited;
  });

  return () => {
    if (!server) throw new Error('the mock server is not running');
    return server;
  };
}

async function waitForHealth(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`${url}/health`);
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${url}/health never answered`);
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends raw bytes as one HTTP request and reads the reply until the server closes. */
export function rawRequest(port: number, request: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(5000, () => socket.destroy(new Error('no reply within 5 s')));
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('end', () => socket.end());
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf-8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const at = line.indexOf(':');
        headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    socket.write(request);
  });
}

/** A POST with a JSON (or any text) body, closing the connection after the reply. */
export function postRaw(port: number, route: string, body: string, extraHeaders = ''): Promise<RawResponse> {
  const length = Buffer.byteLength(body);
  return rawRequest(
    port,
    `POST ${route} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${extraHeaders}Connection: close\r\n\r\n${body}`,
  );
}

/** GET /health through a fresh connection: the server still answers. */
export async function healthy(url: string): Promise<boolean> {
  const r = await fetch(`${url}/health`);
  return r.status === 200 && ((await r.json()) as { status?: string }).status === 'ok';
}

/** Opens a streaming request, reads its first bytes, then drops the connection. */
export function abortMidStream(port: number, route: string, body: object): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: route, method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
      res.once('data', (d: Buffer) => {
        req.destroy();
        resolve(d.toString('utf-8'));
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? undefined : reject(e)));
    req.end(JSON.stringify(body));
  });
}
