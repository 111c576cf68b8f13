/**
 * A `moto_server` (a second, independent AWS emulator, Python) started for one test file and stopped after it.
 *
 * Used only by the suites under tests/aws-tools/ (`npm run test:deploy`, `npm run test:conformance`), which `.ci/run`
 * calls and `npm cit` does not: a user's machine may lack moto. Install it with `pip install 'moto[server]==5.2.*'`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface MotoServer {
  /** `http://127.0.0.1:<port>`: pass it as `--endpoint-url` (AWS CLI) or `endpoint` (SDK). */
  readonly url: string;
  /** Forgets every resource of every account and Region (moto's own reset API). */
  reset(): Promise<void>;
  /** Stops the server and waits until its process is gone. */
  stop(): Promise<void>;
}

/** Credentials moto accepts (any). Account 123456789012 is moto's default; others are reached by AssumeRole. */
export const MOTO_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' } as const;

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

/** Whether `moto_server` is on PATH: the suites fail with an install hint rather than pass without running. */
export function motoServerInstalled(): boolean {
  return spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;
}

export async function startMotoServer(): Promise<MotoServer> {
  if (!motoServerInstalled()) {
    throw new Error("moto_server is not on PATH. Install it with: pip install 'moto[server]==5.2.*' (see the README, 'Developing it').");
  }
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    await waitUntilReady(url, child, () => stderr);
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return {
    url,
    reset: async () => {
      const answer = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      if (!answer.ok) throw new Error(`moto reset answered HTTP ${answer.status}`);
    },
    stop: () => stopProcess(child),
  };
}

async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port was assigned');
  return address.port;
}

async function waitUntilReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < READY_TIMEOUT_MS) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode}: ${stderr()}`);
    try {
      const answer = await fetch(`${url}/moto-api/`);
      if (answer.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`moto_server did not answer on ${url} within ${READY_TIMEOUT_MS / 1000} s: ${stderr()}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
