/**
 * `npm run sim` as a user runs it: through npm (npm → sh → node) or tsx, stopped by a signal to whichever process the
 * user or their supervisor holds. The port must come free every time: no orphaned child keeps it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { listProcesses, processTree } from '../support/stray-processes';

const ROOT = resolve(__dirname, '..', '..');
/**
 * Bounds, not timings: each wait ends as soon as what it waits for happens, and is only this long so that a busy
 * machine (two cores under a whole suite) cannot fail a test that would pass on a quiet one (issue 22, item 12).
 */
const BANNER_WITHIN_MS = 60_000;
const PORT_FREE_WITHIN_MS = 20_000;
const TEST_TIMEOUT_MS = 120_000;

/**
 * Every process a test started: after each test, what is still alive is killed with everything it started (npm's sh
 * and node, tsx's node), whatever path the test took — a banner that came too late included. The simulator's own
 * parent watch is what the tests check; the clean-up does not rely on it.
 */
const started = new Set<ChildProcessWithoutNullStreams>();

afterEach(async () => {
  const alive = [...started].filter((child) => child.exitCode === null && child.signalCode === null && child.pid !== undefined);
  started.clear();
  const processes = listProcesses();
  const exits = alive.map((child) => new Promise<void>((done) => child.once('exit', () => done())));
  for (const pid of alive.flatMap((child) => processTree(child.pid as number, processes))) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Exited meanwhile.
    }
  }
  await Promise.all(exits);
});

