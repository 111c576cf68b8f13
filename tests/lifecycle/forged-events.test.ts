import type { CustomResourceEvent } from '../../lib/protocol/event';
import { WorldBuilder } from '../support/ec2-sim/world';
import { ownedBy, startScenario, writesOf, type Scenario } from '../support/scenario';

describe('an event whose ResponseURL is not CloudFormation’s', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  it.each([
    ['a foreign https host', 'https://collector.example.com/answers?X-Amz-Signature=s3cr3t'],
    ['another S3 bucket', 'https://team-bucket.s3.us-east-1.amazonaws.com/answers?X-Amz-Signature=s3cr3t'],
    ['a private address over plain http', 'http://10.0.0.5:8080/answers?X-Amz-Signature=s3cr3t'],
  ])('from %s: no EC2 call, no answer, and an error log that says why without the URL', async (_label, responseUrl) => {
    const create = { ...scenario.cfn.createEvent(scenario.properties()), ResponseURL: responseUrl };

    const response = await scenario.invoke(create);

    expect(response).toBeUndefined();
    expect(scenario.sim.calls).toEqual([]);
    expect(scenario.cfn.responses).toEqual([]);
    // One log record, then the request's metrics record (an alarm on Failures sees refused events too).
    expect(scenario.logs).toHaveLength(2);
    expect(JSON.parse(scenario.logs[0] as string)).toMatchObject({ level: 'ERROR', message: 'ResponseURL refused: no work done and no answer sent' });
    expect(JSON.parse(scenario.logs[1] as string)).toMatchObject({ Outcome: 'UNANSWERED', Failures: 1, AwsCalls: 0 });
    expect(scenario.logs.join('\n')).not.toContain('s3cr3t');
  });
});

describe('an event that is not a well-formed CloudFormation request', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  it.each<[string, string | undefined]>([
    ['without a ResponseURL', undefined],
    ['with an empty ResponseURL', ''],
  ])('%s: no EC2 call, nothing sent anywhere, and an error log naming what is wrong', async (_label, responseUrl) => {
    const { ResponseURL: _dropped, ...rest } = scenario.cfn.createEvent(scenario.properties());
    const event = (responseUrl === undefined ? rest : { ...rest, ResponseURL: responseUrl }) as CustomResourceEvent;

    await scenario.invoke(event);

    expect(scenario.sim.calls).toEqual([]);
    expect(scenario.cfn.responses).toEqual([]);
    expect(scenario.logs.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 'ERROR', message: 'event without a ResponseURL: nothing can be answered', problems: ['ResponseURL is missing or empty.'] }),
      expect.objectContaining({ Outcome: 'UNANSWERED', RequestType: 'Create', Failures: 1 }),
    ]);
  });

  it('answers FAILED naming every problem, with no EC2 call, when fields CloudFormation always sends are missing', async () => {
    const { LogicalResourceId: _logical, RequestId: _request, ...rest } = scenario.cfn.createEvent(scenario.properties());

    await scenario.invoke(rest as CustomResourceEvent);

    expect(scenario.sim.calls).toEqual([]);
    expect(scenario.cfn.responses).toHaveLength(1);
    expect(scenario.cfn.responses[0]?.body).toMatchObject({
      Status: 'FAILED',
      Reason: 'Malformed request: RequestId is missing or empty. LogicalResourceId is missing or empty.',
    });
  });
});

/** The CloudFormation calls of the stack check, as `action status-or-error` lines. */
function stackCheckCalls(scenario: Scenario): string[] {
  return scenario.cfn.stacks.calls.map((call) => `${call.action}${call.error ? ` ${call.error}` : ''}`);
}

/** What the stack check saw, from its log lines (trusted and refused events alike). */
function observations(scenario: Scenario): unknown[] {
  const checkMessages = ['event matches CloudFormation', 'event refused: CloudFormation did not send it'];
  return scenario.logs
    .map((line) => JSON.parse(line) as { message: string; observation?: unknown })
    .flatMap((record) => (checkMessages.includes(record.message) ? [record.observation] : []));
}

