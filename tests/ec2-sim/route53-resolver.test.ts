/**
 * `sim.admin.resolve(vpcId, name)`: what the Amazon DNS server of a VPC answers, from the private hosted zones associated
 * with it and the private DNS of its own endpoints.
 */
import { Ec2Simulator, WorldBuilder } from '../support/ec2-sim';
import type { VirtualClock } from '../support/ec2-sim/clock';

const HUB_ACCOUNT = '123456789012';
const SPOKE_ACCOUNT = '210987654321';
const VPCE_ZONE = 'Z7HUB22UULQXV';

/** A hub with available ECR API and ECR DKR endpoints (private DNS off) in two subnets, and a spoke in another account. */
async function centralised() {
  const sim = new Ec2Simulator({ accountId: HUB_ACCOUNT });
  sim.route53Settings.priorRequestWindowMs = 0;
  const world = await new WorldBuilder(sim)
    .vpc('hub', { cidr: '10.0.0.0/16', dnsHostnames: true })
    .subnet('a', { vpc: 'hub', cidr: '10.0.1.0/24', azId: 'use1-az1' })
    .subnet('b', { vpc: 'hub', cidr: '10.0.2.0/24', azId: 'use1-az2' })
    .vpc('spoke', { cidr: '10.1.0.0/16', dnsHostnames: true, owner: SPOKE_ACCOUNT })
    .subnet('s', { vpc: 'spoke', cidr: '10.1.1.0/24', azId: 'use1-az1', owner: SPOKE_ACCOUNT })
    .build();
  const endpoint = async (service: string) => {
    const out = await sim.call('CreateVpcEndpoint', {
      VpcEndpointType: 'Interface',
      VpcId: world.id('hub'),
      ServiceName: `com.amazonaws.us-east-1.${service}`,
      SubnetIds: [world.id('a'), world.id('b')],
      PrivateDnsEnabled: false,
    });
    return out['VpcEndpoint'] as { VpcEndpointId: string; DnsEntries: { DnsName: string }[] };
  };
  const api = await endpoint('ecr.api');
  const dkr = await endpoint('ecr.dkr');
  (sim.clock as VirtualClock).advance(60_000);
  const zone = async (name: string, records: { name: string; target: string }[]) => {
    const created = await sim.route53Call('CreateHostedZone', { Name: name, CallerReference: name, VPC: { VPCId: world.id('hub'), VPCRegion: 'us-east-1' } });
    const zoneId = ((created['HostedZone'] as { Id: string }).Id).replace('/hostedzone/', '');
    await sim.route53Call('ChangeResourceRecordSets', {
      HostedZoneId: zoneId,
      ChangeBatch: {
        Changes: records.map((record) => ({
          Action: 'CREATE',
          ResourceRecordSet: { Name: record.name, Type: 'A', AliasTarget: { HostedZoneId: VPCE_ZONE, DNSName: record.target, EvaluateTargetHealth: false } },
        })),
      },
    });
    return zoneId;
  };
  const regional = (e: { DnsEntries: { DnsName: string }[] }) => (e.DnsEntries[0] as { DnsName: string }).DnsName;
  const apiZone = await zone('api.ecr.us-east-1.amazonaws.com', [{ name: 'api.ecr.us-east-1.amazonaws.com', target: regional(api) }]);
  const dkrZone = await zone('dkr.ecr.us-east-1.amazonaws.com', [{ name: '*.dkr.ecr.us-east-1.amazonaws.com', target: regional(dkr) }]);
  const addressesOf = (endpointId: string) =>
    [...sim.state.networkInterfaces.values()].filter((eni) => eni.endpointId === endpointId).map((eni) => eni.privateIp);
  const associate = async (zoneId: string) => {
    await sim.route53Call('CreateVPCAssociationAuthorization', { HostedZoneId: zoneId, VPC: { VPCId: world.id('spoke'), VPCRegion: 'us-east-1' } });
    await sim.route53Call('AssociateVPCWithHostedZone', { HostedZoneId: zoneId, VPC: { VPCId: world.id('spoke'), VPCRegion: 'us-east-1' } }, { accountId: SPOKE_ACCOUNT });
  };
  return { sim, world, api, dkr, apiZone, dkrZone, addressesOf, associate, spoke: world.id('spoke'), hub: world.id('hub') };
}

