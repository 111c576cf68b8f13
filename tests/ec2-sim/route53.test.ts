import { ListHostedZonesByVPCCommand } from '@aws-sdk/client-route-53';
import { basicWorld, expectCode, interfaceInput, svc } from './fixtures';

const CENTRAL_ACCOUNT = '444455556666';

describe('Route 53 private hosted zones associated with a VPC', () => {
  it('ListHostedZonesByVPC lists the zones associated with the VPC in that region, whichever account owns them', async () => {
    const world = await basicWorld();
    const dkr = world.sim.admin.createPrivateHostedZone({ name: 'dkr.ecr.us-east-1.amazonaws.com', vpcIds: [world.vpcId], ownerAccountId: CENTRAL_ACCOUNT });
    world.sim.admin.createPrivateHostedZone({ name: 'internal.example.com', vpcIds: ['vpc-0000000000000000a'] });

    const out = await world.sim.route53Client().send(new ListHostedZonesByVPCCommand({ VPCId: world.vpcId, VPCRegion: 'us-east-1' }));
    const elsewhere = await world.sim.route53Call('ListHostedZonesByVPC', { VPCId: world.vpcId, VPCRegion: 'eu-west-1' });

    expect(out.HostedZoneSummaries).toEqual([{ HostedZoneId: dkr, Name: 'dkr.ecr.us-east-1.amazonaws.com.', Owner: { OwningAccount: CENTRAL_ACCOUNT } }]);
    expect(dkr).toMatch(/^Z[0-9A-Z]{13}$/);
    expect(elsewhere['HostedZoneSummaries']).toEqual([]);
  });

  it('pages by MaxItems and NextToken', async () => {
    const world = await basicWorld();
    for (const name of ['a.example.com', 'b.example.com', 'c.example.com']) world.sim.admin.createPrivateHostedZone({ name, vpcIds: [world.vpcId] });

    const first = await world.sim.route53Call('ListHostedZonesByVPC', { VPCId: world.vpcId, VPCRegion: 'us-east-1', MaxItems: 2 });
    const second = await world.sim.route53Call('ListHostedZonesByVPC', { VPCId: world.vpcId, VPCRegion: 'us-east-1', MaxItems: 2, NextToken: first['NextToken'] });

    const names = (out: Record<string, unknown>) => (out['HostedZoneSummaries'] as { Name: string }[]).map((zone) => zone.Name);
    expect([names(first), names(second)]).toEqual([['a.example.com.', 'b.example.com.'], ['c.example.com.']]);
    expect(second['NextToken']).toBeUndefined();
  });

  it('answers AccessDenied to a role without the permission', async () => {
    const world = await basicWorld();
    world.sim.route53DeniedAccounts.add(world.sim.accountId);

    await expectCode(world.sim.route53Call('ListHostedZonesByVPC', { VPCId: world.vpcId, VPCRegion: 'us-east-1' }), 'AccessDenied');
  });

  it('makes CreateVpcEndpoint with private DNS fail with the conflicting-DNS-domain error when a zone for the name is associated', async () => {
    const world = await basicWorld();
    world.sim.admin.createPrivateHostedZone({ name: 'dkr.ecr.us-east-1.amazonaws.com', vpcIds: [world.vpcId], ownerAccountId: CENTRAL_ACCOUNT });

    const attempt = world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA], { ServiceName: svc('ecr.dkr'), PrivateDnsEnabled: true }));

    await expectCode(attempt, 'InvalidParameter');
    await expect(attempt).rejects.toThrow(`private-dns-enabled cannot be set because there is already a conflicting DNS domain for *.dkr.ecr.us-east-1.amazonaws.com in the VPC ${world.vpcId}`);
    // Without private DNS, or for another service, the zone is no obstacle.
    await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA], { ServiceName: svc('ecr.dkr'), PrivateDnsEnabled: false }));
    await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA], { ServiceName: svc('ecr.api'), PrivateDnsEnabled: true }));
    expect(world.sim.state.endpoints.size).toBe(2);
  });

  it('answers the zone conflict as ConflictingDomainExists where the world is set so, with the same message', async () => {
    const world = await basicWorld();
    world.sim.faults.hostedZoneConflictCode = 'ConflictingDomainExists';
    world.sim.admin.createPrivateHostedZone({ name: 'dkr.ecr.us-east-1.amazonaws.com', vpcIds: [world.vpcId], ownerAccountId: CENTRAL_ACCOUNT });

    const attempt = world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA], { ServiceName: svc('ecr.dkr'), PrivateDnsEnabled: true }));

    await expectCode(attempt, 'ConflictingDomainExists');
    await expect(attempt).rejects.toThrow('there is already a conflicting DNS domain for *.dkr.ecr.us-east-1.amazonaws.com');
  });

  it('does not count a zone for a parent domain of the name as a conflict (undocumented; see aws-facts.md)', async () => {
    const world = await basicWorld();
    world.sim.admin.createPrivateHostedZone({ name: 'us-east-1.amazonaws.com', vpcIds: [world.vpcId], ownerAccountId: CENTRAL_ACCOUNT });

    await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA], { ServiceName: svc('ecr.dkr'), PrivateDnsEnabled: true }));

    expect(world.sim.state.endpoints.size).toBe(1);
  });
});