describe('the stack check on events CloudFormation really sends', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  it('passes Create, in-place Update, replacement, the clean-up Delete of the old ID and the stack’s Delete, two read-only calls each (three for a Delete)', async () => {
    const other = await new WorldBuilder(scenario.sim)
      .vpc('other', { cidr: '10.9.0.0/16', dnsSupport: true, dnsHostnames: true })
      .subnet('o1', { vpc: 'other', cidr: '10.9.0.0/20', azId: 'use1-az1' })
      .build();
    const createProps = scenario.properties();
    const movedProps = { VpcId: other.id('other'), SubnetIds: [other.id('o1')] };

    const created = await scenario.invoke(scenario.cfn.createEvent(createProps));
    const firstId = created?.body?.PhysicalResourceId as string;
    const inPlace = await scenario.invoke(scenario.cfn.updateEvent(firstId, { ...createProps, PrivateDnsEnabled: 'true' }, createProps));
    const replaced = await scenario.invoke(scenario.cfn.updateEvent(firstId, movedProps, createProps));
    const secondId = replaced?.body?.PhysicalResourceId as string;
    const cleanup = await scenario.invoke(scenario.cfn.deleteEvent(firstId, createProps));
    const deleted = await scenario.invoke(scenario.cfn.deleteEvent(secondId, movedProps));

    expect([created, inPlace, replaced, cleanup, deleted].map((response) => response?.body?.Status)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS']);
    expect(secondId).not.toBe(firstId);
    expect(await ownedBy(scenario.sim, firstId)).toMatchObject({ subnets: [], endpoints: [], groups: [] });
    expect(await ownedBy(scenario.sim, secondId)).toMatchObject({ subnets: [], endpoints: [], groups: [] });
    // Side by side, so in any order within one check; a Delete also reads the stack's events (see writesQuietSince).
    const read = ['DescribeStackResource', 'DescribeStacks'];
    const checks = [read, read, read, [...read, 'DescribeStackEvents'], [...read, 'DescribeStackEvents']];
    const calls = stackCheckCalls(scenario);
    expect(checks.map((check, index) => calls.slice(checks.slice(0, index).flat().length, checks.slice(0, index + 1).flat().length).sort())).toEqual(checks.map((check) => [...check].sort()));
    expect(calls).toHaveLength(checks.flat().length);
    expect(observations(scenario)).toEqual([
      { stack: { status: 'CREATE_IN_PROGRESS' }, resource: { type: 'Custom::VpcEndpoints', status: 'CREATE_IN_PROGRESS' } },
      { stack: { status: 'UPDATE_IN_PROGRESS' }, resource: { type: 'Custom::VpcEndpoints', status: 'UPDATE_IN_PROGRESS' } },
      { stack: { status: 'UPDATE_IN_PROGRESS' }, resource: { type: 'Custom::VpcEndpoints', status: 'UPDATE_IN_PROGRESS' } },
      { stack: { status: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' }, resource: { type: 'Custom::VpcEndpoints', status: 'UPDATE_COMPLETE' } },
      { stack: { status: 'DELETE_IN_PROGRESS' }, resource: { type: 'Custom::VpcEndpoints', status: 'DELETE_IN_PROGRESS' } },
    ]);
  });

  it('passes the rollback Delete of a Create that failed after writing, and it removes the partial work', async () => {
    // EC2 fails every call after the third write: the Create answers FAILED under its real ID, with work left behind.
    const create = scenario.cfn.createEvent(scenario.properties());
    scenario.sim.faults.crashAfterMutations = 3;
    const failed = await scenario.invoke(create);
    scenario.sim.recover();
    scenario.sim.faults.crashAfterMutations = undefined;
    // What the partial Create made, once EC2 lists it (eventual consistency); the rollback Delete comes after.
    scenario.clock.advance(60_000);
    const partial = await ownedBy(scenario.sim, failed?.body?.PhysicalResourceId as string);
    const physicalId = failed?.body?.PhysicalResourceId as string;
    const rollback = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, create.ResourceProperties));

    expect(failed?.body?.Status).toBe('FAILED');
    expect(partial.subnets.length).toBeGreaterThan(0);
    expect(rollback?.body?.Status).toBe('SUCCESS');
    expect(observations(scenario).at(-1)).toEqual({ stack: { status: 'ROLLBACK_IN_PROGRESS' }, resource: { type: 'Custom::VpcEndpoints', status: 'DELETE_IN_PROGRESS' } });
    expect(await ownedBy(scenario.sim, physicalId)).toMatchObject({ subnets: [], endpoints: [], groups: [] });
  });

  it('retries a throttled CloudFormation and then goes on', async () => {
    scenario.cfn.stacks.failNextCalls(3, 'Throttling', 'DescribeStacks');

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

    expect(response?.body?.Status).toBe('SUCCESS');
    // DescribeStackResource goes beside the first attempt and is not asked again.
    expect(stackCheckCalls(scenario)).toEqual(['DescribeStacks Throttling', 'DescribeStackResource', 'DescribeStacks Throttling', 'DescribeStacks Throttling', 'DescribeStacks']);
  });
});

