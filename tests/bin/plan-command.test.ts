import type { SucceedingPreview } from '../../lib/preview/types';
import { Ec2Simulator } from '../support/ec2-sim';
import { buildDemoWorld, type DemoWorld } from '../support/ec2-sim/demo-world';
import { startScenario } from '../support/scenario';
import { runCliAgainst as run } from './support/run-cli';

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/app/6c2b7d40-0000-4000-8000-000000000001';

describe('vpce-provisioner plan (in process, against the simulator)', () => {
  let sim: Ec2Simulator;
  let world: DemoWorld;
  let base: string[];
  beforeEach(async () => {
    sim = new Ec2Simulator();
    world = await buildDemoWorld(sim);
    sim.resetCallLog();
    base = ['plan', '--vpc', world.vpcId, '--subnets', world.appSubnetIds.join(','), '--region', 'us-east-1'];
  });

  it('prints the plan and exits 0 when the Create would succeed, sending only reads', async () => {
    const result = await run(sim, base);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Create preview for ${world.vpcId} in us-east-1, account ${sim.accountId}`);
    expect(result.stdout).toContain('Plan: 8 to add, 0 to change, 0 to destroy.');
    expect(result.stderr).toBe('');
    expect(sim.calls.length).toBeGreaterThan(0);
    expect(sim.calls.filter((record) => record.mutating)).toEqual([]);
  });

  it('prints one JSON object with --json', async () => {
    const result = await run(sim, [...base, '--json']);

    const preview = JSON.parse(result.stdout) as SucceedingPreview;
    expect(result.code).toBe(0);
    expect(preview).toMatchObject({ formatVersion: '1.2', outcome: 'changes', exitCode: 0, wouldSucceed: true, requestType: 'Create', vpcId: world.vpcId, region: 'us-east-1' });
    expect(preview.endpointSubnets.map((subnet) => subnet.azId)).toEqual(Object.keys(world.appSubnetIdsByAz).sort());
    expect(preview.actions).toHaveLength(9);
  });

  it('exits 3 and lists every problem when the Create would fail', async () => {
    const result = await run(sim, ['plan', '--vpc', world.vpcId, '--subnets', 'subnet-0123abcd,subnet-0123abce', '--region', 'us-east-1']);

    expect(result.code).toBe(3);
    expect(result.stdout).toContain('2 problems');
    expect(result.stdout).toContain('1. SubnetIds: subnet subnet-0123abcd does not exist');
    expect(result.stdout).toContain('2. SubnetIds: subnet subnet-0123abce does not exist');
  });

  it('exits 3 with the resource’s own message for a property value it refuses', async () => {
    const result = await run(sim, [...base, '--prefix-length', 'abc', '--private-dns', 'maybe', '--json']);

    const preview = JSON.parse(result.stdout) as { wouldSucceed: boolean; failedAt: string; problems: { about: string; text: string }[]; reason: string };
    expect(result.code).toBe(3);
    expect(preview).toMatchObject({ outcome: 'would-fail', exitCode: 3, wouldSucceed: false, failedAt: 'properties' });
    expect(preview.problems).toEqual([
      { about: 'properties', text: expect.stringContaining('SubnetPrefixLength') },
      { about: 'properties', text: expect.stringContaining('PrivateDnsEnabled') },
    ]);
    expect(preview.reason).toMatch(/^Invalid properties: 2 problems: \(1\) SubnetPrefixLength/);
    expect(sim.calls).toEqual([]);
  });

  it('takes properties from --properties, flags overriding them, and an empty list as none', async () => {
    const file = { VpcId: world.vpcId, SubnetIds: world.appSubnetIds, InterfaceServices: ['logs'], Tags: [{ Key: 'team', Value: 'payments' }] };
    const readFile = (path: string) => (path === 'props.json' ? JSON.stringify(file) : '');

    const result = await run(sim, ['plan', '--properties', 'props.json', '--interface-services', 'ecr.api', '--gateway-services=', '--region', 'us-east-1', '--json'], { readFile });

    const preview = JSON.parse(result.stdout) as SucceedingPreview;
    expect(result.code).toBe(0);
    expect(preview.interfaceEndpoints.map((endpoint) => endpoint.shortName)).toEqual(['ecr.api']);
    expect(preview.gatewayEndpoints).toEqual([]);
    const subnetTags = preview.actions.flatMap((step) => (step.action.kind === 'createSubnet' ? [step.action.tags] : []));
    expect(subnetTags).toHaveLength(3);
    for (const tags of subnetTags) expect(tags).toContainEqual({ key: 'team', value: 'payments' });
  });

  it('checks against the caller’s account without --stack-id, and the stack’s with it', async () => {
    const callerAccountId = jest.fn(async () => '123456789012');

    const asOtherAccount = await run(sim, base, { callerAccountId: async () => '444455556666' });
    const asStack = await run(sim, [...base.filter((arg) => arg !== '--region' && arg !== 'us-east-1'), '--stack-id', STACK_ID], { callerAccountId });

    // Without a stack, the caller's account is the stack's to be: the VPC of 123456789012 is not its own.
    expect(asOtherAccount.code).toBe(3);
    expect(asOtherAccount.stdout).toContain('is shared with account 444455556666');
    expect(asStack.code).toBe(0);
    expect(asStack.stdout).toContain('(stack app, logical ID VpcEndpoints)');
    expect(callerAccountId).toHaveBeenCalledTimes(1);
  });

  it('says exactly that the credentials are of another account than the stack’s, and reads nothing', async () => {
    const args = ['plan', '--vpc', world.vpcId, '--subnets', world.appSubnetIds.join(','), '--stack-id', STACK_ID.replace('123456789012', '999999999999')];

    const text = await run(sim, args, { callerAccountId: async () => '123456789012' });
    const json = await run(sim, [...args, '--json'], { callerAccountId: async () => '123456789012' });

    expect(text.code).toBe(1);
    expect(text.stdout).toBe('');
    expect(text.stderr).toBe(
      'vpce-provisioner: Your credentials are for account 123456789012, but the stack is in account 999999999999: the preview would read the wrong account.\n' +
        'Use credentials of account 999999999999 (--profile or AWS_PROFILE), or check --stack-id.\n',
    );
    expect(text.stderr).not.toContain('shared');
    expect(JSON.parse(json.stdout)).toMatchObject({ outcome: 'error', exitCode: 1, callerAccountId: '123456789012', error: { kind: 'account', name: 'AccountMismatch' } });
    expect(sim.calls).toEqual([]);
  });

  it('exits 1 with the error’s name and message and one hint line when AWS refuses the call', async () => {
    const refused = Object.assign(new Error('AWS was not able to validate the provided access credentials'), { name: 'AuthFailure' });
    const makeEc2 = () => ({ send: async () => Promise.reject(refused) });

    const text = await run(sim, base, { makeEc2 });
    const json = await run(sim, [...base, '--json'], { makeEc2 });

    expect(text.code).toBe(1);
    expect(text.stderr).toBe(
      'vpce-provisioner: AuthFailure: AWS was not able to validate the provided access credentials\n' +
        'AWS refused the credentials of the default profile: check AWS_PROFILE or --profile (and that the keys are current).\n',
    );
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      formatVersion: '1.2',
      outcome: 'error',
      exitCode: 1,
      wouldSucceed: null,
      changes: [],
      error: { kind: 'aws', name: 'AuthFailure', message: 'AWS was not able to validate the provided access credentials', hint: expect.stringContaining('AWS_PROFILE') },
    });
  });

  it('takes the region from --stack-id when --region is not given', async () => {
    const makeEc2 = jest.fn(() => sim.client());

    const result = await run(sim, ['plan', '--vpc', world.vpcId, '--subnets', world.appSubnetIds.join(','), '--stack-id', STACK_ID], { makeEc2 });

    expect(result.code).toBe(0);
    expect(makeEc2).toHaveBeenCalledWith({ region: 'us-east-1' });
  });

  it('passes --profile to every client and to the region and account look-ups', async () => {
    const makeEc2 = jest.fn(() => sim.client());
    const defaultRegion = jest.fn(async () => 'us-east-1');
    const callerAccountId = jest.fn(async () => undefined);

    const result = await run(sim, ['plan', '--vpc', world.vpcId, '--subnets', world.appSubnetIds.join(','), '--profile', 'payments-dev'], { makeEc2, defaultRegion, callerAccountId });

    expect(result.code).toBe(0);
    expect(defaultRegion).toHaveBeenCalledWith({ profile: 'payments-dev' });
    expect(makeEc2).toHaveBeenCalledWith({ region: 'us-east-1', profile: 'payments-dev' });
    expect(callerAccountId).toHaveBeenCalledWith({ region: 'us-east-1', profile: 'payments-dev' });
  });

  it('points EC2, Route 53 and Service Quotas at the same region and --endpoint-url, and destroys all three', async () => {
    const made: { service: string; options: unknown; destroyed: boolean }[] = [];
    const factory = (service: string, client: () => { send: (command: never) => Promise<unknown> }) => (options: unknown) => {
      const record = { service, options, destroyed: false };
      made.push(record);
      return { send: (command: never) => client().send(command), destroy: () => void (record.destroyed = true) };
    };

    const result = await run(sim, [...base, '--endpoint-url', 'http://127.0.0.1:4566'], {
      makeEc2: factory('EC2', () => sim.client()),
      makeRoute53: factory('Route 53', () => sim.route53Client()),
      makeServiceQuotas: factory('Service Quotas', () => sim.serviceQuotasClient()),
    });

    expect(result.code).toBe(0);
    expect(made).toEqual(
      ['EC2', 'Route 53', 'Service Quotas'].map((service) => ({ service, options: { region: 'us-east-1', endpointUrl: 'http://127.0.0.1:4566' }, destroyed: true })),
    );
    expect(sim.calls.filter((call) => call.action === 'ListHostedZonesByVPC')).toHaveLength(1);
    expect(sim.calls.filter((call) => call.action === 'GetServiceQuota')).toHaveLength(4);
  });

  it('prints the usage and exits 0 for --help', async () => {
    const result = await run(sim, ['plan', '--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: vpce-provisioner plan/);
  });

  const files: Record<string, string> = { 'old.json': '{"VpcId": "vpc-0a1b2c3d"}', 'bad.json': '{nope', 'list.json': '[]' };
  it.each([
    [[], 'No command given.'],
    [['apply'], 'Unknown command "apply"'],
    [['plan'], 'Missing --vpc and --subnets.'],
    [['plan', '--vpc', 'v', '--subnets', 's', '--interface-service', 'logs'], 'Unknown option --interface-service. Did you mean --interface-services?'],
    [['plan', '--vpc', 'v', '--subnets', 's', '--tags', 'team'], '--tags takes KEY=VALUE pairs, comma-separated; got "team"'],
    [['plan', '--vpc', 'v', '--subnets', 's', '--endpoint-policies', 'missing.json'], '--endpoint-policies: cannot read missing.json'],
    [['plan', '--vpc', 'v', '--subnets', 's', '--endpoint-policies', 'list.json'], '--endpoint-policies: list.json must hold a JSON object'],
    [['plan', '--vpc', 'vpc-0a1b2c3d'], 'Missing --subnets.'],
    [['plan', '--subnets', 'subnet-0a1b2c3d'], 'Missing --vpc.'],
    [['plan', '--vpc', '--subnets', 'subnet-0a1b2c3d'], '--vpc needs a value.'],
    [['plan', '--vpc', 'vpc-0a1b2c3d', '--subnets'], '--subnets needs a value.'],
    [['plan', '--vpc', 'vpc-0a1b2c3d', '--vpc', 'vpc-0a1b2c3e', '--subnets', 's'], '--vpc is given twice.'],
    [['plan', '--vpc', 'vpc-0a1b2c3d', '--subnets', 's', '--bogus', 'x'], 'Unknown option --bogus.'],
    [['plan', '--vpc', 'vpc-0a1b2c3d', '--subnets', 's', 'extra'], 'Unexpected argument "extra".'],
    [['plan', '--vpc', 'vpc-0a1b2c3d', '--subnets', 's', '--json=yes'], '--json takes no value.'],
    [['plan', '--vpc', 'v', '--subnets', 's', '--stack-id', 'my-stack'], '--stack-id must be a CloudFormation stack ARN'],
    [['plan', '--vpc', 'v', '--subnets', 's', '--stack-id', STACK_ID, '--region', 'eu-west-1'], '--region eu-west-1 differs from the region of --stack-id (us-east-1)'],
    [['plan', '--vpc', 'v', '--subnets', 's', '--region', 'Europe'], '--region: "Europe" is not an AWS Region. Regions look like us-east-1 or eu-west-1.'],
    [['plan', '--vpc', 'v', '--subnets', 's', '--endpoint-url', 'localhost:4566'], '--endpoint-url must be an http(s) URL'],
    [['plan', '--vpc', 'v', '--subnets', 's', '--logical-id', 'my-endpoints'], '--logical-id must be alphanumeric'],
    [['plan', '--vpc', 'v', '--subnets', 's', '--old-properties', 'old.json'], '--old-properties previews an Update of an existing resource: give its --stack-id'],
    [['plan', '--properties', 'missing.json'], '--properties: cannot read missing.json'],
    [['plan', '--properties', 'list.json'], '--properties: list.json must hold a JSON object'],
    [['plan', '--properties', 'bad.json'], '--properties: bad.json is not JSON'],
    [['plan', '--vpc', 'v', '--subnets', 's', '--stack-id', STACK_ID, '--old-properties', 'list.json'], '--old-properties: list.json must hold a JSON object'],
    [['plan', '--vpc', 'v', '--subnets', 's', '--region', 'us-est-1'], '--region: "us-est-1" is not an AWS Region. Did you mean us-east-1?'],
    [['plan', '--vpc', 'v', '--subnets', 's', '--region', 'us-iso-east-1'], '--region: "us-iso-east-1" is in the aws-iso partition, which the resource does not serve'],
    [['plan', '--vpc', 'v', '--subnets', 's', '--stack-id', STACK_ID.replace('us-east-1', 'eu-wset-1')], '--stack-id names a Region that does not exist: "eu-wset-1" is not an AWS Region. Did you mean eu-west-1?'],
    [['plan', '--vpc', 'v', '--subnets', 's', '--gb-per-month', 'lots'], '--gb-per-month must be a number of GB, 0 or more; got "lots".'],
    [['plan', '--vpc', 'v', '--subnets', 's', '--gb-per-month', '-5'], '--gb-per-month must be a number of GB, 0 or more; got "-5".'],
    [['plan', '--vpc', 'v', '--subnets', 's', '--pricing', 'cheap'], '--pricing must be table or live; got "cheap".'],
    [['plan', '--vpc', 'v', '--subnets', 's', '--profile', 'my profile'], '--profile must name a profile of your AWS config'],
  ])('exits 64 for %j: %s', async (argv, message) => {
    const readFile = (path: string) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return text;
    };

    const result = await run(sim, argv, { readFile });
    // --json right after the command, so that even a malformed rest of the line is answered in the document.
    const json = await run(sim, [...argv.slice(0, 1), '--json', ...argv.slice(1)], { readFile });

    expect(result.code).toBe(64);
    expect(result.stderr).toContain(`vpce-provisioner: ${message}`);
    expect(json.code).toBe(64);
    expect(JSON.parse(json.stdout)).toMatchObject({ outcome: 'usage-error', exitCode: 64, error: { kind: 'usage', message: expect.stringContaining(message) } });
    expect(result.stderr).not.toContain('Usage: vpce-provisioner plan');
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe("Run 'vpce-provisioner --help' for every option.");
    expect(result.stdout).toBe('');
    expect(sim.calls).toEqual([]);
  });

  it('exits 64 when no region can be found, or AWS_REGION names none', async () => {
    const none = await run(sim, ['plan', '--vpc', world.vpcId, '--subnets', world.appSubnetIds.join(',')]);
    const misspelt = await run(sim, ['plan', '--vpc', world.vpcId, '--subnets', world.appSubnetIds.join(',')], { defaultRegion: async () => 'eu-west-9' });

    expect(none.code).toBe(64);
    expect(none.stderr).toContain('No region: pass --region');
    expect(misspelt.code).toBe(64);
    expect(misspelt.stderr).toContain('The region from AWS_REGION or your profile: "eu-west-9" is not an AWS Region. Did you mean eu-west-1?');
    expect(sim.calls).toEqual([]);
  });
});

describe('vpce-provisioner plan helps with mistakes', () => {
  let sim: Ec2Simulator;
  let world: DemoWorld;
  beforeEach(async () => {
    sim = new Ec2Simulator();
    world = await buildDemoWorld(sim);
    sim.resetCallLog();
  });

  it('checks a --properties file with the resource’s own unknown-property check', async () => {
    const readFile = () => JSON.stringify({ VpcId: world.vpcId, SubnetId: world.appSubnetIds });

    const result = await run(sim, ['plan', '--properties', 'props.json', '--region', 'us-east-1'], { readFile });

    expect(result.code).toBe(3);
    expect(result.stdout).toContain('Unknown property "SubnetId". Did you mean `SubnetIds`?');
    expect(result.stdout).toContain('SubnetIds is required');
    expect(result.stderr).toBe('');
  });

  it('names the VPC in the header when VpcId is valid and another property is not', async () => {
    const result = await run(sim, ['plan', '--vpc', world.vpcId, '--subnets', world.appSubnetIds.join(','), '--prefix-length', 'abc', '--region', 'us-east-1']);

    expect(result.code).toBe(3);
    expect(result.stdout).toContain(`Create preview for ${world.vpcId} in us-east-1`);
    expect(result.stdout).not.toContain('(no valid VpcId)');
  });

  it('suggests the nearest service of the region for an unknown service name, among the property problems', async () => {
    const result = await run(sim, ['plan', '--vpc', world.vpcId, '--subnets', world.appSubnetIds.join(','), '--interface-services', 'secretmanager', '--region', 'us-east-1']);

    expect(result.code).toBe(3);
    expect(result.stdout).toContain('In the properties:\n  1. InterfaceServices: "secretmanager" is not an endpoint service in us-east-1. Did you mean "secretsmanager"?\n');
    expect(result.stdout).not.toContain('In the VPC');
  });

  it('passes every property flag to the resource, tags and endpoint policies included', async () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'logs:*', Resource: '*' }] };
    const readFile = (path: string) => (path === 'policies.json' ? JSON.stringify({ logs: policy }) : '');
    const argv = [
      'plan', '--vpc', world.vpcId, '--subnets', world.appSubnetIds.join(','), '--region', 'us-east-1', '--json',
      '--interface-services', 'logs', '--tags', 'team=payments,cost-centre=a=b', '--security-groups', '',
      '--s3-gateway-policy', 'full', '--endpoint-policies', 'policies.json', '--cidr-range', '10.0.0.0/16',
    ];

    const result = await run(sim, argv, { readFile });

    const text = await run(sim, argv.filter((arg) => arg !== '--json'), { readFile });
    expect(text.stdout).toContain('\nTags: team=payments, cost-centre=a=b\n');
    const preview = JSON.parse(result.stdout) as SucceedingPreview;
    expect(result.code).toBe(0);
    const logsEndpoint = preview.actions.find((step) => step.action.kind === 'createEndpoint' && step.action.type === 'Interface');
    expect(logsEndpoint?.action).toMatchObject({ kind: 'createEndpoint', policyDocument: JSON.stringify(policy) });
    const subnetTags = preview.actions.flatMap((step) => (step.action.kind === 'createSubnet' ? [step.action.tags] : []));
    expect(subnetTags).toHaveLength(3);
    for (const tags of subnetTags) expect(tags).toEqual(expect.arrayContaining([{ key: 'team', value: 'payments' }, { key: 'cost-centre', value: 'a=b' }]));
  });

  it('prints its version with --version', async () => {
    const result = await run(sim, ['--version']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^vpce-provisioner \d+\.\d+\.\d+\n$/);
  });
});

describe('vpce-provisioner plan on a created resource', () => {
  it('previews zero actions for it, and an Update that drops a tag with --old-properties', async () => {
    const scenario = await startScenario();
    try {
      const oldProperties = scenario.properties({ Tags: [{ Key: 'team', Value: 'payments' }] });
      const created = await scenario.invoke(scenario.cfn.createEvent(oldProperties));
      const readFile = (path: string) => (path === 'old.json' ? JSON.stringify(oldProperties) : JSON.stringify(scenario.properties()));
      const resource = ['--stack-id', scenario.cfn.stackId(), '--logical-id', 'VpcEndpoints'];
      scenario.sim.resetCallLog();

      const unchanged = await run(scenario.sim, ['plan', '--properties', 'old.json', ...resource], { readFile });
      const update = await run(scenario.sim, ['plan', '--properties', 'new.json', '--old-properties', 'old.json', ...resource, '--json'], { readFile });

      expect(unchanged.code).toBe(0);
      expect(unchanged.stdout).toContain(`Resource ${created?.body?.PhysicalResourceId} `);
      expect(unchanged.stdout).toContain('No changes.');
      const preview = JSON.parse(update.stdout) as SucceedingPreview;
      expect(update.code).toBe(0);
      expect(preview.requestType).toBe('Update');
      expect(preview.actions.map((step) => step.action.kind)).toEqual(['updateTags']);
      expect(preview.actions[0]?.description).toMatch(/: remove team$/);
      expect(scenario.sim.calls.filter((record) => record.mutating)).toEqual([]);
    } finally {
      await scenario.close();
    }
  });

  it('says plainly when the stack and logical ID of an Update preview own nothing in the VPC', async () => {
    const scenario = await startScenario();
    try {
      const properties = scenario.properties();
      await scenario.invoke(scenario.cfn.createEvent(properties));
      const readFile = () => JSON.stringify(properties);
      const wrongLogicalId = ['--stack-id', scenario.cfn.stackId(), '--logical-id', 'Endpoints'];
      const rightLogicalId = ['--stack-id', scenario.cfn.stackId(), '--logical-id', 'VpcEndpoints'];

      const wrong = await run(scenario.sim, ['plan', '--properties', 'p.json', '--old-properties', 'p.json', ...wrongLogicalId], { readFile });
      const wrongJson = await run(scenario.sim, ['plan', '--properties', 'p.json', '--old-properties', 'p.json', ...wrongLogicalId, '--json'], { readFile });
      const right = await run(scenario.sim, ['plan', '--properties', 'p.json', '--old-properties', 'p.json', ...rightLogicalId], { readFile });

      // Its own endpoints look like another team's to the wrong logical ID: private DNS clashes, and the preview fails.
      expect(wrong.code).toBe(3);
      expect(wrong.stdout).toContain(`Warning: stack ${scenario.cfn.stackId().split('/')[1]}, logical ID Endpoints owns nothing in`);
      expect(wrong.stdout).toContain('check --stack-id and --logical-id');
      expect((JSON.parse(wrongJson.stdout) as { ownsNothing?: boolean }).ownsNothing).toBe(true);
      expect(right.stdout).not.toContain('owns nothing');
      expect(right.stdout).toContain('No changes.');
    } finally {
      await scenario.close();
    }
  });
});
