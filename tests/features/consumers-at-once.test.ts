/**
 * Many consumers (Custom::VpcEndpointConsumer) of one hub arriving at once, each its own invocation with its own
 * client-side pacing, as separate Lambda invocations are: they collide on the hub account's Route 53 buckets (every
 * consumer's authorisations and hub reads are made there) and EC2 buckets. All must converge, and their Deletes,
 * arriving at once too, must leave nothing behind. How long it takes is bench/consumers.ts's business, not this file's.
 */
import { DescribeSecurityGroupRulesCommand } from '@aws-sdk/client-ec2';
import { ListVPCAssociationAuthorizationsCommand } from '@aws-sdk/client-route-53';
import type { CustomResourceEvent } from '../../lib/protocol/event';
import type { Route53ThrottlingMode } from '../support/ec2-sim/route53/settings';
import { startScenario, type Scenario } from '../support/scenario';
import { WorldBuilder } from '../support/ec2-sim/world';

const ACCOUNTS = ['222200000001', '222200000002', '222200000003', '222200000004', '222200000005'];
const CONSUMERS = 12;
const LOGS = 'logs.us-east-1.amazonaws.com';
const DKR = 'x.dkr.ecr.us-east-1.amazonaws.com';
const CONSUMER = { resourceType: 'Custom::VpcEndpointConsumer', logicalResourceId: 'Consumer' };

