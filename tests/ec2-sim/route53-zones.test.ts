/**
 * The simulator's Route 53, hub side: zones, record sets, changes, limits and tags, through the real Route53Client —
 * in process and over HTTP (REST-XML), so the shapes are the SDK's both ways.
 */
import {
  ChangeResourceRecordSetsCommand,
  ChangeTagsForResourceCommand,
  CreateHostedZoneCommand,
  DeleteHostedZoneCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  GetHostedZoneLimitCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  ListTagsForResourceCommand,
  ListTagsForResourcesCommand,
  Route53Client,
  type Change,
} from '@aws-sdk/client-route-53';
import { Ec2Simulator, WorldBuilder } from '../support/ec2-sim';
import { startEc2HttpServer, type Ec2HttpServer } from '../support/ec2-sim/http';
import type { VirtualClock } from '../support/ec2-sim/clock';

const OTHER_ACCOUNT = '210987654321';
const ENDPOINT_DNS = 'vpce-0abc-12345678.api.ecr.us-east-1.vpce.amazonaws.com';

interface Harness {
  sim: Ec2Simulator;
  vpcId: string;
  client: (account?: string) => Route53Client;
}

type Transport = 'in-process' | 'HTTP';

/** A simulator with one VPC, and clients of the chosen transport. */
function harnessFor(transport: Transport) {
  let server: Ec2HttpServer | undefined;
  const clients: Route53Client[] = [];
  const setup = async (): Promise<Harness> => {
    const sim = new Ec2Simulator();
    const world = await new WorldBuilder(sim).vpc('hub', { cidr: '10.0.0.0/16', dnsHostnames: true }).build();
    if (transport === 'HTTP') server = await startEc2HttpServer(sim, { accountForAccessKey: (key) => (key === 'AKIDOTHER' ? OTHER_ACCOUNT : undefined) });
    const client = (account?: string) => {
      if (transport === 'in-process') return sim.route53Client(account === undefined ? {} : { accountId: account });
      const made = new Route53Client({
        endpoint: (server as Ec2HttpServer).url,
        region: 'us-east-1',
        credentials: { accessKeyId: account === OTHER_ACCOUNT ? 'AKIDOTHER' : 'AKIDLOCAL', secretAccessKey: 'x' },
        maxAttempts: 1,
      });
      clients.push(made);
      return made;
    };
    return { sim, vpcId: world.id('hub'), client };
  };
  const teardown = async () => {
    for (const made of clients.splice(0)) made.destroy();
    await server?.close();
    server = undefined;
  };
  return { setup, teardown };
}

function aliasChange(action: Change['Action'], name: string, dnsName = ENDPOINT_DNS): Change {
  return { Action: action, ResourceRecordSet: { Name: name, Type: 'A', AliasTarget: { HostedZoneId: 'Z7HUB22UULQXV', DNSName: dnsName, EvaluateTargetHealth: false } } };
}

async function createZone(h: Harness, name = 'api.ecr.us-east-1.amazonaws.com', reference = `ref-${name}`) {
  const out = await h.client().send(
    new CreateHostedZoneCommand({ Name: name, CallerReference: reference, VPC: { VPCId: h.vpcId, VPCRegion: 'us-east-1' }, HostedZoneConfig: { PrivateZone: true, Comment: 'hub' } }),
  );
  return { out, zoneId: (out.HostedZone?.Id ?? '').replace('/hostedzone/', '') };
}

