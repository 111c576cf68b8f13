import { buildDemoWorld } from '../support/ec2-sim';
import { buildAccountVpc, EXTERNAL_ID, HUB_ACCOUNT, ownedAs, SPOKE_ACCOUNT, SPOKE_ROLE_NAME, startHub, type Hub } from './hub';

const inSpoke = { accountId: SPOKE_ACCOUNT } as const;
const inHub = { accountId: HUB_ACCOUNT } as const;
const UNKNOWN_GUID = '00000000-0000-4000-a000-000000000000';

describe('the stack check of a hub, in the stack’s own account', () => {
  let hub: Hub;
  let spoke: Awaited<ReturnType<typeof buildAccountVpc>>;
  beforeEach(async () => {
    hub = await startHub();
    spoke = await buildAccountVpc(hub.sim(), SPOKE_ACCOUNT);
    hub.sim().resetCallLog();
  });
  afterEach(() => hub.close());

  const properties = () => ({ VpcId: spoke.vpcId, SubnetIds: spoke.appSubnetIds });

  it('asks the spoke account’s CloudFormation, through the spoke role, for a spoke stack', async () => {
    const response = await hub.invoke(hub.cfn.createEvent(properties(), inSpoke));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(hub.cfn.stacks.calls.map((call) => `${call.action} as ${call.accountId}`)).toEqual([
      `DescribeStacks as ${SPOKE_ACCOUNT}`,
      `DescribeStackResource as ${SPOKE_ACCOUNT}`,
    ]);
    expect(hub.assumeRoleCalls()).toHaveLength(1);
  });

  it('answers FAILED to a Create naming a spoke stack that does not exist, with zero EC2 calls in the spoke', async () => {
    const real = hub.cfn.createEvent(properties(), inSpoke);
    const forged = hub.cfn.forgedEvent(real, { StackId: real.StackId.replace(/[^/]+$/, UNKNOWN_GUID) });

    const response = await hub.invoke(forged);

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain('does not exist');
    expect(hub.sim().calls).toEqual([]);
  });

  it('answers FAILED to an event naming the spoke account for a stack that is in progress in the hub’s account only', async () => {
    const hubStackEvent = hub.cfn.createEvent(properties(), { ...inHub, stackName: 'platform' });
    const forged = hub.cfn.forgedEvent(hubStackEvent, { StackId: hubStackEvent.StackId.replace(`:${HUB_ACCOUNT}:`, `:${SPOKE_ACCOUNT}:`) });

    const response = await hub.invoke(forged);

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain('stack platform does not exist in its account and region');
    // DescribeStacks and DescribeStackResource, asked side by side: both in the spoke's account, none in the hub's.
    expect(hub.cfn.stacks.calls.map((call) => call.accountId)).toEqual([SPOKE_ACCOUNT, SPOKE_ACCOUNT]);
    expect(hub.sim().calls).toEqual([]);
  });

  it('answers SUCCESS to a forged Delete of a spoke stack’s real work once the stack is complete, deleting nothing', async () => {
    const create = hub.cfn.createEvent(properties(), inSpoke);
    const physicalId = (await hub.invoke(create))?.body?.PhysicalResourceId as string;
    hub.cfn.stacks.setStatus(create.StackId, 'CREATE_COMPLETE');
    hub.sim().resetCallLog();

    const response = await hub.invoke(hub.cfn.forgedEvent(create, { RequestType: 'Delete', PhysicalResourceId: physicalId }));

    expect(response?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
    expect(hub.sim().writes()).toEqual([]);
    expect((await ownedAs(hub.sim(), SPOKE_ACCOUNT, physicalId)).endpoints).toHaveLength(4);
  });
});

describe('a hub whose template turns the check off for its own account (VerifyOwnAccountStacks false)', () => {
  let hub: Hub;
  beforeEach(async () => {
    hub = await startHub({ spokeRoleName: SPOKE_ROLE_NAME, externalId: EXTERNAL_ID, verifyOwnAccountStacks: false });
  });
  afterEach(() => hub.close());

  it('acts on an own-account event without asking CloudFormation', async () => {
    const world = await buildDemoWorld(hub.sim());
    const real = hub.cfn.createEvent({ VpcId: world.vpcId, SubnetIds: world.appSubnetIds }, inHub);
    const unplayed = hub.cfn.forgedEvent(real, { StackId: real.StackId.replace(/[^/]+$/, UNKNOWN_GUID) });

    const response = await hub.invoke(unplayed);

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(hub.cfn.stacks.calls).toEqual([]);
  });

  it('still checks a spoke stack', async () => {
    const spoke = await buildAccountVpc(hub.sim(), SPOKE_ACCOUNT);
    const real = hub.cfn.createEvent({ VpcId: spoke.vpcId, SubnetIds: spoke.appSubnetIds }, inSpoke);
    hub.sim().resetCallLog();

    const response = await hub.invoke(hub.cfn.forgedEvent(real, { StackId: real.StackId.replace(/[^/]+$/, UNKNOWN_GUID) }));

    expect(response?.body?.Status).toBe('FAILED');
    // DescribeStacks and DescribeStackResource, asked side by side: both in the spoke's account, none in the hub's.
    expect(hub.cfn.stacks.calls.map((call) => call.accountId)).toEqual([SPOKE_ACCOUNT, SPOKE_ACCOUNT]);
    expect(hub.sim().calls).toEqual([]);
  });
});
