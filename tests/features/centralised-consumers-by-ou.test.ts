/**
 * A hub admitting consumers by OU (AllowedConsumers with OU IDs): the provider walks a consumer account's parents with
 * AWS Organizations' ListParents from its own account, through the CloudFormation driver and the simulator (its
 * Organizations piece holding the organisation tree).
 */
import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { SimOrganization } from '../support/ec2-sim/organizations';
import { WorldBuilder } from '../support/ec2-sim/world';
import { startScenario, type Scenario } from '../support/scenario';

const MANAGEMENT = '999988887777';
const ACCOUNT_IN_OU = '222233334444';
const ACCOUNT_ELSEWHERE = '555566667777';
const ROOT = 'r-a1b2';
const WORKLOADS = 'ou-a1b2-workload1';
const PROD = 'ou-a1b2-prod0001';
const SANDBOX = 'ou-a1b2-sandbox1';
const LOGS = 'logs.us-east-1.amazonaws.com';
const CONSUMER = { resourceType: 'Custom::VpcEndpointConsumer', logicalResourceId: 'Consumer' };

describe('centralised endpoints: consumers admitted by OU', () => {
  let scenario: Scenario;
  let spokes: { inOu: string; elsewhere: string };
  beforeEach(async () => {
    scenario = await startScenario();
    const world = await new WorldBuilder(scenario.sim)
      .vpc('spoke-in-ou', { cidr: '10.60.0.0/16', owner: ACCOUNT_IN_OU, dnsSupport: true, dnsHostnames: true })
      .vpc('spoke-elsewhere', { cidr: '10.70.0.0/16', owner: ACCOUNT_ELSEWHERE, dnsSupport: true, dnsHostnames: true })
      .build();
    spokes = { inOu: world.id('spoke-in-ou'), elsewhere: world.id('spoke-elsewhere') };
    // The provider's account is a delegated administrator; the consumers sit two OUs deep, or in a sandbox OU.
    scenario.sim.organization = new SimOrganization({ managementAccountId: MANAGEMENT, rootId: ROOT })
      .addOrganizationalUnit(WORKLOADS, ROOT)
      .addOrganizationalUnit(PROD, WORKLOADS)
      .addOrganizationalUnit(SANDBOX, ROOT)
      .addAccount(scenario.sim.accountId)
      .addAccount(ACCOUNT_IN_OU, PROD)
      .addAccount(ACCOUNT_ELSEWHERE, SANDBOX)
      .delegate(scenario.sim.accountId);
    scenario.sim.resetCallLog();
  });
  afterEach(() => scenario.close());

  async function createHub(allowed: string): Promise<{ hubId: string; groupId: string }> {
    const properties = scenario.properties({ DnsMode: 'HostedZones', InterfaceServices: ['logs'], GatewayServices: [], AllowedConsumers: allowed });
    const response = await scenario.invoke(scenario.cfn.createEvent(properties));
    expect(response?.body?.Status).toBe('SUCCESS');
    const data = response?.body?.Data as Record<string, string>;
    return { hubId: data['HubId'] as string, groupId: data['SecurityGroupId'] as string };
  }

  const consumerEvent = (accountId: string, vpcId: string, hubId: string) =>
    scenario.cfn.createEvent({ VpcId: vpcId, HubId: hubId }, { ...CONSUMER, accountId, stackName: `spoke-${accountId}` });
  const addressesFrom = (vpcId: string, name: string) => scenario.sim.admin.resolve(vpcId, name)?.addresses;
  const organizationCalls = () => scenario.sim.calls.filter((call) => call.action === 'ListParents').map((call) => [call.accountId, call.input['ChildId']]);

  it('writes the OUs on the hub’s group beside the accounts, under their own tag', async () => {
    const hub = await createHub(`${ACCOUNT_ELSEWHERE}, ${WORKLOADS}`);

    const group = (await scenario.sim.client().send(new DescribeSecurityGroupsCommand({ GroupIds: [hub.groupId] }))).SecurityGroups?.[0];
    const tags = Object.fromEntries((group?.Tags ?? []).map((tag) => [tag.Key, tag.Value]));

    expect(tags['vpce-provisioner:allowed-consumers']).toBe(ACCOUNT_ELSEWHERE);
    expect(tags['vpce-provisioner:allowed-consumers-ous']).toBe(WORKLOADS);
  });

  it('removes the OU tag when an Update of the hub lists accounts only', async () => {
    const created = scenario.properties({ DnsMode: 'HostedZones', InterfaceServices: ['logs'], GatewayServices: [], AllowedConsumers: WORKLOADS });
    const response = await scenario.invoke(scenario.cfn.createEvent(created));
    const groupId = (response?.body?.Data as Record<string, string>)['SecurityGroupId'] as string;
    const updated = { ...created, AllowedConsumers: ACCOUNT_ELSEWHERE };

    const update = await scenario.invoke(scenario.cfn.updateEvent(response?.body?.PhysicalResourceId as string, updated, created));

    const group = (await scenario.sim.client().send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups?.[0];
    const keys = (group?.Tags ?? []).map((tag) => `${tag.Key}=${tag.Value}`).filter((tag) => tag.startsWith('vpce-provisioner:allowed'));
    expect(update?.body?.Status).toBe('SUCCESS');
    expect(keys).toStrictEqual([`vpce-provisioner:allowed-consumers=${ACCOUNT_ELSEWHERE}`]);
  });

  it('admits an account two OUs below a listed OU, asking Organizations from the provider’s account only', async () => {
    const hub = await createHub(WORKLOADS);

    const response = await scenario.invoke(consumerEvent(ACCOUNT_IN_OU, spokes.inOu, hub.hubId));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(addressesFrom(spokes.inOu, LOGS)).toStrictEqual(addressesFrom(scenario.world.vpcId, LOGS));
    expect(organizationCalls()).toStrictEqual([
      [scenario.sim.accountId, ACCOUNT_IN_OU],
      [scenario.sim.accountId, PROD],
      [scenario.sim.accountId, WORKLOADS],
    ]);
  });

  it('refuses an account in another OU, naming its parents, with zero writes', async () => {
    const hub = await createHub(WORKLOADS);
    scenario.sim.resetCallLog();

    const response = await scenario.invoke(consumerEvent(ACCOUNT_ELSEWHERE, spokes.elsewhere, hub.hubId));

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain(`Account ${ACCOUNT_ELSEWHERE} may not consume the hub ${hub.hubId}: it is not listed, and none of its parents (${SANDBOX} < ${ROOT}) is among the OUs the hub admits (${WORKLOADS})`);
    expect(scenario.sim.writes()).toStrictEqual([]);
  });

  it('refuses, naming the delegation the provider’s account needs, when the organisation does not delegate to it', async () => {
    const hub = await createHub(WORKLOADS);
    scenario.sim.organization = new SimOrganization({ managementAccountId: MANAGEMENT, rootId: ROOT })
      .addOrganizationalUnit(WORKLOADS, ROOT)
      .addAccount(scenario.sim.accountId)
      .addAccount(ACCOUNT_IN_OU, WORKLOADS);
    scenario.sim.resetCallLog();

    const response = await scenario.invoke(consumerEvent(ACCOUNT_IN_OU, spokes.inOu, hub.hubId));

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain(
      `The organisation's management account must delegate organizations:ListParents to account ${scenario.sim.accountId}`,
    );
    expect(scenario.sim.writes()).toStrictEqual([]);
  });

  it('retries a throttled ListParents and admits the consumer', async () => {
    const hub = await createHub(WORKLOADS);
    (scenario.sim.organization as SimOrganization).settings.throttleNextCalls = 2;

    const response = await scenario.invoke(consumerEvent(ACCOUNT_IN_OU, spokes.inOu, hub.hubId));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(scenario.sim.calls.filter((call) => call.action === 'ListParents').map((call) => call.outcome)).toStrictEqual([
      'TooManyRequestsException',
      'TooManyRequestsException',
      'ok',
      'ok',
      'ok',
    ]);
  });
});