describe.each<Transport>(['in-process', 'HTTP'])('Route 53 hosted zones and record sets (%s)', (transport) => {
  const harness = harnessFor(transport);
  let h: Harness;

  beforeEach(async () => {
    h = await harness.setup();
  });

  afterEach(async () => {
    await harness.teardown();
  });

  it('CreateHostedZone makes a private zone with its SOA and NS sets, answers a PENDING change, and GetHostedZone lists its VPC', async () => {
    const { out, zoneId } = await createZone(h);
    const got = await h.client().send(new GetHostedZoneCommand({ Id: zoneId }));
    const sets = await h.client().send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));

    expect(out.HostedZone).toMatchObject({ Name: 'api.ecr.us-east-1.amazonaws.com.', CallerReference: 'ref-api.ecr.us-east-1.amazonaws.com', Config: { PrivateZone: true, Comment: 'hub' }, ResourceRecordSetCount: 2 });
    expect(out.HostedZone?.Id).toMatch(/^\/hostedzone\/Z[0-9A-Z]{13}$/);
    expect(out.ChangeInfo?.Status).toBe('PENDING');
    expect(out.ChangeInfo?.SubmittedAt).toBeInstanceOf(Date);
    expect(out.VPC).toEqual({ VPCId: h.vpcId, VPCRegion: 'us-east-1' });
    expect(out.Location).toBe(`https://route53.amazonaws.com/2013-04-01/hostedzone/${zoneId}`);
    expect(got.VPCs).toEqual([{ VPCId: h.vpcId, VPCRegion: 'us-east-1' }]);
    expect(sets.ResourceRecordSets?.map((set) => set.Type)).toEqual(['NS', 'SOA']);
  });

  it('answers HostedZoneAlreadyExists (409) to a repeated caller reference, even after the zone is deleted', async () => {
    const { zoneId } = await createZone(h, 'a.example.com', 'same');
    await h.client().send(new DeleteHostedZoneCommand({ Id: zoneId }));

    const again = h.client().send(new CreateHostedZoneCommand({ Name: 'b.example.com', CallerReference: 'same', VPC: { VPCId: h.vpcId, VPCRegion: 'us-east-1' } }));

    await expect(again).rejects.toMatchObject({ name: 'HostedZoneAlreadyExists', $metadata: { httpStatusCode: 409 } });
  });

  it('answers ConflictingDomainExists when the VPC already has a zone of the same name, and InvalidVPCId for a VPC it cannot see', async () => {
    await createZone(h, 'api.ecr.us-east-1.amazonaws.com', 'one');

    await expect(createZone(h, 'API.ecr.us-east-1.amazonaws.com.', 'two')).rejects.toMatchObject({ name: 'ConflictingDomainExists' });
    await expect(
      h.client(OTHER_ACCOUNT).send(new CreateHostedZoneCommand({ Name: 'x.example.com', CallerReference: 'x', VPC: { VPCId: h.vpcId, VPCRegion: 'us-east-1' } })),
    ).rejects.toMatchObject({ name: 'InvalidVPCId' });
    expect(h.sim.state.hostedZones.size).toBe(1);
  });

  it('GetChange answers PENDING, then INSYNC once the change has propagated on the simulator clock', async () => {
    const { out } = await createZone(h);
    const changeId = out.ChangeInfo?.Id ?? '';

    const before = await h.client().send(new GetChangeCommand({ Id: changeId }));
    (h.sim.clock as VirtualClock).advance(60_000);
    const after = await h.client().send(new GetChangeCommand({ Id: changeId }));

    expect([before.ChangeInfo?.Status, after.ChangeInfo?.Status]).toEqual(['PENDING', 'INSYNC']);
    expect(after.ChangeInfo?.Id).toBe(changeId);
  });

  it('GetChange answers only the zone’s account', async () => {
    const { out } = await createZone(h);

    await expect(h.client(OTHER_ACCOUNT).send(new GetChangeCommand({ Id: out.ChangeInfo?.Id }))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    await expect(h.client().send(new GetChangeCommand({ Id: 'C0000000000000' }))).rejects.toMatchObject({ name: 'NoSuchChange' });
  });

  it('ChangeResourceRecordSets creates alias and wildcard sets, lists them in Route 53’s order with the wildcard escaped', async () => {
    const { zoneId } = await createZone(h, 'dkr.ecr.us-east-1.amazonaws.com');

    await h.client().send(
      new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [aliasChange('CREATE', '*.dkr.ecr.us-east-1.amazonaws.com'), aliasChange('CREATE', 'dkr.ecr.us-east-1.amazonaws.com')] } }),
    );
    const sets = await h.client().send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));

    expect(sets.ResourceRecordSets?.map((set) => [set.Name, set.Type])).toEqual([
      ['dkr.ecr.us-east-1.amazonaws.com.', 'A'],
      ['dkr.ecr.us-east-1.amazonaws.com.', 'NS'],
      ['dkr.ecr.us-east-1.amazonaws.com.', 'SOA'],
      ['\\052.dkr.ecr.us-east-1.amazonaws.com.', 'A'],
    ]);
    expect(sets.ResourceRecordSets?.[3]?.AliasTarget).toEqual({ HostedZoneId: 'Z7HUB22UULQXV', DNSName: `${ENDPOINT_DNS}.`, EvaluateTargetHealth: false });
    expect(sets.IsTruncated).toBe(false);
  });

  it('refuses a whole batch (InvalidChangeBatch) when one change creates an existing set or deletes a missing or different one', async () => {
    const { zoneId } = await createZone(h);
    h.sim.route53Settings.priorRequestWindowMs = 0;
    await h.client().send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [aliasChange('CREATE', 'api.ecr.us-east-1.amazonaws.com')] } }));
    const send = (changes: Change[]) => h.client().send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: changes } }));

    await expect(send([aliasChange('CREATE', 'new.api.ecr.us-east-1.amazonaws.com'), aliasChange('CREATE', 'api.ecr.us-east-1.amazonaws.com')])).rejects.toMatchObject({
      name: 'InvalidChangeBatch',
      message: "[Tried to create resource record set [name='api.ecr.us-east-1.amazonaws.com.', type='A'] but it already exists]",
      messages: ["Tried to create resource record set [name='api.ecr.us-east-1.amazonaws.com.', type='A'] but it already exists"],
    });
    await expect(send([aliasChange('DELETE', 'gone.api.ecr.us-east-1.amazonaws.com')])).rejects.toMatchObject({ name: 'InvalidChangeBatch', message: expect.stringContaining('but it was not found') });
    await expect(send([aliasChange('DELETE', 'api.ecr.us-east-1.amazonaws.com', 'elsewhere.example.com')])).rejects.toMatchObject({
      name: 'InvalidChangeBatch',
      message: expect.stringContaining('the values provided do not match the current values'),
    });
    const sets = await h.client().send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
    expect(sets.ResourceRecordSets?.map((set) => set.Name)).toEqual(['api.ecr.us-east-1.amazonaws.com.', 'api.ecr.us-east-1.amazonaws.com.', 'api.ecr.us-east-1.amazonaws.com.']);
  });

  it('UPSERT replaces a set, DELETE of the exact set removes it, and a name outside the zone is refused', async () => {
    const { zoneId } = await createZone(h);
    h.sim.route53Settings.priorRequestWindowMs = 0;
    const send = (changes: Change[]) => h.client().send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: changes } }));

    await send([aliasChange('UPSERT', 'api.ecr.us-east-1.amazonaws.com', 'one.example.com')]);
    await send([aliasChange('UPSERT', 'api.ecr.us-east-1.amazonaws.com', 'two.example.com')]);
    const upserted = await h.client().send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, StartRecordName: 'api.ecr.us-east-1.amazonaws.com', StartRecordType: 'A', MaxItems: 1 }));
    await send([aliasChange('DELETE', 'api.ecr.us-east-1.amazonaws.com', 'two.example.com')]);

    expect(upserted.ResourceRecordSets?.[0]?.AliasTarget?.DNSName).toBe('two.example.com.');
    expect(upserted).toMatchObject({ IsTruncated: true, NextRecordName: 'api.ecr.us-east-1.amazonaws.com.', NextRecordType: 'NS' });
    expect(h.sim.state.hostedZones.get(zoneId)?.recordSets.map((set) => set.Type)).toEqual(['NS', 'SOA']);
    await expect(send([aliasChange('CREATE', 'sts.us-east-1.amazonaws.com')])).rejects.toMatchObject({ name: 'InvalidChangeBatch', message: expect.stringContaining('is not permitted in zone') });
  });

  it('answers PriorRequestNotComplete to a change of the same zone while the previous one is still being processed', async () => {
    const { zoneId } = await createZone(h);
    const send = () => h.client().send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [aliasChange('UPSERT', 'api.ecr.us-east-1.amazonaws.com')] } }));

    await send();
    await expect(send()).rejects.toMatchObject({ name: 'PriorRequestNotComplete', $metadata: { httpStatusCode: 400 } });
    (h.sim.clock as VirtualClock).advance(1_000);
    await expect(send()).resolves.toMatchObject({ ChangeInfo: { Status: 'PENDING' } });
  });

  it('refuses every change while the previous one is PENDING when the window is set to the sync time (the unkindest reading)', async () => {
    const { zoneId } = await createZone(h);
    h.sim.route53Settings.priorRequestWindowMs = h.sim.route53Settings.changeSyncMs;
    const send = () => h.client().send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [aliasChange('UPSERT', 'api.ecr.us-east-1.amazonaws.com')] } }));

    await send();
    (h.sim.clock as VirtualClock).advance(59_999);
    await expect(send()).rejects.toMatchObject({ name: 'PriorRequestNotComplete' });
    (h.sim.clock as VirtualClock).advance(1);
    await expect(send()).resolves.toMatchObject({ ChangeInfo: { Status: 'PENDING' } });
  });

  it('DeleteHostedZone answers HostedZoneNotEmpty while other sets remain, and deletes the zone once only SOA and NS are left', async () => {
    const { zoneId } = await createZone(h);
    h.sim.route53Settings.priorRequestWindowMs = 0;
    await h.client().send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [aliasChange('CREATE', 'api.ecr.us-east-1.amazonaws.com')] } }));

    await expect(h.client().send(new DeleteHostedZoneCommand({ Id: zoneId }))).rejects.toMatchObject({ name: 'HostedZoneNotEmpty' });
    await h.client().send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [aliasChange('DELETE', 'api.ecr.us-east-1.amazonaws.com')] } }));
    const deleted = await h.client().send(new DeleteHostedZoneCommand({ Id: `/hostedzone/${zoneId}` }));

    expect(deleted.ChangeInfo?.Status).toBe('PENDING');
    await expect(h.client().send(new GetHostedZoneCommand({ Id: zoneId }))).rejects.toMatchObject({ name: 'NoSuchHostedZone', $metadata: { httpStatusCode: 404 } });
  });

  it('ListHostedZones lists the caller’s zones only, paging by Marker and MaxItems', async () => {
    const ids = [(await createZone(h, 'a.example.com')).zoneId, (await createZone(h, 'b.example.com')).zoneId, (await createZone(h, 'c.example.com')).zoneId].sort();

    const first = await h.client().send(new ListHostedZonesCommand({ MaxItems: 2 }));
    const second = await h.client().send(new ListHostedZonesCommand({ MaxItems: 2, Marker: first.NextMarker }));
    const other = await h.client(OTHER_ACCOUNT).send(new ListHostedZonesCommand({}));

    expect(first.HostedZones?.map((zone) => zone.Id)).toEqual([`/hostedzone/${ids[0]}`, `/hostedzone/${ids[1]}`]);
    expect(first).toMatchObject({ IsTruncated: true, NextMarker: ids[2], MaxItems: 2 });
    expect(second.HostedZones?.map((zone) => zone.Id)).toEqual([`/hostedzone/${ids[2]}`]);
    expect(second.IsTruncated).toBe(false);
    expect(other.HostedZones).toEqual([]);
  });

  it('GetHostedZoneLimit answers the VPC and record-set limits with their counts', async () => {
    const { zoneId } = await createZone(h);

    const vpcs = await h.client().send(new GetHostedZoneLimitCommand({ HostedZoneId: zoneId, Type: 'MAX_VPCS_ASSOCIATED_BY_ZONE' }));
    const sets = await h.client().send(new GetHostedZoneLimitCommand({ HostedZoneId: zoneId, Type: 'MAX_RRSETS_BY_ZONE' }));

    expect([vpcs.Limit, vpcs.Count]).toEqual([{ Type: 'MAX_VPCS_ASSOCIATED_BY_ZONE', Value: 300 }, 1]);
    expect([sets.Limit, sets.Count]).toEqual([{ Type: 'MAX_RRSETS_BY_ZONE', Value: 10_000 }, 2]);
  });

  it('tags a zone (ChangeTagsForResource) and lists its tags, alone and with others; another account’s zone is AccessDenied', async () => {
    const { zoneId } = await createZone(h, 'a.example.com');
    const { zoneId: second } = await createZone(h, 'b.example.com');

    await h.client().send(new ChangeTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: zoneId, AddTags: [{ Key: 'owner', Value: 'vpce' }, { Key: 'drop', Value: 'x' }] }));
    await h.client().send(new ChangeTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: zoneId, RemoveTagKeys: ['drop'] }));
    const one = await h.client().send(new ListTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: zoneId }));
    const both = await h.client().send(new ListTagsForResourcesCommand({ ResourceType: 'hostedzone', ResourceIds: [zoneId, second] }));

    expect(one.ResourceTagSet).toEqual({ ResourceType: 'hostedzone', ResourceId: zoneId, Tags: [{ Key: 'owner', Value: 'vpce' }] });
    expect(both.ResourceTagSets?.map((set) => [set.ResourceId, set.Tags?.length])).toEqual([[zoneId, 1], [second, 0]]);
    await expect(h.client(OTHER_ACCOUNT).send(new ListTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: zoneId }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('Route 53 writes in the call log', () => {
  it('counts as writes, so zero-write checks see them', async () => {
    const sim = new Ec2Simulator();
    const world = await new WorldBuilder(sim).vpc('hub', { cidr: '10.0.0.0/16' }).build();
    sim.resetCallLog();

    await sim.route53Call('CreateHostedZone', { Name: 'a.example.com', CallerReference: 'r', VPC: { VPCId: world.id('hub'), VPCRegion: 'us-east-1' } });
    await sim.route53Call('ListHostedZones', {});

    expect(sim.writes().map((call) => call.action)).toEqual(['CreateHostedZone']);
  });

  it('count for the crash faults: the crashing write keeps its effect, and Route 53 is down until recover()', async () => {
    const sim = new Ec2Simulator();
    const world = await new WorldBuilder(sim).vpc('hub', { cidr: '10.0.0.0/16' }).build();
    sim.faults.crashAfterMutations = 1;

    await expect(sim.route53Call('CreateHostedZone', { Name: 'a.example.com', CallerReference: 'r', VPC: { VPCId: world.id('hub'), VPCRegion: 'us-east-1' } })).rejects.toMatchObject({ name: 'SimulatedCrash' });
    await expect(sim.route53Call('ListHostedZones', {})).rejects.toMatchObject({ name: 'SimulatedCrash' });
    sim.recover();
    const retried = sim.route53Call('CreateHostedZone', { Name: 'a.example.com', CallerReference: 'r', VPC: { VPCId: world.id('hub'), VPCRegion: 'us-east-1' } });

    await expect(retried).rejects.toMatchObject({ name: 'HostedZoneAlreadyExists' });
    expect(sim.state.hostedZones.size).toBe(1);
  });
});
