import { WorldBuilder } from '../support/ec2-sim/world';
import { defaultEndpointServices } from '../support/ec2-sim/catalogue';
import { ownedBy, startScenario, writesOf, type Scenario } from '../support/scenario';

describe('answers that name every problem, before any write', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  it('answers FAILED listing every invalid property, with zero EC2 calls, and the following Delete succeeds untouched', async () => {
    const create = scenario.cfn.createEvent(scenario.properties({ SubnetPrefixLength: '12', PrivateDnsEnabled: 'maybe', SubnetIdz: 'x' }));

    const failed = await scenario.invoke(create);
    const cleanup = await scenario.invoke(scenario.cfn.deleteEvent(failed?.body?.PhysicalResourceId as string, create.ResourceProperties));

    expect(failed?.body?.Status).toBe('FAILED');
    for (const fragment of ['SubnetPrefixLength', '"12"', 'PrivateDnsEnabled', '"maybe"', 'SubnetIdz']) expect(failed?.body?.Reason).toContain(fragment);
    expect(failed?.problems).toEqual([]);
    expect(cleanup?.body?.Status).toBe('SUCCESS');
    expect(writesOf(scenario.sim)).toEqual([]);
  });

  it('answers FAILED with a marker ID when even VpcId is unusable, and the Delete of that marker touches nothing', async () => {
    const create = scenario.cfn.createEvent({ SubnetIds: ['subnet-12345678'] });

    const failed = await scenario.invoke(create);
    const cleanup = await scenario.invoke(scenario.cfn.deleteEvent(failed?.body?.PhysicalResourceId as string, {}));

    expect(failed?.body?.Status).toBe('FAILED');
    expect(failed?.body?.Reason).toContain('VpcId');
    expect(cleanup?.body).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: failed?.body?.PhysicalResourceId,
      Reason: 'Nothing to delete: its Create failed before anything was made.',
    });
    expect(scenario.sim.calls).toEqual([]);
  });

  it.each([
    ['a VPC that does not exist', { VpcId: 'vpc-0000000000000dead' }, ['vpc-0000000000000dead', 'does not exist']],
    ['a subnet that does not exist', { SubnetIds: ['subnet-00000000000000bad'] }, ['subnet-00000000000000bad', 'does not exist']],
    ['an unknown service', { InterfaceServices: ['ecr.dkr', 'ecr.dockr'] }, ['ecr.dockr', 'not an endpoint service']],
    ['a gateway service that only has interface endpoints', { GatewayServices: ['sts'] }, ['"sts"', 'does not offer a Gateway endpoint']],
  ])('answers FAILED for %s, naming it, with zero writes', async (_label, overrides, fragments) => {
    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties(overrides)));

    expect(fragments.length).toBeGreaterThan(0);
    expect(response?.body?.Status).toBe('FAILED');
    for (const fragment of fragments) expect(response?.body?.Reason).toContain(fragment);
    expect(writesOf(scenario.sim)).toEqual([]);
  });

  it('accepts a service offered both ways (s3) as a gateway beside interface services, creating one endpoint of each kind', async () => {
    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ GatewayServices: ['s3'], InterfaceServices: ['ecr.dkr'] })));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(response?.body?.Data?.['GatewayEndpointId.s3']).toMatch(/^vpce-[0-9a-f]{17}$/);
    expect(response?.body?.Data?.['EndpointId.ecr.dkr']).toMatch(/^vpce-[0-9a-f]{17}$/);
    const created = scenario.sim.writes().filter((write) => write.action === 'CreateVpcEndpoint');
    expect(created.map((write) => [write.input['VpcEndpointType'], write.input['ServiceName']]).sort()).toEqual([
      ['Gateway', 'com.amazonaws.us-east-1.s3'],
      ['Interface', 'com.amazonaws.us-east-1.ecr.dkr'],
    ]);
  });

  it('refuses private DNS in a VPC with DNS hostnames off, naming the attribute, and never switches it on', async () => {
    const world = await new WorldBuilder(scenario.sim)
      .vpc('plain', { cidr: '10.20.0.0/16' })
      .subnet('p1', { vpc: 'plain', cidr: '10.20.0.0/20', azId: 'use1-az1' })
      .build();
    scenario.sim.resetCallLog();

    const response = await scenario.invoke(scenario.cfn.createEvent({ VpcId: world.id('plain'), SubnetIds: [world.id('p1')] }));

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain('enableDnsHostnames');
    expect(writesOf(scenario.sim)).toEqual([]);
  });

  it('refuses a second private-DNS endpoint for a service another team already serves, naming its endpoint', async () => {
    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ InterfaceServices: ['sts'] })));

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain(scenario.world.foreignEndpointId);
    expect(writesOf(scenario.sim)).toEqual([]);
  });

  it('reuses that endpoint instead when ExistingEndpoints is reuse, reporting it and leaving it alone', async () => {
    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ InterfaceServices: ['sts', 'logs'], ExistingEndpoints: 'reuse' })));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(response?.body?.Data?.['EndpointId.sts']).toBe(scenario.world.foreignEndpointId);
    expect(response?.body?.Data?.['ReusedEndpointIds']).toBe(scenario.world.foreignEndpointId);
    expect(scenario.sim.writes().some((call) => JSON.stringify(call.input).includes(scenario.world.foreignEndpointId))).toBe(false);
  });

  it('names every problem of a VPC at once', async () => {
    const response = await scenario.invoke(
      scenario.cfn.createEvent(scenario.properties({ SubnetIds: [...scenario.world.appSubnetIds, 'subnet-00000000000000bad'], InterfaceServices: ['sts', 'nope'] })),
    );

    expect(response?.body?.Reason).toMatch(/^3 problems/);
    expect(writesOf(scenario.sim)).toEqual([]);
  });
});

