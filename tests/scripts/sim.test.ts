/**
 * `npm run sim` as a user runs it: through npm (npm → sh → node) or tsx, stopped by a signal to whichever process the
 * user or their supervisor holds. The port must come free every time: no orphaned child keeps it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

interface Started {
  readonly child: ChildProcessWithoutNullStreams;
  readonly port: number;
  readonly banner: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts the simulator with `command` and waits for its banner; the port is read from it. */
function start(command: string, args: readonly string[]): Promise<Started> {
  const child = spawn(command, args, { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' } });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal, stderr })),
  );
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no banner within 20 s; stdout: ${stdout}; stderr: ${stderr}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const port = /listening on http:\/\/[^:]+:(\d+)/.exec(stdout)?.[1];
      // The plan command is the banner's last line.
      if (port !== undefined && /npm run plan -- .*\n/.test(stdout)) {
        clearTimeout(timer);
        done({ child, port: Number(port), banner: stdout, exited });
      }
    });
    void exited.then(() => fail(new Error(`exited before its banner; stderr: ${stderr}`)));
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

    expect(await portComesFree(sim.port, 5_000)).toBe(true);
  }, 40_000);

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
  }, 40_000);

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
  }, 40_000);

  it('prints a custom resource’s answer PUT to it (a ResponseURL pointing at the simulator)', async () => {
    const sim = await start(tsx.command, ['scripts/sim.ts']);
    let printed = '';
    sim.child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
    try {
      const body = JSON.stringify({ Status: 'FAILED', Reason: 'Invalid properties: VpcId is required', PhysicalResourceId: 'vpce-provisioner-v1-x', Data: { Notes: '' } });
      const response = await fetch(`http://127.0.0.1:${sim.port}/responses/create?X-Amz-Signature=local`, { method: 'PUT', body });
      await new Promise((wait) => setTimeout(wait, 300));

      expect(response.status).toBe(200);
      expect(printed).toContain('CloudFormation answer on /responses/create: FAILED — Invalid properties: VpcId is required\n  PhysicalResourceId: vpce-provisioner-v1-x\n  Notes: \n');
    } finally {
      sim.child.kill('SIGTERM');
      await sim.exited;
    }
  }, 40_000);

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
  }, 40_000);
});
