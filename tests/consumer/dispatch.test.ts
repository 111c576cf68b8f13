/**
 * The consumer resource type on the shared lifecycle: a consumer event never reaches the endpoints pipeline, its
 * properties are read before anything, and the stack check comes before its first AWS call.
 */
import { ownedBy, startScenario, type Scenario } from '../support/scenario';

const CONSUMER = { resourceType: 'Custom::VpcEndpointConsumer', logicalResourceId: 'Consumer' };
const HUB_ID = 'arn:aws:ec2:us-east-1:111122223333:vpc/vpc-0f0e0d0c0b0a09080';

describe('a Custom::VpcEndpointConsumer event', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  it('Create naming a stack CloudFormation does not know: FAILED by the stack check, with no EC2 or Route 53 call', async () => {
    const create = scenario.cfn.createEvent({ VpcId: scenario.world.vpcId, HubId: HUB_ID }, CONSUMER);
    const forged = scenario.cfn.forgedEvent(create, { StackId: create.StackId.replace(/\/[^/]+$/, '/00000000-0000-4000-a000-000000000000') });

    const response = await scenario.invoke(forged);

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain('does not exist');
    expect(scenario.sim.calls).toEqual([]);
    expect(scenario.serviceCalls).toEqual([]);
  });

  it('Create naming a hub that does not exist: FAILED before any write, naming the HubId', async () => {
    const create = scenario.cfn.createEvent({ VpcId: scenario.world.vpcId, HubId: HUB_ID }, CONSUMER);

    const response = await scenario.invoke(create);

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain(`No hub found for HubId ${HUB_ID}`);
    expect(scenario.sim.calls.filter((call) => !/^(Describe|Get|List)/.test(call.action))).toEqual([]);
  });

  it('Create with the endpoints resource’s properties: FAILED naming them, and no endpoint is made', async () => {
    const create = scenario.cfn.createEvent(scenario.properties(), CONSUMER);

    const response = await scenario.invoke(create);

    expect(response?.body).toMatchObject({
      Status: 'FAILED',
      Reason:
        'Invalid properties: 2 problems: (1) SubnetIds is a property of Custom::VpcEndpoints, not of Custom::VpcEndpointConsumer; ' +
        'a consumer uses the hub’s endpoints and takes no such setting. (2) HubId is required: the hub\'s ID, as the hub resource\'s HubId output gives it; got nothing.',
    });
    expect(scenario.sim.calls).toEqual([]);
  });

  it('Create naming a hub of another Region than the stack’s: FAILED naming both Regions', async () => {
    const otherRegionHub = 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0f0e0d0c0b0a09080';

    const response = await scenario.invoke(scenario.cfn.createEvent({ VpcId: scenario.world.vpcId, HubId: otherRegionHub }, CONSUMER));

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain(`names a hub in aws eu-west-1, and this stack is in aws us-east-1`);
    expect(scenario.sim.calls).toEqual([]);
  });

  it('Delete of the ID of endpoints made under the same logical ID: SUCCESS with nothing to do, and no call', async () => {
    const endpointsCreate = scenario.cfn.createEvent(scenario.properties(), { logicalResourceId: CONSUMER.logicalResourceId });
    const endpointsId = (await scenario.invoke(endpointsCreate))?.body?.PhysicalResourceId as string;
    const before = await ownedBy(scenario.sim, endpointsId);
    scenario.sim.resetCallLog();

    const response = await scenario.invoke(scenario.cfn.deleteEvent(endpointsId, { VpcId: scenario.world.vpcId, HubId: HUB_ID }, CONSUMER));

    expect(response?.body).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: endpointsId,
      Reason: 'Nothing to delete: this provider did not issue that physical ID for this stack, logical ID, VPC and hub.',
    });
    expect(scenario.sim.calls).toEqual([]);
    expect(await ownedBy(scenario.sim, endpointsId)).toEqual(before);
    expect(before.endpoints).toHaveLength(4);
  });
});

describe('other resource types on the same ServiceToken', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  it('answer HubId as a property of the consumer type, with no AWS call', async () => {
    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ HubId: HUB_ID })));

    expect(response?.body).toMatchObject({
      Status: 'FAILED',
      Reason:
        "Invalid properties: HubId is a property of Custom::VpcEndpointConsumer, not of this resource type; to consume a hub, set the resource's Type to Custom::VpcEndpointConsumer.",
    });
    expect(scenario.sim.calls).toEqual([]);
  });

  it('keep today’s behaviour under a type name that only resembles the consumer’s', async () => {
    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties(), { resourceType: 'Custom::VpcEndpointconsumer' }));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect((await ownedBy(scenario.sim, response?.body?.PhysicalResourceId as string)).endpoints).toHaveLength(4);
  });
});
