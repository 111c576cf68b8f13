import { AssumeRoleCommand, STSServiceException } from '@aws-sdk/client-sts';
import { buildDemoWorld } from '../support/ec2-sim';
import { WorldBuilder } from '../support/ec2-sim/world';
import {
  buildAccountVpc,
  EXTERNAL_ID,
  HUB_ACCOUNT,
  OTHER_ACCOUNT,
  ownedAs,
  SESSION_MS,
  SPOKE_ACCOUNT,
  SPOKE_ROLE_NAME,
  startHub,
  type Hub,
} from './hub';

const SPOKE_ROLE_ARN = `arn:aws:iam::${SPOKE_ACCOUNT}:role/${SPOKE_ROLE_NAME}`;
const inSpoke = { accountId: SPOKE_ACCOUNT } as const;

/** The accounts of the EC2 calls a simulator received, deduplicated. */
function accountsCalled(hub: Hub, region?: string): string[] {
  return [...new Set(hub.sim(region).calls.map((call) => call.accountId))];
}

function writes(hub: Hub, region?: string) {
  return hub.sim(region).writes();
}

describe('a hub serving its own account', () => {
  let hub: Hub;
  beforeEach(async () => {
    hub = await startHub();
  });
  afterEach(() => hub.close());

  it('converges a stack of its own account with the function’s role, without any AssumeRole', async () => {
    const world = await buildDemoWorld(hub.sim());
    hub.sim().resetCallLog();

    const response = await hub.invoke(hub.cfn.createEvent({ VpcId: world.vpcId, SubnetIds: world.appSubnetIds }, { accountId: HUB_ACCOUNT }));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(hub.assumeRoleCalls()).toEqual([]);
    expect(hub.ec2Builds).toEqual([{ region: 'us-east-1', accountId: HUB_ACCOUNT, assumed: false }]);
    expect(accountsCalled(hub)).toEqual([HUB_ACCOUNT]);
    expect(writes(hub).length).toBeGreaterThan(0);
  });
});