describe('the answer itself', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  it('retries the PUT after it failed twice, and CloudFormation gets one valid answer', async () => {
    scenario.cfn.failNextPuts(1, 'status500');
    scenario.cfn.failNextPuts(1, 'reset');
    const event = scenario.cfn.createEvent(scenario.properties());

    const response = await scenario.invoke(event);

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(response?.contentType).toBe('');
  });

  it('throws, so that Lambda retries the invocation, when CloudFormation cannot be reached at all', async () => {
    scenario.cfn.failNextPuts(20, 'status500');
    const event = scenario.cfn.createEvent(scenario.properties({ InterfaceServices: ['nope'] }));

    const thrown = (await scenario.invoke(event).catch((error: unknown) => error)) as Error;

    expect(thrown).toMatchObject({ name: 'ResponseDeliveryError' });
    expect(scenario.logs.some((line) => line.includes('could not deliver the answer to CloudFormation'))).toBe(true);
    // Lambda's runtime logs the stack of what escapes: only frames in source files (in the bundle: none).
    const frames = (thrown.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
    expect(frames.filter((line) => !/\.ts:\d+:\d+\)?$/.test(line))).toEqual([]);
  });

  it('answers FAILED within 4096 bytes when the reason alone is longer, keeping its start and marking the cut', async () => {
    const unknown = Array.from({ length: 45 }, (_, index) => `unknown-service-with-a-rather-long-name-to-fill-the-answer-${index}`);

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ InterfaceServices: unknown, SubnetPrefixLength: '26' })));

    const reason = response?.body?.Reason ?? '';
    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.problems).toEqual([]);
    expect(response?.bytes).toBeLessThanOrEqual(4096);
    // Nearly full: the reason was cut to fit 4096 bytes, not to some smaller limit.
    expect(response?.bytes).toBeGreaterThan(4000);
    expect(reason.startsWith('45 problems: (1) InterfaceServices: "unknown-service-with-a-rather-long-name-to-fill-the-answer-0" is not an endpoint service in us-east-1.')).toBe(true);
    expect(reason).not.toContain('-to-fill-the-answer-44"');
    expect(reason.endsWith(' [truncated]')).toBe(true);
    expect(writesOf(scenario.sim)).toEqual([]);
  });

  it('never writes the response URL, or its signature, to the logs', async () => {
    const event = scenario.cfn.createEvent(scenario.properties({ InterfaceServices: ['nope'] }));
    await scenario.invoke(event);
    await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

    const logs = scenario.logs.join('\n');
    expect(logs).toContain('event received');
    expect(scenario.cfn.secretsInUrls().length).toBeGreaterThan(0);
    for (const secret of scenario.cfn.secretsInUrls()) expect(logs).not.toContain(secret);
    expect(logs).not.toContain(event.ResponseURL);
  });

  it('logs one line per EC2 write with the resource ID, and one summary per request', async () => {
    await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

    const records = scenario.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const writes = records.filter((record) => record['message'] === 'ec2 write');
    const summaries = records.filter((record) => record['message'] === 'request summary');
    expect(writes).toHaveLength(scenario.sim.writes().length);
    expect(writes.every((record) => typeof record['resourceId'] === 'string' && record['resourceId'] !== '')).toBe(true);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({ outcome: 'SUCCESS', requestType: 'Create', logicalResourceId: 'VpcEndpoints' });
  });
});