interface Started {
  readonly child: ChildProcessWithoutNullStreams;
  readonly port: number;
  readonly banner: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts the simulator with `command` and waits for its banner; the port is read from it. */
function start(command: string, args: readonly string[]): Promise<Started> {
  const child = spawn(command, args, { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' } });
  started.add(child);
  let stdout = '';
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal, stderr })),
  );
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no banner within ${BANNER_WITHIN_MS / 1000} s; stdout: ${stdout}; stderr: ${stderr}`)), BANNER_WITHIN_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const port = /listening on http:\/\/[^:]+:(\d+)/.exec(stdout)?.[1];
      // The plan command is the banner's last line.
      if (port !== undefined && /npm run plan -- .*\n/.test(stdout)) {
        clearTimeout(timer);
        done({ child, port: Number(port), banner: stdout, exited });
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      fail(new Error(`exited before its banner; stderr: ${stderr}`));
    });
  });
}

/** Resolves once `stream` has carried `text` (from the moment this is called), or fails after `withinMs`. */
function printed(stream: NodeJS.ReadableStream, text: string, withinMs: number): Promise<string> {
  let seen = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`not printed within ${withinMs / 1000} s: ${JSON.stringify(text)}; printed: ${seen}`)), withinMs);
    stream.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (seen.includes(text)) {
        clearTimeout(timer);
        done(seen);
      }
    });
  });
}

/** True once nothing listens on the loopback port (a fresh listen succeeds), polling for up to `withinMs`. */
async function portComesFree(port: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const free = await new Promise<boolean>((done) => {
      const probe = createServer();
      probe.once('error', () => done(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
    });
    if (free || Date.now() > deadline) return free;
    await new Promise((wait) => setTimeout(wait, 200));
  }
}

describe('npm run sim', () => {
  const npmRun = { name: 'npm run sim', command: 'npm', args: ['run', '--silent', 'sim', '--', '--port', '0'] };
  const tsx = { name: 'tsx scripts/sim.ts', command: resolve(ROOT, 'node_modules/.bin/tsx'), args: ['scripts/sim.ts'] };
  it.each([
    { ...npmRun, signal: 'SIGTERM' },
    { ...npmRun, signal: 'SIGINT' },
    { ...npmRun, signal: 'SIGKILL' },
    { ...tsx, signal: 'SIGTERM' },
    { ...tsx, signal: 'SIGKILL' },
  ] as const)('started as $name, frees its port when the process it started gets $signal', async ({ command, args, signal }) => {
    const sim = await start(command, args);

    sim.child.kill(signal);
    await sim.exited;

    expect(await portComesFree(sim.port, PORT_FREE_WITHIN_MS)).toBe(true);
  }, TEST_TIMEOUT_MS);

  it('prints a paste-ready plan command for the demo VPC', async () => {
    const sim = await start('npm', ['run', '--silent', 'sim', '--', '--port', '0']);
    try {
      const line = sim.banner.split('\n').find((text) => text.includes('npm run plan --'));

      expect(line).toMatch(new RegExp(`--endpoint-url http://127\\.0\\.0\\.1:${sim.port} --region us-east-1 --vpc vpc-[0-9a-f]+ --subnets subnet-[0-9a-f]+(,subnet-[0-9a-f]+)+`));
      expect(line).toContain('AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test');
      expect(sim.banner).toContain(`npm run invoke -- events/create.json --endpoint-url http://127.0.0.1:${sim.port}\n`);
    } finally {
      sim.child.kill('SIGTERM');
      await sim.exited;
    }
  }, TEST_TIMEOUT_MS);

  it('listens on loopback unless --host says otherwise', async () => {
    const loopback = await start(tsx.command, ['scripts/sim.ts']);
    const everywhere = await start(tsx.command, ['scripts/sim.ts', '--host', '0.0.0.0']);
    try {
      expect(loopback.banner).toContain(`listening on http://127.0.0.1:${loopback.port} `);
      expect(loopback.banner).not.toContain('host.docker.internal');
      expect(everywhere.banner).toContain(`listening on http://0.0.0.0:${everywhere.port} `);
      expect(everywhere.banner).toContain(`{"ProviderFunction": {"AWS_ENDPOINT_URL": "http://host.docker.internal:${everywhere.port}"}}`);
      expect(everywhere.banner).toContain('sam local invoke ProviderFunction -e events/create.json --env-vars local-env.json\n');
      expect(everywhere.banner).toContain(`--endpoint-url http://127.0.0.1:${everywhere.port} `);
    } finally {
      loopback.child.kill('SIGTERM');
      everywhere.child.kill('SIGTERM');
      await Promise.all([loopback.exited, everywhere.exited]);
    }
  }, TEST_TIMEOUT_MS);

  it('prints a custom resource’s answer PUT to it (a ResponseURL pointing at the simulator)', async () => {
    const sim = await start(tsx.command, ['scripts/sim.ts']);
    // Listening before the PUT, and waiting for the last line it prints rather than for a fixed time.
    const answer = printed(sim.child.stdout, '  Notes: \n', BANNER_WITHIN_MS);
    try {
      const body = JSON.stringify({ Status: 'FAILED', Reason: 'Invalid properties: VpcId is required', PhysicalResourceId: 'vpce-provisioner-v1-x', Data: { Notes: '' } });
      const response = await fetch(`http://127.0.0.1:${sim.port}/responses/create?X-Amz-Signature=local`, { method: 'PUT', body });

      expect(response.status).toBe(200);
      expect(await answer).toContain('CloudFormation answer on /responses/create: FAILED — Invalid properties: VpcId is required\n  PhysicalResourceId: vpce-provisioner-v1-x\n  Notes: \n');
    } finally {
      sim.child.kill('SIGTERM');
      await sim.exited;
    }
  }, TEST_TIMEOUT_MS);

  it('says in one line that a busy port is busy, and exits 1', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', () => done()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const child = spawn(resolve(ROOT, 'node_modules/.bin/tsx'), ['scripts/sim.ts', '--port', String(port)], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '' } });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const code = await new Promise<number | null>((done) => child.on('exit', (exitCode) => done(exitCode)));

      expect(code).toBe(1);
      expect(stderr.trimEnd().split('\n')).toEqual([`npm run sim: port ${port} on 127.0.0.1 is in use (another simulator?); choose another with --port N, or --port 0 for a free one.`]);
    } finally {
      blocker.close();
    }
  }, TEST_TIMEOUT_MS);
});