describe('a spoke stack', () => {
  let hub: Hub;
  let spoke: Awaited<ReturnType<typeof buildAccountVpc>>;
  beforeEach(async () => {
    hub = await startHub();
    spoke = await buildAccountVpc(hub.sim(), SPOKE_ACCOUNT);
    hub.sim().resetCallLog();
  });
  afterEach(() => hub.close());

  const properties = (overrides: Record<string, unknown> = {}) => ({ VpcId: spoke.vpcId, SubnetIds: spoke.appSubnetIds, ...overrides });

  it('converges its own VPC through the spoke role, assumed once with the external ID, creating only in its account', async () => {
    const response = await hub.invoke(hub.cfn.createEvent(properties(), inSpoke));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(hub.assumeRoleCalls()).toEqual([expect.objectContaining({ RoleArn: SPOKE_ROLE_ARN, ExternalId: EXTERNAL_ID })]);
    expect(hub.ec2Builds).toEqual([{ region: 'us-east-1', accountId: SPOKE_ACCOUNT, assumed: true }]);
    expect(accountsCalled(hub)).toEqual([SPOKE_ACCOUNT]);

    const physicalId = response?.body?.PhysicalResourceId as string;
    const owned = await ownedAs(hub.sim(), SPOKE_ACCOUNT, physicalId);
    expect(owned.subnets).toHaveLength(2);
    expect(owned.endpoints).toHaveLength(4);
    expect(owned.groups).toHaveLength(1);
    const owners = [...owned.subnets, ...owned.endpoints, ...owned.groups].map((resource) => resource.OwnerId);
    expect(new Set(owners)).toEqual(new Set([SPOKE_ACCOUNT]));
    expect(await ownedAs(hub.sim(), HUB_ACCOUNT, physicalId)).toEqual({ subnets: [], endpoints: [], groups: [] });
  });

  it('reuses the credentials for a request within their lifetime, and assumes the role again once they expire', async () => {
    const create = hub.cfn.createEvent(properties({ InterfaceServices: ['ecr.api', 'ecr.dkr'] }), inSpoke);
    const created = await hub.invoke(create);
    const physicalId = created?.body?.PhysicalResourceId as string;
    const afterCreate = hub.assumeRoleCalls().length;

    await hub.clock.sleep(10 * 60_000);
    const grown = await hub.invoke(hub.cfn.updateEvent(physicalId, properties({ InterfaceServices: ['ecr.api', 'ecr.dkr', 'logs'] }), create.ResourceProperties, inSpoke));
    const afterUpdate = hub.assumeRoleCalls().length;

    await hub.clock.sleep(SESSION_MS);
    const deleted = await hub.invoke(hub.cfn.deleteEvent(physicalId, properties(), inSpoke));

    expect([created?.body?.Status, grown?.body?.Status, deleted?.body?.Status]).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
    expect([afterCreate, afterUpdate, hub.assumeRoleCalls().length]).toEqual([1, 1, 2]);
    expect(hub.assumeRoleCalls().every((input) => input.RoleArn === SPOKE_ROLE_ARN && input.ExternalId === EXTERNAL_ID)).toBe(true);
    expect(await ownedAs(hub.sim(), SPOKE_ACCOUNT, physicalId)).toEqual({ subnets: [], endpoints: [], groups: [] });
    expect(accountsCalled(hub)).toEqual([SPOKE_ACCOUNT]);
  });

  it('acts in the StackId’s region: a stack in eu-west-1 gets an EC2 client for eu-west-1, and us-east-1 sees no call', async () => {
    const european = await buildAccountVpc(hub.sim('eu-west-1'), SPOKE_ACCOUNT, '10.7');

    const response = await hub.invoke(
      hub.cfn.createEvent({ VpcId: european.vpcId, SubnetIds: european.appSubnetIds }, { ...inSpoke, region: 'eu-west-1' }),
    );

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(hub.ec2Builds).toEqual([{ region: 'eu-west-1', accountId: SPOKE_ACCOUNT, assumed: true }]);
    expect(hub.sim('us-east-1').calls).toEqual([]);
    expect(writes(hub, 'eu-west-1').length).toBeGreaterThan(0);
  });

  it.each([
    ['RoleArn', `arn:aws:iam::${OTHER_ACCOUNT}:role/${SPOKE_ROLE_NAME}`],
    ['AccountId', OTHER_ACCOUNT],
    ['Region', 'eu-west-1'],
    ['ExternalId', 'guessed'],
  ])('rejects a %s property as unknown, before assuming any role or calling EC2', async (property, value) => {
    const response = await hub.invoke(hub.cfn.createEvent(properties({ [property]: value }), inSpoke));

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain(`Unknown property "${property}"`);
    expect(hub.assumeRoleCalls()).toEqual([]);
    expect(hub.ec2Builds).toEqual([]);
    expect(hub.sim('us-east-1').calls).toEqual([]);
    expect(hub.sim('eu-west-1').calls).toEqual([]);
  });

  it('ignores a Delete that names another stack’s physical ID, even from the same account', async () => {
    const victim = (await hub.invoke(hub.cfn.createEvent(properties(), { ...inSpoke, stackName: 'victim' })))?.body?.PhysicalResourceId as string;
    const before = await ownedAs(hub.sim(), SPOKE_ACCOUNT, victim);
    hub.sim().resetCallLog();

    const forged = await hub.invoke(hub.cfn.deleteEvent(victim, properties(), { ...inSpoke, stackName: 'intruder' }));

    expect(forged?.body?.Status).toBe('SUCCESS');
    expect(forged?.body?.Reason).toContain('did not issue that physical ID for this stack');
    expect(writes(hub)).toEqual([]);
    expect(before.endpoints).toHaveLength(4);
    expect(await ownedAs(hub.sim(), SPOKE_ACCOUNT, victim)).toEqual(before);
  });

  it('updates and deletes only the stack’s own resources when two stacks share the spoke VPC', async () => {
    const first = hub.cfn.createEvent(properties({ InterfaceServices: ['ecr.api', 'ecr.dkr'] }), { ...inSpoke, stackName: 'team-a' });
    const second = hub.cfn.createEvent(properties({ InterfaceServices: ['logs'], GatewayServices: [] }), { ...inSpoke, stackName: 'team-b' });
    const firstId = (await hub.invoke(first))?.body?.PhysicalResourceId as string;
    const secondId = (await hub.invoke(second))?.body?.PhysicalResourceId as string;
    const secondBefore = await ownedAs(hub.sim(), SPOKE_ACCOUNT, secondId);

    const updated = await hub.invoke(hub.cfn.updateEvent(firstId, properties({ InterfaceServices: ['ecr.api'] }), first.ResourceProperties, { ...inSpoke, stackName: 'team-a' }));
    const secondAfterUpdate = await ownedAs(hub.sim(), SPOKE_ACCOUNT, secondId);
    const deleted = await hub.invoke(hub.cfn.deleteEvent(firstId, first.ResourceProperties, { ...inSpoke, stackName: 'team-a' }));

    expect(updated?.body?.Status).toBe('SUCCESS');
    expect(deleted?.body?.Status).toBe('SUCCESS');
    expect(secondBefore.endpoints).toHaveLength(1);
    expect(secondBefore.subnets).toHaveLength(2);
    expect(secondAfterUpdate).toEqual(secondBefore);
    expect(await ownedAs(hub.sim(), SPOKE_ACCOUNT, secondId)).toEqual(secondBefore);
    expect(await ownedAs(hub.sim(), SPOKE_ACCOUNT, firstId)).toEqual({ subnets: [], endpoints: [], groups: [] });
  });
});