describe('the deadline', () => {
  it('hands the request to a fresh invocation when the endpoints outlast this one, and that one answers', async () => {
    const scenario = await startScenario();
    try {
      const event = scenario.cfn.createEvent(scenario.properties());

      // 60 s invocations keep 18 s back for the answer: 42 s of work, less than EC2's 60 s endpoint timeline.
      const first = await scenario.invoke(event, { timeoutMs: 60_000 });
      const handedOn = scenario.continuations.at(-1);
      const second = handedOn && (await scenario.invoke(handedOn, { timeoutMs: 900_000 }));

      expect(first).toBeUndefined();
      expect(handedOn?.Continuation?.attempt).toBe(1);
      expect(second?.body?.Status).toBe('SUCCESS');
      expect((await ownedBy(scenario.sim, second?.body?.PhysicalResourceId as string)).endpoints).toHaveLength(4);
      expect(scenario.sim.writes().filter((call) => call.action === 'CreateVpcEndpoint')).toHaveLength(4);
    } finally {
      await scenario.close();
    }
  });

  it('answers FAILED naming what is pending when the stack\'s ServiceTimeout leaves no room to continue', async () => {
    const scenario = await startScenario();
    try {
      const event = scenario.cfn.createEvent(scenario.properties({ ServiceTimeout: '100' }));

      const response = await scenario.invoke(event, { timeoutMs: 900_000 });

      expect(response?.body?.Status).toBe('FAILED');
      expect(response?.body?.Reason).toMatch(/Still waiting for endpoints to become available: .*vpce-/);
      expect(scenario.continuations).toEqual([]);
    } finally {
      await scenario.close();
    }
  });

  it('says how many minutes it waited, and what to do, when the ServiceTimeout runs out', async () => {
    // Endpoints that take 20 minutes, under a 10-minute ServiceTimeout: the answer is due at 9 minutes.
    const scenario = await startScenario({ timing: { endpointCreateMs: 1_200_000 } });
    try {
      const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ ServiceTimeout: '600' })), { timeoutMs: 900_000 });

      expect(response?.body?.Status).toBe('FAILED');
      expect(response?.body?.Reason).toMatch(
        /^Gave up after 9 min, to answer within the stack's ServiceTimeout\. Still waiting for endpoints to become available: .*vpce-.*\. AWS may still be working: retry the stack operation, which picks up where this one stopped, or raise ServiceTimeout\.$/,
      );
      expect(scenario.continuations).toEqual([]);
    } finally {
      await scenario.close();
    }
  });

  it('answers FAILED instead of handing over when continuations are not available', async () => {
    const scenario = await startScenario({ continuations: false });
    try {
      const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()), { timeoutMs: 60_000 });

      expect(response?.body?.Status).toBe('FAILED');
      expect(response?.body?.Reason).toContain('endpoints to become available');
    } finally {
      await scenario.close();
    }
  });
});

describe('an answer whose outputs alone exceed 4096 bytes', () => {
  const extraServices = Array.from({ length: 30 }, (_, index) => `example-partner-analytics-ingestion-${String(index).padStart(2, '0')}`);

  it('drops per-service outputs, never the essential ones, to answer SUCCESS within 4096 bytes, and logs what it dropped', async () => {
    const scenario = await startScenario({
      services: [
        ...defaultEndpointServices('us-east-1', ['use1-az1', 'use1-az2', 'use1-az3', 'use1-az4', 'use1-az5', 'use1-az6']),
        ...extraServices.map((name) => ({ name, type: 'Interface' as const, privateDnsName: `${name}.us-east-1.amazonaws.com`, supportsIpv6: false })),
      ],
    });
    try {
      const services = ['ecr.api', 'ecr.dkr', 'logs', ...extraServices];

      const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ InterfaceServices: services, SubnetPrefixLength: '26' })));

      expect(response?.body?.Status).toBe('SUCCESS');
      expect(response?.problems).toEqual([]);
      expect(response?.bytes).toBeLessThanOrEqual(4096);
      expect(response?.bytes).toBeGreaterThan(3900);
      const kept = response?.body?.Data ?? {};
      const trimmedLogs = scenario.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((record) => record['message'] === 'response trimmed to 4096 bytes');
      expect(trimmedLogs).toHaveLength(1);
      const trimmed = trimmedLogs[0]?.['trimmedDataKeys'] as string[];
      expect(trimmed.length).toBeGreaterThan(0);
      // What a full answer would carry: every documented output (empty ones too), then per interface service its ID, DNS
      // name and (empty outside a hub) hosted zone, and the s3 gateway's endpoint and prefix list.
      const everyKey = [
        'SubnetIds',
        'SubnetCidrs',
        'AvailabilityZoneIds',
        'SecurityGroupId',
        'EndpointIds',
        'SubnetIpv6Cidrs',
        'ReusedEndpointIds',
        'HubId',
        'Notes',
        ...services.flatMap((service) => [`EndpointId.${service}`, `DnsName.${service}`, `HostedZoneId.${service}`]),
        'GatewayEndpointId.s3',
        'PrefixListId.s3',
      ];
      expect([...Object.keys(kept), ...trimmed].sort()).toEqual([...everyKey].sort());
      expect(trimmed.filter((key) => Object.keys(kept).includes(key))).toEqual([]);
      expect(kept['SubnetIds']?.split(',')).toHaveLength(3);
      expect(kept['SubnetCidrs']?.split(',')).toHaveLength(3);
      expect(kept['AvailabilityZoneIds']).toBe('use1-az1,use1-az2,use1-az4');
      expect(kept['SecurityGroupId']).toMatch(/^sg-[0-9a-f]{17}$/);
      expect(kept['EndpointIds']?.split(',')).toHaveLength(services.length + 1);
    } finally {
      await scenario.close();
    }
  });
});
