/**
 * The preview of a hub (DnsMode "HostedZones"): the zones and alias records it would create, keep or remove, the
 * endpoints with private DNS off, who may consume, one change line per zone; and the Create or Update that follows
 * makes exactly those zones.
 */
import { ListHostedZonesCommand } from '@aws-sdk/client-route-53';
import { formatPreview } from '../../lib/preview/format';
import { NEW_ENDPOINT_TARGET } from '../../lib/preview/hub';
import { startScenario, type Scenario } from '../support/scenario';
import { failed, preview, succeeded } from './support';

const HUB = { DnsMode: 'HostedZones', InterfaceServices: ['ecr.dkr', 'logs'], GatewayServices: [] };

describe('the preview of a hub', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  async function zoneNames(): Promise<string[]> {
    const output = await scenario.sim.route53Client().send(new ListHostedZonesCommand({}));
    return (output.HostedZones ?? []).map((zone) => zone.Name ?? '').sort();
  }

  it('shows a Create’s zones and records, private DNS off and who may consume, and the Create makes those zones', async () => {
    const properties = scenario.properties({ ...HUB, AllowedConsumers: ['444455556666'] });

    const planned = succeeded(await preview(scenario, properties));

    expect(planned.interfaceEndpoints.map((endpoint) => [endpoint.shortName, endpoint.status, endpoint.privateDnsEnabled])).toEqual([
      ['ecr.dkr', 'new', false],
      ['logs', 'new', false],
    ]);
    expect(planned.hub?.hubId).toBe(`arn:aws:ec2:us-east-1:${scenario.sim.accountId}:vpc/${scenario.world.vpcId}`);
    expect(planned.hub?.allowedConsumers).toBe('the hub’s own account and 444455556666');
    expect(planned.hub?.allowedConsumerTags).toEqual([{ key: 'vpce-provisioner:allowed-consumers', value: '444455556666' }]);
    expect(planned.hub?.zones).toEqual([
      {
        service: 'ecr.dkr',
        zoneName: 'dkr.ecr.us-east-1.amazonaws.com',
        status: 'new',
        records: [
          { name: 'dkr.ecr.us-east-1.amazonaws.com', type: 'A', target: NEW_ENDPOINT_TARGET, change: 'create' },
          { name: '*.dkr.ecr.us-east-1.amazonaws.com', type: 'A', target: NEW_ENDPOINT_TARGET, change: 'create' },
        ],
      },
      { service: 'logs', zoneName: 'logs.us-east-1.amazonaws.com', status: 'new', records: [{ name: 'logs.us-east-1.amazonaws.com', type: 'A', target: NEW_ENDPOINT_TARGET, change: 'create' }] },
    ]);
    expect(planned.hub?.hostedZones).toEqual({ current: 0, planned: 2 });
    const zoneChanges = planned.changes.filter((change) => change.resource === 'hosted zone');
    expect(zoneChanges.map((change) => [change.marker, change.concerns, change.id])).toEqual([
      ['+', 'ecr.dkr', null],
      ['+', 'logs', null],
    ]);
    expect(planned.changes.at(-1)?.resource).toBe('hosted zone');
    // 3 subnets, the group, 2 endpoints, 2 zones.
    expect(planned.counts).toEqual({ add: 8, change: 0, destroy: 0 });

    const response = await scenario.invoke(scenario.cfn.createEvent(properties));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(await zoneNames()).toEqual(['dkr.ecr.us-east-1.amazonaws.com.', 'logs.us-east-1.amazonaws.com.']);
  });

  it('previews an Update of a hub: a removed service’s zone goes, a new one comes, a kept one shows its aliases kept, and the Update does just that', async () => {
    const oldProperties = scenario.properties(HUB);
    const created = await scenario.invoke(scenario.cfn.createEvent(oldProperties));
    const newProperties = scenario.properties({ ...HUB, InterfaceServices: ['ecr.dkr', 'secretsmanager'] });
    scenario.sim.resetCallLog();

    const planned = succeeded(await preview(scenario, newProperties, { stackId: scenario.cfn.stackId(), oldProperties }));

    expect(scenario.sim.calls.filter((record) => record.mutating)).toEqual([]);
    const zoneId = (service: string) => created?.body?.Data?.[`HostedZoneId.${service}`];
    expect(planned.hub?.zones.map((zone) => [zone.status, zone.service, zone.zoneName, zone.zoneId])).toEqual([
      ['deleted', 'logs', 'logs.us-east-1.amazonaws.com', zoneId('logs')],
      ['kept', 'ecr.dkr', 'dkr.ecr.us-east-1.amazonaws.com', zoneId('ecr.dkr')],
      ['new', 'secretsmanager', 'secretsmanager.us-east-1.amazonaws.com', undefined],
    ]);
    const dkrEndpoint = planned.interfaceEndpoints.find((endpoint) => endpoint.shortName === 'ecr.dkr')?.endpointId as string;
    expect(planned.hub?.zones[1]?.records.map((record) => [record.change, record.name])).toEqual([
      ['keep', 'dkr.ecr.us-east-1.amazonaws.com'],
      ['keep', '*.dkr.ecr.us-east-1.amazonaws.com'],
    ]);
    expect(planned.hub?.zones[1]?.records[0]?.target).toMatch(new RegExp(`^${dkrEndpoint}-[a-z0-9]+\\.dkr\\.ecr\\.us-east-1\\.vpce\\.amazonaws\\.com$`));
    expect(planned.hub?.hostedZones).toEqual({ current: 2, planned: 2 });
    expect(planned.changes.filter((change) => change.resource === 'hosted zone').map((change) => [change.marker, change.concerns])).toEqual([
      ['-', 'logs'],
      ['+', 'secretsmanager'],
    ]);

    const update = scenario.cfn.updateEvent(created?.body?.PhysicalResourceId as string, newProperties, oldProperties);
    expect((await scenario.invoke(update))?.body?.Status).toBe('SUCCESS');
    expect(await zoneNames()).toEqual(['dkr.ecr.us-east-1.amazonaws.com.', 'secretsmanager.us-east-1.amazonaws.com.']);
  });

  it('marks a kept group with a new consumer list on the group’s one change line, beside its rule change', async () => {
    const oldProperties = scenario.properties({ ...HUB, AllowedConsumers: ['222233334444'] });
    const created = await scenario.invoke(scenario.cfn.createEvent(oldProperties));
    // One application subnet fewer: its block is revoked from the same group.
    const newProperties = scenario.properties({ ...HUB, AllowedConsumers: ['222233334444', '555566667777'], SubnetIds: scenario.world.appSubnetIds.slice(0, -1) });

    const planned = succeeded(await preview(scenario, newProperties, { stackId: scenario.cfn.stackId(), oldProperties }));

    const groupLines = planned.changes.filter((change) => change.resource === 'security group');
    expect(groupLines).toHaveLength(1);
    expect(groupLines[0]?.id).toBe(created?.body?.Data?.['SecurityGroupId']);
    expect(groupLines[0]?.detail).toMatch(/^revoke TCP 443 from [0-9./]+.*; mark as the hub: tag vpce-provisioner:allowed-consumers=222233334444 555566667777$/);
    expect(planned.counts.change).toBe(1);
    expect(planned.hub?.allowedConsumerTags).toEqual([{ key: 'vpce-provisioner:allowed-consumers', value: '222233334444 555566667777' }]);
  });

  it('shows no change for a converged hub', async () => {
    const properties = scenario.properties(HUB);
    await scenario.invoke(scenario.cfn.createEvent(properties));

    const planned = succeeded(await preview(scenario, properties, { stackId: scenario.cfn.stackId(), oldProperties: properties }));

    expect(planned.changes).toEqual([]);
    expect(planned.hub?.zones.map((zone) => zone.status)).toEqual(['kept', 'kept']);
  });

  it('would fail, before any write, for a service whose zone cannot be named (no private DNS name)', async () => {
    const properties = scenario.properties({ ...HUB, InterfaceServices: ['logs', 'dynamodb'] });

    const planned = failed(await preview(scenario, properties));
    const response = await scenario.invoke(scenario.cfn.createEvent(properties));

    expect(planned.failedAt).toBe('preconditions');
    expect(planned.problems.join('\n')).toContain('DnsMode "HostedZones" needs a private DNS name for every interface service');
    expect(planned.problems.join('\n')).toContain('"dynamodb"');
    expect(response?.body?.Status).toBe('FAILED');
    expect(planned.reason).toBe(response?.body?.Reason);
  });

  it('prints the hub, each zone with its aliases, private DNS off, and a change line per zone naming its service', async () => {
    const planned = succeeded(await preview(scenario, scenario.properties(HUB)));

    const text = formatPreview(planned);

    expect(text).toContain(`Hub arn:aws:ec2:us-east-1:${scenario.sim.accountId}:vpc/${scenario.world.vpcId} (DnsMode HostedZones`);
    expect(text).toContain('  consumers allowed: the hub’s own account only\n');
    expect(text).toContain(`  + dkr.ecr.us-east-1.amazonaws.com  ecr.dkr  new zone\n      + A dkr.ecr.us-east-1.amazonaws.com -> ${NEW_ENDPOINT_TARGET}\n      + A *.dkr.ecr.us-east-1.amazonaws.com -> ${NEW_ENDPOINT_TARGET}\n`);
    expect(text).toMatch(/logs +new +com\.amazonaws\.us-east-1\.logs +in [^\n]+ +private DNS off\n/);
    expect(text).toMatch(/\n {2}\+ +hosted zone logs +private zone logs\.us-east-1\.amazonaws\.com, associated with the hub VPC; aliases A logs\.us-east-1\.amazonaws\.com -> /);
    expect(text.trimEnd().split('\n').at(-1)).toBe('Plan: 8 to add, 0 to change, 0 to destroy.');
  });
});
