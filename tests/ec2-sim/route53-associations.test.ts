/**
 * The simulator's Route 53, consumer side: VPC associations across accounts, with Route 53's errors, through the real
 * Route53Client (in process, and the whole flow once over HTTP).
 */
import {
  AssociateVPCWithHostedZoneCommand,
  CreateHostedZoneCommand,
  CreateVPCAssociationAuthorizationCommand,
  DeleteHostedZoneCommand,
  DeleteVPCAssociationAuthorizationCommand,
  DisassociateVPCFromHostedZoneCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  ListHostedZonesByVPCCommand,
  ListVPCAssociationAuthorizationsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { Ec2Simulator, WorldBuilder } from '../support/ec2-sim';
import type { VirtualClock } from '../support/ec2-sim/clock';
import { startEc2HttpServer } from '../support/ec2-sim/http';
import { interfaceInput, svc } from './fixtures';

const HUB_ACCOUNT = '123456789012';
const SPOKE_ACCOUNT = '210987654321';
const ZONE_NAME = 'api.ecr.us-east-1.amazonaws.com';

/** A hub VPC with a private zone for ECR's API, and a spoke VPC (with one subnet) in another account. */
async function hubAndSpoke() {
  const sim = new Ec2Simulator({ accountId: HUB_ACCOUNT });
  const hub = await new WorldBuilder(sim).vpc('hub', { cidr: '10.0.0.0/16', dnsHostnames: true }).build();
  const spoke = await new WorldBuilder(sim)
    .vpc('spoke', { cidr: '10.1.0.0/16', dnsHostnames: true, owner: SPOKE_ACCOUNT })
    .subnet('s', { vpc: 'spoke', cidr: '10.1.1.0/24', azId: 'use1-az1', owner: SPOKE_ACCOUNT })
    .build();
  const hubClient = sim.route53Client();
  const spokeClient = sim.route53Client({ accountId: SPOKE_ACCOUNT });
  const created = await hubClient.send(new CreateHostedZoneCommand({ Name: ZONE_NAME, CallerReference: 'hub-zone', VPC: { VPCId: hub.id('hub'), VPCRegion: 'us-east-1' } }));
  const zoneId = (created.HostedZone?.Id ?? '').replace('/hostedzone/', '');
  return { sim, hubVpc: hub.id('hub'), spokeVpc: spoke.id('spoke'), spokeSubnet: spoke.id('s'), hubClient, spokeClient, zoneId };
}

const vpc = (VPCId: string) => ({ VPCId, VPCRegion: 'us-east-1' as const });

describe('Route 53 VPC associations across accounts', () => {
  it('associates another account’s VPC after the zone’s account authorises it; the authorisation can then go and the association stays', async () => {
    const w = await hubAndSpoke();

    const authorised = await w.hubClient.send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));
    const listed = await w.hubClient.send(new ListVPCAssociationAuthorizationsCommand({ HostedZoneId: w.zoneId }));
    const associated = await w.spokeClient.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));
    await w.hubClient.send(new DeleteVPCAssociationAuthorizationCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));
    const zone = await w.hubClient.send(new GetHostedZoneCommand({ Id: w.zoneId }));
    const bySpoke = await w.spokeClient.send(new ListHostedZonesByVPCCommand({ VPCId: w.spokeVpc, VPCRegion: 'us-east-1' }));

    expect(authorised).toMatchObject({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) });
    expect(listed.VPCs).toEqual([vpc(w.spokeVpc)]);
    expect(associated.ChangeInfo?.Status).toBe('PENDING');
    expect(zone.VPCs).toEqual([vpc(w.hubVpc), vpc(w.spokeVpc)]);
    expect(bySpoke.HostedZoneSummaries).toEqual([{ HostedZoneId: w.zoneId, Name: `${ZONE_NAME}.`, Owner: { OwningAccount: HUB_ACCOUNT } }]);
  });

  it('answers NotAuthorizedException (401) without an authorisation, and while a new one has not propagated yet', async () => {
    const w = await hubAndSpoke();
    w.sim.route53Settings.authorizationPropagationMs = 5_000;
    const associate = () => w.spokeClient.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));

    await expect(associate()).rejects.toMatchObject({ name: 'NotAuthorizedException', $metadata: { httpStatusCode: 401 } });
    await w.hubClient.send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));
    await expect(associate()).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    (w.sim.clock as VirtualClock).advance(5_000);
    await expect(associate()).resolves.toMatchObject({ ChangeInfo: { Status: 'PENDING' } });
  });

  it('refuses the zone’s account associating a VPC of another account (NotAuthorizedException), and an unknown VPC (InvalidVPCId)', async () => {
    const w = await hubAndSpoke();

    await expect(w.hubClient.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(w.spokeClient.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc('vpc-0000000000000000f') }))).rejects.toMatchObject({ name: 'InvalidVPCId' });
    await expect(w.spokeClient.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: 'Z0000000000000', VPC: vpc(w.spokeVpc) }))).rejects.toMatchObject({ name: 'NoSuchHostedZone' });
  });

  it('lets only the zone’s account read the association’s change (GetChange)', async () => {
    const w = await hubAndSpoke();
    await w.hubClient.send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));
    const { ChangeInfo } = await w.spokeClient.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));

    await expect(w.spokeClient.send(new GetChangeCommand({ Id: ChangeInfo?.Id }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(w.hubClient.send(new GetChangeCommand({ Id: ChangeInfo?.Id }))).resolves.toMatchObject({ ChangeInfo: { Status: 'PENDING' } });
  });

  it('answers ConflictingDomainExists when the VPC is already associated with this zone or another zone of the same name', async () => {
    const w = await hubAndSpoke();
    const spokeZone = await w.spokeClient.send(new CreateHostedZoneCommand({ Name: ZONE_NAME, CallerReference: 'spoke-own', VPC: vpc(w.spokeVpc) }));
    await w.hubClient.send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));

    await expect(w.spokeClient.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }))).rejects.toMatchObject({
      name: 'ConflictingDomainExists',
      message: expect.stringContaining(`has already been associated with the hosted zone ${(spokeZone.HostedZone?.Id ?? '').replace('/hostedzone/', '')}`),
    });
    await expect(w.hubClient.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.hubVpc) }))).rejects.toMatchObject({ name: 'ConflictingDomainExists' });
  });

  it('answers ConflictingDomainExists when an interface endpoint of the VPC serves the name through private DNS', async () => {
    const w = await hubAndSpoke();
    await w.sim.call('CreateVpcEndpoint', interfaceInput(w.spokeVpc, [w.spokeSubnet], { ServiceName: svc('ecr.api'), PrivateDnsEnabled: true }), { accountId: SPOKE_ACCOUNT });
    await w.hubClient.send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));

    await expect(w.spokeClient.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }))).rejects.toMatchObject({ name: 'ConflictingDomainExists' });
    expect(w.sim.state.hostedZones.get(w.zoneId)?.vpcs).toHaveLength(1);
  });

  it('treats a parent zone as no conflict by default, and as one when switched to the older text', async () => {
    const w = await hubAndSpoke();
    await w.spokeClient.send(new CreateHostedZoneCommand({ Name: 'us-east-1.amazonaws.com', CallerReference: 'parent', VPC: vpc(w.spokeVpc) }));
    await w.hubClient.send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));
    w.sim.route53Settings.parentZoneConflicts = true;

    await expect(w.spokeClient.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }))).rejects.toMatchObject({ name: 'ConflictingDomainExists' });
    w.sim.route53Settings.parentZoneConflicts = false;
    await expect(w.spokeClient.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }))).resolves.toMatchObject({ ChangeInfo: { Status: 'PENDING' } });
  });

  it('answers LimitsExceeded once the zone has its maximum of VPCs', async () => {
    const w = await hubAndSpoke();
    w.sim.route53Settings.maxVpcsPerZone = 1;
    await w.hubClient.send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));

    await expect(w.spokeClient.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }))).rejects.toMatchObject({ name: 'LimitsExceeded' });
  });

  it('answers TooManyVPCAssociationAuthorizations past the zone’s limit; authorising the same VPC again is not counted twice', async () => {
    const w = await hubAndSpoke();
    w.sim.route53Settings.maxAuthorizationsPerZone = 2;
    const authorise = (vpcId: string) => w.hubClient.send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId: w.zoneId, VPC: vpc(vpcId) }));

    await authorise('vpc-0000000000000000a');
    await authorise('vpc-0000000000000000a');
    await authorise('vpc-0000000000000000b');

    await expect(authorise('vpc-0000000000000000c')).rejects.toMatchObject({ name: 'TooManyVPCAssociationAuthorizations' });
    await expect(w.spokeClient.send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('answers VPCAssociationAuthorizationNotFound for an authorisation that is not there', async () => {
    const w = await hubAndSpoke();

    await expect(w.hubClient.send(new DeleteVPCAssociationAuthorizationCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }))).rejects.toMatchObject({
      name: 'VPCAssociationAuthorizationNotFound',
    });
  });

  it('disassociates from the VPC’s account; then VPCAssociationNotFound; the last VPC is LastVPCAssociation', async () => {
    const w = await hubAndSpoke();
    await w.hubClient.send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));
    await w.spokeClient.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));
    (w.sim.clock as VirtualClock).advance(1_000);
    const disassociate = (client: Route53Client, vpcId: string) => client.send(new DisassociateVPCFromHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc(vpcId) }));

    await expect(disassociate(w.spokeClient, w.spokeVpc)).resolves.toMatchObject({ ChangeInfo: { Status: 'PENDING' } });
    await expect(disassociate(w.spokeClient, w.spokeVpc)).rejects.toMatchObject({ name: 'VPCAssociationNotFound' });
    await expect(disassociate(w.hubClient, w.hubVpc)).rejects.toMatchObject({ name: 'LastVPCAssociation' });
    await expect(disassociate(w.spokeClient, w.hubVpc)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('deletes a zone another account’s VPC is still associated with: the association goes with it, and that account’s disassociation answers NoSuchHostedZone', async () => {
    const w = await hubAndSpoke();
    await w.hubClient.send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));
    await w.spokeClient.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));
    (w.sim.clock as VirtualClock).advance(1_000);
    const seenByOwner = await w.hubClient.send(new GetHostedZoneCommand({ Id: w.zoneId }));

    const deleted = await w.hubClient.send(new DeleteHostedZoneCommand({ Id: w.zoneId }));
    const bySpoke = await w.spokeClient.send(new ListHostedZonesByVPCCommand({ VPCId: w.spokeVpc, VPCRegion: 'us-east-1' }));

    expect(seenByOwner.VPCs).toEqual([vpc(w.hubVpc), vpc(w.spokeVpc)]);
    expect(deleted.ChangeInfo?.Status).toBe('PENDING');
    expect(bySpoke.HostedZoneSummaries).toEqual([]);
    expect(w.sim.admin.resolve(w.spokeVpc, ZONE_NAME)).toBeUndefined();
    await expect(w.spokeClient.send(new DisassociateVPCFromHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }))).rejects.toMatchObject({
      name: 'NoSuchHostedZone',
    });
  });

  it('refuses to delete a zone with other VPCs associated when switched to the kinder reading, and deletes it once only its own VPC is left', async () => {
    const w = await hubAndSpoke();
    w.sim.route53Settings.deleteZoneWithOtherVpcs = 'refused';
    await w.hubClient.send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));
    await w.spokeClient.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));
    (w.sim.clock as VirtualClock).advance(1_000);

    await expect(w.hubClient.send(new DeleteHostedZoneCommand({ Id: w.zoneId }))).rejects.toMatchObject({ name: 'InvalidInput' });
    await w.spokeClient.send(new DisassociateVPCFromHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));
    (w.sim.clock as VirtualClock).advance(1_000);
    await expect(w.hubClient.send(new DeleteHostedZoneCommand({ Id: w.zoneId }))).resolves.toMatchObject({ ChangeInfo: { Status: 'PENDING' } });
  });

  it('answers PriorRequestNotComplete to an association right after another change of the zone', async () => {
    const w = await hubAndSpoke();
    await w.hubClient.send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));
    await w.spokeClient.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));

    await expect(w.spokeClient.send(new DisassociateVPCFromHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }))).rejects.toMatchObject({
      name: 'PriorRequestNotComplete',
    });
  });

  it('plays the whole cross-account flow over HTTP, each account signing with its own key', async () => {
    const w = await hubAndSpoke();
    const server = await startEc2HttpServer(w.sim, { accountForAccessKey: (key) => (key === 'AKIDSPOKE' ? SPOKE_ACCOUNT : HUB_ACCOUNT) });
    const clientFor = (accessKeyId: string) => new Route53Client({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey: 'x' }, maxAttempts: 1 });
    const hub = clientFor('AKIDHUB');
    const spoke = clientFor('AKIDSPOKE');
    try {
      await hub.send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));
      const listed = await hub.send(new ListVPCAssociationAuthorizationsCommand({ HostedZoneId: `/hostedzone/${w.zoneId}` }));
      const associated = await spoke.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc), Comment: 'spoke' }));
      await hub.send(new DeleteVPCAssociationAuthorizationCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.spokeVpc) }));
      const denied = await spoke.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: w.zoneId, VPC: vpc(w.hubVpc) })).catch((error: unknown) => error);

      expect(listed).toMatchObject({ HostedZoneId: w.zoneId, VPCs: [vpc(w.spokeVpc)] });
      expect(associated.ChangeInfo).toMatchObject({ Status: 'PENDING', Comment: 'spoke' });
      expect(denied).toMatchObject({ name: 'NotAuthorizedException', $metadata: { httpStatusCode: 401 } });
      expect(w.sim.state.hostedZones.get(w.zoneId)?.vpcs.map((v) => v.vpcId)).toEqual([w.hubVpc, w.spokeVpc]);
    } finally {
      hub.destroy();
      spoke.destroy();
      await server.close();
    }
  });
});