describe('events CloudFormation did not send', () => {
  let scenario: Scenario;
  let create: ReturnType<Scenario['cfn']['createEvent']>;
  let physicalId: string;
  beforeEach(async () => {
    scenario = await startScenario();
    create = scenario.cfn.createEvent(scenario.properties());
    physicalId = (await scenario.invoke(create))?.body?.PhysicalResourceId as string;
    scenario.sim.resetCallLog();
  });
  afterEach(() => scenario.close());

  const otherStackId = () => create.StackId.replace(/\/[^/]+$/, '/00000000-0000-4000-a000-000000000000');

  /** Each forgery: how to put the played stack in shape, and what to change in the event. */
  const forgeries: [string, (s: Scenario) => void, () => Record<string, unknown>, string][] = [
    ['a stack that does not exist', () => undefined, () => ({ StackId: otherStackId() }), 'does not exist'],
    ['a stack whose operation has ended', (s) => s.cfn.stacks.setStatus(create.StackId, 'CREATE_COMPLETE'), () => ({}), 'is CREATE_COMPLETE: no stack operation is in progress'],
    [
      'a logical ID that is not a custom resource',
      (s) => {
        s.cfn.stacks.setStatus(create.StackId, 'UPDATE_IN_PROGRESS');
        s.cfn.stacks.addResource(create.StackId, 'AppVpc', 'AWS::EC2::VPC');
      },
      () => ({ LogicalResourceId: 'AppVpc' }),
      'is a AWS::EC2::VPC, not a custom resource',
    ],
    ['a logical ID the stack does not have', (s) => s.cfn.stacks.setStatus(create.StackId, 'UPDATE_IN_PROGRESS'), () => ({ LogicalResourceId: 'Ghost' }), 'has no resource with logical ID "Ghost"'],
  ];

  it.each(forgeries)('answers a Create naming %s FAILED, with zero EC2 calls', async (_label, arrange, changes, why) => {
    arrange(scenario);
    const forged = scenario.cfn.forgedEvent(create, changes());

    const response = await scenario.invoke(forged);

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain(why);
    expect(response?.body?.Reason).toContain('nothing changed');
    expect(scenario.sim.calls).toEqual([]);
  });

  it.each(forgeries)('answers an Update naming %s FAILED, with zero EC2 calls', async (_label, arrange, changes, why) => {
    arrange(scenario);
    const update = { ...create, RequestType: 'Update', PhysicalResourceId: physicalId, OldResourceProperties: create.ResourceProperties };
    const forged = scenario.cfn.forgedEvent(update as unknown as typeof create, { ...changes(), ResourceProperties: scenario.properties({ InterfaceServices: ['ssm'] }) });

    const response = await scenario.invoke(forged);

    expect(response?.body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: physicalId });
    expect(response?.body?.Reason).toContain(why);
    expect(scenario.sim.calls).toEqual([]);
  });

  it.each([
    ['a stack whose operation has ended', () => scenario.cfn.stacks.setStatus(create.StackId, 'CREATE_COMPLETE'), 'is CREATE_COMPLETE'],
    ['a stack that is being updated, whose logical ID names something else', () => {
      scenario.cfn.stacks.setStatus(create.StackId, 'UPDATE_IN_PROGRESS');
      scenario.cfn.stacks.addResource(create.StackId, create.LogicalResourceId, 'AWS::EC2::VPC');
    }, 'not a custom resource'],
  ])('answers a Delete of real work in %s SUCCESS, deleting nothing', async (_label, arrange, why) => {
    arrange();
    const forged = scenario.cfn.forgedEvent(create, { RequestType: 'Delete', PhysicalResourceId: physicalId });

    const response = await scenario.invoke(forged);

    expect(response?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
    expect(response?.body?.Reason).toContain('Nothing deleted');
    expect(response?.body?.Reason).toContain(why);
    expect(writesOf(scenario.sim)).toEqual([]);
    expect((await ownedBy(scenario.sim, physicalId)).endpoints).toHaveLength(4);
  });

  it('answers a Delete naming a stack that does not exist SUCCESS, deleting nothing', async () => {
    const forged = scenario.cfn.forgedEvent(create, { RequestType: 'Delete', PhysicalResourceId: physicalId, StackId: otherStackId() });

    const response = await scenario.invoke(forged);

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(writesOf(scenario.sim)).toEqual([]);
    expect((await ownedBy(scenario.sim, physicalId)).endpoints).toHaveLength(4);
  });

  it('answers a real Delete FAILED, deleting nothing, while CloudFormation stays throttled — and the retried Delete deletes', async () => {
    const remove = scenario.cfn.deleteEvent(physicalId, create.ResourceProperties);
    scenario.cfn.stacks.failNextCalls(5, 'Throttling', 'DescribeStacks');

    const throttled = await scenario.invoke(remove);
    const retried = await scenario.invoke(remove);

    expect(throttled?.body?.Status).toBe('FAILED');
    expect(throttled?.body?.Reason).toBe('CloudFormation did not answer DescribeStacks after 5 attempts (Throttling), so nothing was done. Retry the stack operation.');
    expect(retried?.body?.Status).toBe('SUCCESS');
    expect(await ownedBy(scenario.sim, physicalId)).toMatchObject({ subnets: [], endpoints: [], groups: [] });
  });

  it('answers FAILED saying a network error when CloudFormation is never reached, in one sentence to act on, with zero EC2 calls', async () => {
    scenario.cfn.stacks.resetNextConnections(5, 'DescribeStacks');

    const response = await scenario.invoke(scenario.cfn.updateEvent(physicalId, scenario.properties({ InterfaceServices: ['ssm'] }), create.ResourceProperties));

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toBe('CloudFormation did not answer DescribeStacks after 5 attempts (network error), so nothing was done. Retry the stack operation.');
    expect(scenario.sim.calls).toEqual([]);
  });

  it('does not retry an error CloudFormation will answer again: one call, FAILED with that error, zero EC2 calls', async () => {
    scenario.cfn.stacks.failNextCalls(1, 'InvalidParameterValue');
    const callsBefore = scenario.cfn.stacks.calls.length;

    const response = await scenario.invoke(scenario.cfn.updateEvent(physicalId, scenario.properties({ InterfaceServices: ['ssm'] }), create.ResourceProperties));

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain('InvalidParameterValue');
    expect(response?.body?.Reason).not.toContain('did not answer');
    expect(scenario.cfn.stacks.calls.slice(callsBefore).map((call) => call.error)).toEqual(['InvalidParameterValue']);
    expect(scenario.sim.calls).toEqual([]);
  });

  it('answers FAILED naming the missing permission when the role may not ask CloudFormation, with zero EC2 calls', async () => {
    scenario.cfn.stacks.failNextCalls(1, 'AccessDenied');

    const response = await scenario.invoke(scenario.cfn.updateEvent(physicalId, scenario.properties({ InterfaceServices: ['ssm'] }), create.ResourceProperties));

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain('may not call cloudformation:DescribeStacks');
    expect(scenario.sim.calls).toEqual([]);
  });
});