describe('sim.admin.resolve: name lookups in a VPC', () => {
  it('answers a spoke associated with the hub’s zone with the hub endpoint’s private addresses, through the alias', async () => {
    const w = await centralised();
    await w.associate(w.apiZone);

    const answer = w.sim.admin.resolve(w.spoke, 'api.ecr.us-east-1.amazonaws.com');

    expect(answer).toEqual({ name: 'api.ecr.us-east-1.amazonaws.com.', addresses: w.addressesOf(w.api.VpcEndpointId), answeredBy: { hostedZoneId: w.apiZone }, endpointId: w.api.VpcEndpointId });
    expect(answer?.addresses).toHaveLength(2);
    expect(answer?.addresses.every((address) => address.startsWith('10.0.'))).toBe(true);
  });

  it('answers names under a wildcard record, and nothing for the zone’s apex that has no record (NXDOMAIN, no fallback)', async () => {
    const w = await centralised();
    await w.associate(w.dkrZone);

    expect(w.sim.admin.resolve(w.spoke, '123456789012.dkr.ecr.us-east-1.amazonaws.com')?.endpointId).toBe(w.dkr.VpcEndpointId);
    expect(w.sim.admin.resolve(w.spoke, 'dkr.ecr.us-east-1.amazonaws.com')).toBeUndefined();
  });

  it('answers nothing in a VPC not associated with the zone, for a name no zone holds, or with the VPC’s DNS hostnames off', async () => {
    const w = await centralised();

    expect(w.sim.admin.resolve(w.spoke, 'api.ecr.us-east-1.amazonaws.com')).toBeUndefined();
    expect(w.sim.admin.resolve(w.hub, 'sts.us-east-1.amazonaws.com')).toBeUndefined();
    await w.associate(w.apiZone);
    await w.sim.call('ModifyVpcAttribute', { VpcId: w.spoke, EnableDnsHostnames: { Value: false } }, { accountId: SPOKE_ACCOUNT });
    expect(w.sim.admin.resolve(w.spoke, 'api.ecr.us-east-1.amazonaws.com')).toBeUndefined();
  });

  it('answers the private DNS name of the VPC’s own endpoint with that endpoint’s addresses, once it is available', async () => {
    const w = await centralised();
    const own = await w.sim.call(
      'CreateVpcEndpoint',
      { VpcEndpointType: 'Interface', VpcId: w.spoke, ServiceName: 'com.amazonaws.us-east-1.sts', SubnetIds: [w.world.id('s')], PrivateDnsEnabled: true },
      { accountId: SPOKE_ACCOUNT },
    );
    const ownId = (own['VpcEndpoint'] as { VpcEndpointId: string }).VpcEndpointId;

    const whilePending = w.sim.admin.resolve(w.spoke, 'sts.us-east-1.amazonaws.com');
    (w.sim.clock as VirtualClock).advance(60_000);
    const answer = w.sim.admin.resolve(w.spoke, 'STS.us-east-1.amazonaws.com');

    expect(whilePending).toBeUndefined();
    expect(answer).toMatchObject({ answeredBy: { privateDnsOf: ownId }, endpointId: ownId });
    expect(answer?.addresses.every((address) => address.startsWith('10.1.1.'))).toBe(true);
  });

  it('answers an endpoint’s regional DNS name anywhere, and its zonal name with that zone’s address only', async () => {
    const w = await centralised();
    const [regional, zonalA] = w.api.DnsEntries.map((entry) => entry.DnsName);

    expect(w.sim.admin.resolve(w.spoke, regional as string)?.addresses).toHaveLength(2);
    expect(w.sim.admin.resolve(w.spoke, zonalA as string)?.addresses).toEqual([w.addressesOf(w.api.VpcEndpointId)[0]]);
  });

  it('lets the most specific zone answer', async () => {
    const w = await centralised();
    await w.associate(w.apiZone);
    const broad = await w.sim.route53Call('CreateHostedZone', { Name: 'us-east-1.amazonaws.com', CallerReference: 'broad', VPC: { VPCId: w.spoke, VPCRegion: 'us-east-1' } }, { accountId: SPOKE_ACCOUNT });
    const broadId = ((broad['HostedZone'] as { Id: string }).Id).replace('/hostedzone/', '');
    await w.sim.route53Call(
      'ChangeResourceRecordSets',
      { HostedZoneId: broadId, ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: '*.us-east-1.amazonaws.com', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }] } }] } },
      { accountId: SPOKE_ACCOUNT },
    );

    expect(w.sim.admin.resolve(w.spoke, 'api.ecr.us-east-1.amazonaws.com')?.answeredBy).toEqual({ hostedZoneId: w.apiZone });
    expect(w.sim.admin.resolve(w.spoke, 'sts.us-east-1.amazonaws.com')).toEqual({ name: 'sts.us-east-1.amazonaws.com.', addresses: ['192.0.2.1'], answeredBy: { hostedZoneId: broadId } });
  });
});