describe('consumers arriving at once', () => {
  let scenario: Scenario;
  let spokes: { vpcId: string; accountId: string; stackName: string }[];
  beforeEach(async () => {
    scenario = await startScenario();
    const builder = new WorldBuilder(scenario.sim);
    for (let index = 0; index < CONSUMERS; index += 1) {
      builder.vpc(`spoke-${index}`, { cidr: `10.${100 + index}.0.0/16`, owner: ACCOUNTS[index % ACCOUNTS.length], dnsSupport: true, dnsHostnames: true });
    }
    const world = await builder.build();
    spokes = Array.from({ length: CONSUMERS }, (_, index) => ({
      vpcId: world.id(`spoke-${index}`),
      accountId: ACCOUNTS[index % ACCOUNTS.length] as string,
      stackName: `spoke-${index}`,
    }));
    scenario.sim.route53Settings.authorizationPropagationMs = 5_000;
  });
  afterEach(() => scenario.close());

  async function createHub(): Promise<{ hubId: string; groupId: string; zoneIds: string[] }> {
    const properties = scenario.properties({ DnsMode: 'HostedZones', InterfaceServices: ['ecr.dkr', 'logs'], GatewayServices: [], AllowedConsumers: ACCOUNTS.join(',') });
    const response = await scenario.invoke(scenario.cfn.createEvent(properties));
    expect(response?.body?.Status).toBe('SUCCESS');
    const data = response?.body?.Data as Record<string, string>;
    const zoneIds = Object.entries(data).filter(([key]) => key.startsWith('HostedZoneId.')).map(([, value]) => value);
    return { hubId: data['HubId'] as string, groupId: data['SecurityGroupId'] as string, zoneIds };
  }

  async function hubHttpsCidrs(groupId: string): Promise<string[]> {
    const output = await scenario.sim.client().send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }));
    return (output.SecurityGroupRules ?? [])
      .filter((rule) => rule.IsEgress === false && rule.FromPort === 443 && rule.Tags?.some((tag) => tag.Key === 'vpce-provisioner:consumer-vpc'))
      .map((rule) => rule.CidrIpv4 ?? '')
      .sort();
  }

  async function pendingAuthorisations(zoneIds: readonly string[]): Promise<number> {
    let pending = 0;
    for (const zoneId of zoneIds) pending += ((await scenario.sim.route53Client().send(new ListVPCAssociationAuthorizationsCommand({ HostedZoneId: zoneId }))).VPCs ?? []).length;
    return pending;
  }

  const addressesFrom = (vpcId: string, name: string) => scenario.sim.admin.resolve(vpcId, name)?.addresses;

  /** Throttling on for the provider's calls only: the test's own reads afterwards are not paced. */
  async function throttled<T>(mode: Route53ThrottlingMode, work: () => Promise<T>): Promise<T> {
    scenario.sim.faults.throttling = true;
    scenario.sim.route53Settings.throttling = mode;
    try {
      return await work();
    } finally {
      scenario.sim.faults.throttling = false;
      scenario.sim.route53Settings.throttling = 'off';
    }
  }

  it.each(['token-buckets', 'five-per-second'] as const)(
    '%s: 12 consumers created at once all converge, and deleted at once leave nothing behind',
    async (mode) => {
      // Prepare
      const hub = await createHub();
      const creates = spokes.map((spoke) => scenario.cfn.createEvent({ VpcId: spoke.vpcId, HubId: hub.hubId }, { ...CONSUMER, accountId: spoke.accountId, stackName: spoke.stackName }));

      // Act
      const created = await throttled(mode, () => Promise.all(creates.map((event) => scenario.invoke(event))));
      const resolvingAfterCreate = spokes.filter((spoke) => addressesFrom(spoke.vpcId, LOGS) !== undefined && addressesFrom(spoke.vpcId, DKR) !== undefined).length;
      const cidrsAfterCreate = await hubHttpsCidrs(hub.groupId);
      const authorisationsAfterCreate = await pendingAuthorisations(hub.zoneIds);
      const deletes = creates.map((event, index) =>
        scenario.cfn.deleteEvent(created[index]?.body?.PhysicalResourceId ?? '', event.ResourceProperties, {
          ...CONSUMER,
          accountId: spokes[index]?.accountId,
          stackName: spokes[index]?.stackName,
        }),
      );
      const deleted = await throttled(mode, () => Promise.all(deletes.map((event) => scenario.invoke(event))));

      // Assess
      expect(created.map((response) => response?.body?.Status)).toStrictEqual(Array(12).fill('SUCCESS'));
      expect(resolvingAfterCreate).toBe(12);
      expect(cidrsAfterCreate).toStrictEqual([
        '10.100.0.0/16', '10.101.0.0/16', '10.102.0.0/16', '10.103.0.0/16', '10.104.0.0/16', '10.105.0.0/16',
        '10.106.0.0/16', '10.107.0.0/16', '10.108.0.0/16', '10.109.0.0/16', '10.110.0.0/16', '10.111.0.0/16',
      ]);
      expect(authorisationsAfterCreate).toBe(0);
      expect(deleted.map((response) => response?.body?.Status)).toStrictEqual(Array(12).fill('SUCCESS'));
      expect(spokes.filter((spoke) => addressesFrom(spoke.vpcId, LOGS) !== undefined || addressesFrom(spoke.vpcId, DKR) !== undefined)).toStrictEqual([]);
      expect(await hubHttpsCidrs(hub.groupId)).toStrictEqual([]);
      expect(await pendingAuthorisations(hub.zoneIds)).toBe(0);
      expect(scenario.continuations).toStrictEqual([]);
    },
  );

  it('with a short function timeout, consumers created at once hand over to fresh invocations and all converge', async () => {
    // Prepare: 30 s per invocation, less than a consumer needs when 12 share the hub account's Route 53 at 5 a second.
    const hub = await createHub();
    const creates = spokes.map((spoke) => scenario.cfn.createEvent({ VpcId: spoke.vpcId, HubId: hub.hubId }, { ...CONSUMER, accountId: spoke.accountId, stackName: spoke.stackName }));
    const invokeAll = async (events: readonly CustomResourceEvent[]) => {
      let handedOver = 0;
      let next = [...events];
      while (next.length > 0) {
        await Promise.all(next.map((event) => scenario.invoke(event, { timeoutMs: 30_000 })));
        next = scenario.continuations.splice(0);
        handedOver += next.length;
      }
      return handedOver;
    };

    // Act
    const handedOver = await throttled('five-per-second', () => invokeAll(creates));

    // Assess
    expect(handedOver).toBeGreaterThan(0);
    expect(creates.map((event) => scenario.cfn.responseFor(event)?.body?.Status)).toStrictEqual(Array(12).fill('SUCCESS'));
    expect(spokes.filter((spoke) => addressesFrom(spoke.vpcId, LOGS) === undefined || addressesFrom(spoke.vpcId, DKR) === undefined)).toStrictEqual([]);
    expect((await hubHttpsCidrs(hub.groupId)).length).toBe(12);
    expect(await pendingAuthorisations(hub.zoneIds)).toBe(0);
  });
});
