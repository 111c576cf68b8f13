import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { SucceedingPreview } from '../../lib/preview/types';
import { startDemoSimulator, type DemoSimulator } from '../support/ec2-sim/http/demo-server';

const ROOT = resolve(__dirname, '..', '..');
const CLI = resolve(ROOT, 'bin', 'vpce-provisioner.ts');

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI from source, in a child Node process (tsx), with only the environment a user would set. */
function runCliProcess(args: readonly string[]): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIDLOCALPREVIEW',
        AWS_SECRET_ACCESS_KEY: 'local-preview-secret',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('vpce-provisioner plan in a child process, against the HTTP simulator', () => {
  let demo: DemoSimulator;
  let target: string[];
  beforeAll(async () => {
    demo = await startDemoSimulator();
    demo.sim.resetCallLog();
    target = ['--vpc', demo.world.vpcId, '--subnets', demo.world.appSubnetIds.join(','), '--endpoint-url', demo.url];
  });
  afterAll(() => demo.close());

  it('prints the plan as text and exits 0', async () => {
    const run = await runCliProcess(['plan', ...target]);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Create preview for ${demo.world.vpcId} in us-east-1, account ${demo.sim.accountId}`);
    for (const azId of Object.keys(demo.world.appSubnetIdsByAz)) {
      expect(run.stdout).toMatch(new RegExp(`^  ${azId} +\\S+/28 +new subnet +ecr\\.api, ecr\\.dkr, logs$`, 'm'));
    }
    expect(run.stdout).toContain('Would succeed with 9 actions.');
  }, 30_000);

  it('prints the same plan as one JSON object with --json', async () => {
    const run = await runCliProcess(['plan', ...target, '--json']);

    const preview = JSON.parse(run.stdout) as SucceedingPreview;
    expect(run.code).toBe(0);
    expect(preview.wouldSucceed).toBe(true);
    expect(preview.endpointSubnets.map((subnet) => subnet.azId)).toEqual(Object.keys(demo.world.appSubnetIdsByAz).sort());
    expect(preview.endpointSubnets.every((subnet) => subnet.status === 'new' && /\/28$/.test(subnet.cidr ?? ''))).toBe(true);
    expect(preview.actions.map((step) => step.action.kind)).toEqual([
      'createSubnet',
      'createSubnet',
      'createSubnet',
      'createSecurityGroup',
      'authorizeIngress',
      'createEndpoint',
      'createEndpoint',
      'createEndpoint',
      'createEndpoint',
    ]);
  }, 30_000);

  it('exits 1 and lists every problem when the Create would fail', async () => {
    const run = await runCliProcess(['plan', ...target.slice(0, 2), '--subnets', 'subnet-0123abcd', '--interface-services', 'ecr.api,nosuchservice', '--endpoint-url', demo.url]);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Would FAIL before any change (the VPC cannot take the endpoints): 2 problems');
    expect(run.stdout).toContain('subnet-0123abcd does not exist');
    expect(run.stdout).toContain('"nosuchservice" is not an endpoint service');
  }, 30_000);

  it('exits 2 for a usage error', async () => {
    const run = await runCliProcess(['plan', ...target, '--dry-run']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('vpce-provisioner: Unknown option --dry-run.');
    expect(run.stdout).toBe('');
  }, 30_000);

  it('exits 1 naming the error when EC2 cannot be reached', async () => {
    const closed = await startDemoSimulator();
    const url = closed.url;
    await closed.close();

    const run = await runCliProcess(['plan', ...target.slice(0, 4), '--endpoint-url', url]);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^vpce-provisioner: \w+: .*ECONNREFUSED/m);
  }, 60_000);

  it('never wrote to the simulator', () => {
    expect(demo.sim.calls.length).toBeGreaterThan(0);
    expect(demo.sim.calls.filter((record) => record.mutating)).toEqual([]);
  });
});