describe('what a spoke stack cannot reach', () => {
  let hub: Hub;
  beforeEach(async () => {
    hub = await startHub();
  });
  afterEach(() => hub.close());

  it('refuses another account’s VPC as one that does not exist in the stack’s account, before any write', async () => {
    const elsewhere = await buildAccountVpc(hub.sim(), OTHER_ACCOUNT, '10.2');
    hub.sim().resetCallLog();

    const response = await hub.invoke(hub.cfn.createEvent({ VpcId: elsewhere.vpcId, SubnetIds: elsewhere.appSubnetIds }, inSpoke));

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain(`VPC ${elsewhere.vpcId} does not exist in account ${SPOKE_ACCOUNT}`);
    expect(writes(hub)).toEqual([]);
    expect(accountsCalled(hub)).toEqual([SPOKE_ACCOUNT]);
    expect(hub.assumeRoleCalls().map((input) => input.RoleArn)).toEqual([SPOKE_ROLE_ARN]);
  });

  it('refuses a VPC shared through RAM by its owner, naming both accounts, with zero writes', async () => {
    const shared = await new WorldBuilder(hub.sim())
      .vpc('shared', { cidr: '10.3.0.0/16', owner: OTHER_ACCOUNT, dnsSupport: true, dnsHostnames: true })
      .subnet('a', { vpc: 'shared', cidr: '10.3.0.0/20', azId: hub.sim().zones.ids[0] as string, owner: OTHER_ACCOUNT })
      .subnet('b', { vpc: 'shared', cidr: '10.3.16.0/20', azId: hub.sim().zones.ids[1] as string, owner: OTHER_ACCOUNT })
      .shareSubnets({ vpc: 'shared', withAccount: SPOKE_ACCOUNT })
      .build();
    hub.sim().resetCallLog();

    const response = await hub.invoke(hub.cfn.createEvent({ VpcId: shared.id('shared'), SubnetIds: [shared.id('a'), shared.id('b')] }, inSpoke));

    expect(response?.body?.Status).toBe('FAILED');
    for (const fragment of [`belongs to account ${OTHER_ACCOUNT}`, `shared with account ${SPOKE_ACCOUNT}`, 'RAM', `Deploy this resource in account ${OTHER_ACCOUNT}`]) {
      expect(response?.body?.Reason).toContain(fragment);
    }
    expect(writes(hub)).toEqual([]);
    expect(accountsCalled(hub)).toEqual([SPOKE_ACCOUNT]);
  });

  it('answers FAILED naming the role and the account when the spoke role refuses, with zero EC2 calls', async () => {
    const spoke = await buildAccountVpc(hub.sim(), SPOKE_ACCOUNT);
    hub.sim().resetCallLog();
    hub.sts
      .on(AssumeRoleCommand)
      .rejects(new STSServiceException({ name: 'AccessDenied', message: 'not authorized to perform: sts:AssumeRole', $fault: 'client', $metadata: { httpStatusCode: 403 } }));

    const response = await hub.invoke(hub.cfn.createEvent({ VpcId: spoke.vpcId, SubnetIds: spoke.appSubnetIds }, inSpoke));

    expect(response?.body?.Status).toBe('FAILED');
    for (const fragment of [SPOKE_ROLE_ARN, `account ${SPOKE_ACCOUNT}`, 'AccessDenied', 'examples/spoke/spoke-role.yaml']) expect(response?.body?.Reason).toContain(fragment);
    expect(response?.problems).toEqual([]);
    expect(hub.sim().calls).toEqual([]);
    expect(hub.ec2Builds).toEqual([]);
  });
});

describe('a hub without spoke configuration', () => {
  let hub: Hub;
  beforeEach(async () => {
    hub = await startHub({ spokeRoleName: undefined, externalId: undefined });
  });
  afterEach(() => hub.close());

  it('answers FAILED for a stack in another account, telling the platform team what to deploy, with no STS or EC2 call', async () => {
    const spoke = await buildAccountVpc(hub.sim(), SPOKE_ACCOUNT);
    hub.sim().resetCallLog();

    const response = await hub.invoke(hub.cfn.createEvent({ VpcId: spoke.vpcId, SubnetIds: spoke.appSubnetIds }, inSpoke));

    expect(response?.body?.Status).toBe('FAILED');
    for (const fragment of [`serves account ${HUB_ACCOUNT} only`, `account ${SPOKE_ACCOUNT}`, 'SpokeRoleName', 'examples/spoke/spoke-role.yaml']) {
      expect(response?.body?.Reason).toContain(fragment);
    }
    expect(hub.assumeRoleCalls()).toEqual([]);
    expect(hub.sim().calls).toEqual([]);
  });

  it('lets the rollback Delete of that failed Create succeed, since nothing was made', async () => {
    const spoke = await buildAccountVpc(hub.sim(), SPOKE_ACCOUNT);
    hub.sim().resetCallLog();
    const create = hub.cfn.createEvent({ VpcId: spoke.vpcId, SubnetIds: spoke.appSubnetIds }, inSpoke);
    const failed = await hub.invoke(create);

    const rollback = await hub.invoke(hub.cfn.deleteEvent(failed?.body?.PhysicalResourceId as string, create.ResourceProperties, inSpoke));

    expect(failed?.body?.Status).toBe('FAILED');
    expect(rollback?.body?.Status).toBe('SUCCESS');
    expect(hub.sim().writes()).toEqual([]);
  });

  it('still serves its own account', async () => {
    const world = await buildDemoWorld(hub.sim());

    const response = await hub.invoke(hub.cfn.createEvent({ VpcId: world.vpcId, SubnetIds: world.appSubnetIds }));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(hub.assumeRoleCalls()).toEqual([]);
  });
});
