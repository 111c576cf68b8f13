import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDemoSimulator, type DemoSimulator } from '../support/ec2-sim/http/demo-server';

const CLI = resolve(__dirname, '..', '..', 'dist', 'cli.js');

describe('the built CLI (dist/cli.js) against the HTTP simulator', () => {
  let demo: DemoSimulator;
  beforeAll(async () => {
    demo = await startDemoSimulator();
  });
  afterAll(() => demo.close());

  function run(args: string[], env: Record<string, string> = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }) {
    // The simulator runs in this process, so the child must not block it: spawnSync would. Run it async instead.
    return new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        env: {
          PATH: process.env['PATH'] ?? '',
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
          AWS_SECRET_ACCESS_KEY: 'local',
          ...env,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (status) => done({ status, stdout, stderr }));
    });
  }

  it('previews a Create as JSON, exit 0, with no write', async () => {
    demo.sim.resetCallLog();

    const result = await run(['plan', '--endpoint-url', demo.url, '--vpc', demo.world.vpcId, '--subnets', demo.world.appSubnetIds.join(','), '--json']);

    expect(result.status).toBe(0);
    const preview = JSON.parse(result.stdout) as { wouldSucceed: boolean; endpointSubnets: unknown[] };
    expect(preview.wouldSucceed).toBe(true);
    expect(preview.endpointSubnets).toHaveLength(3);
    expect(demo.sim.calls.filter((call) => call.mutating)).toEqual([]);
  });

  it('prints no AWS SDK Node-version warning, even when the environment does not silence it', async () => {
    const result = await run(['plan', '--endpoint-url', demo.url, '--vpc', demo.world.vpcId, '--subnets', demo.world.appSubnetIds.join(',')], {});

    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Create preview for ${demo.world.vpcId}`);
    expect(result.stderr).toBe('');
  });

  it('prints its version', async () => {
    const result = await run(['--version']);

    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`vpce-provisioner ${(JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });

  it('exits 64 on a usage error', async () => {
    const result = await run(['plan', '--no-such-flag']);

    expect(result.status).toBe(64);
  });

  it('is executable on its own (shebang)', () => {
    const result = spawnSync(CLI, ['--help'], { encoding: 'utf8' });

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: vpce-provisioner plan');
  });
});
