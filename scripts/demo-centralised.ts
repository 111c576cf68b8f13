/**
 * `npm run demo -- --centralised`: a hub (DnsMode "HostedZones") and two consumers (`Custom::VpcEndpointConsumer`), one
 * in the hub's account and one in another, played with the bundled handler (dist/index.js) against the HTTP simulator,
 * answering a local CloudFormation stand-in. Prints the hub's zones, then per consumer the names that resolve to the
 * hub's endpoint addresses in the spoke VPC (the simulator answers name lookups from the zones associated with a VPC).
 *
 * Consumer B's account is reached as in AWS: the handler runs with SPOKE_ROLE_NAME and SPOKE_EXTERNAL_ID and assumes the
 * spoke role through the simulator's STS (AWS_ENDPOINT_URL_STS), whose credentials then act as the member account. The
 * demo never associates a zone by hand, so what it prints is only ever what the provider did. At the end both consumers
 * and then the hub are deleted, and what is left (zones, the spokes' associations, rules for the spokes) is printed.
 * Exits non-zero if a step answers otherwise than expected.
 */
import type { CustomResourceEvent } from '../lib/protocol/event';
import { invokeBundle } from '../tests/support/bundle-runner';
import { CloudFormationDriver, type RecordedResponse } from '../tests/support/cfn-driver';
import type { SimTiming } from '../tests/support/ec2-sim';
import { startDemoSimulator, type DemoSimulator } from '../tests/support/ec2-sim/http/demo-server';

/** The demo's accounts: the hub's (the simulator's default) and a member account allowed to consume. */
export const HUB_ACCOUNT = '123456789012';
export const MEMBER_ACCOUNT = '222233334444';
const CONSUMER_TYPE = 'Custom::VpcEndpointConsumer';
/** The spoke role the provider assumes in member accounts (examples/spoke/spoke-role.yaml) and its trust's external ID. */
const SPOKE_ROLE_NAME = 'vpce-provisioner-spoke';
const SPOKE_EXTERNAL_ID = 'demo-external-id';
/**
 * Route 53 changes reach INSYNC after this long in the demo. Real Route 53 takes up to about 60 s ("Changes generally
 * propagate to all Route 53 name servers within 60 seconds", GetChange API reference), the simulator's default.
 */
const DEMO_CHANGE_SYNC_MS = 500;
const HUB_SERVICES = ['ecr.api', 'ecr.dkr', 'logs'];

export interface CentralisedDemoOptions {
  /** Where lines go; default console.log. */
  readonly print?: (line: string) => void;
  /** The simulator's timelines; default the demo's (endpoints available in 1.5 s). */
  readonly timing?: Partial<SimTiming>;
  /** Route 53 PENDING → INSYNC in ms; default DEMO_CHANGE_SYNC_MS. */
  readonly changeSyncMs?: number;
}

interface Spoke {
  readonly label: string;
  readonly accountId: string;
  readonly vpcId: string;
  readonly cidr: string;
}

/** Plays the centralised demo; resolves with the exit code. */
export async function playCentralisedDemo(options: CentralisedDemoOptions = {}): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  // STS lets the provider assume the spoke role in the member account only: the role exists there, trusting it.
  const sts = { trustingAccounts: [MEMBER_ACCOUNT], externalId: SPOKE_EXTERNAL_ID };
  const demo = await startDemoSimulator({ ...(options.timing ? { timing: options.timing } : {}), sts });
  demo.sim.route53Settings.changeSyncMs = options.changeSyncMs ?? DEMO_CHANGE_SYNC_MS;
  const cfn = await CloudFormationDriver.start();
  try {
    print(`EC2, Route 53 and STS simulator on ${demo.url}; CloudFormation stand-in on ${cfn.baseUrl}`);
    print(`Route 53 changes reach INSYNC here in ${demo.sim.route53Settings.changeSyncMs} ms; real Route 53 takes up to about 60 s, so each hub or consumer step takes about a minute longer in AWS.`);
    print(`The provider runs in account ${HUB_ACCOUNT} with SPOKE_ROLE_NAME=${SPOKE_ROLE_NAME}; account ${MEMBER_ACCOUNT} has that role, trusting it.`);
    const spokes = [
      await createSpokeVpc(demo, 'consumer A (the hub’s account)', HUB_ACCOUNT, '10.20.0.0/16'),
      await createSpokeVpc(demo, 'consumer B (a member account)', MEMBER_ACCOUNT, '10.30.0.0/16'),
    ];
    print(`Hub VPC ${demo.world.vpcId} (account ${HUB_ACCOUNT}); spoke VPCs ${spokes.map((spoke) => `${spoke.vpcId} (${spoke.cidr}, account ${spoke.accountId})`).join(' and ')}.\n`);

    const hubProps = {
      VpcId: demo.world.vpcId,
      SubnetIds: demo.world.appSubnetIds,
      DnsMode: 'HostedZones',
      InterfaceServices: HUB_SERVICES,
      GatewayServices: [],
      AllowedConsumers: [MEMBER_ACCOUNT],
    };
    const hubOptions = { stackName: 'network-hub', logicalResourceId: 'Hub' };
    const hubCreate = cfn.createEvent(hubProps, hubOptions);
    const hub = await runStep(demo, cfn, print, `Hub Create (DnsMode HostedZones: ${HUB_SERVICES.join(', ')}; consumers allowed: ${MEMBER_ACCOUNT})`, hubCreate);
    if (hub?.body?.Status !== 'SUCCESS') return 1;
    const hubData = hub.body.Data ?? {};
    const hubId = hubData['HubId'] ?? '';
    const names = await namesToLookUp(demo, hubData);
    print(`   hub ID: ${hubId}`);
    for (const zone of names) print(`   zone ${zone.zoneName} (${zone.zoneId}) for ${zone.service}`);
    print('   in the hub VPC:');
    for (const line of resolutions(demo, demo.world.vpcId, names)) print(`     ${line}`);
    print('');

    const consumerDeletes: CustomResourceEvent[] = [];
    for (const spoke of spokes) {
      const consumerOptions = { accountId: spoke.accountId, stackName: `app-${spoke.vpcId}`, logicalResourceId: 'HubConsumer', resourceType: CONSUMER_TYPE };
      const consumerProps = { VpcId: spoke.vpcId, HubId: hubId };
      const create = cfn.createEvent(consumerProps, consumerOptions);
      const answer = await runStep(demo, cfn, print, `${spoke.label} Create (spoke ${spoke.vpcId})`, create);
      const physicalId = answer?.body?.PhysicalResourceId;
      if (physicalId) consumerDeletes.push(cfn.deleteEvent(physicalId, consumerProps, consumerOptions));
      if (answer?.body?.Status !== 'SUCCESS') return 1;
      print(`   names that now resolve in ${spoke.vpcId} to the hub's endpoint addresses:`);
      for (const line of resolutions(demo, spoke.vpcId, names)) print(`     ${line}`);
      print('');
    }

    // CloudFormation deletes the consumers first (their stacks depend on the hub's outputs), then the hub.
    for (const event of consumerDeletes) {
      const answer = await runStep(demo, cfn, print, `Consumer Delete (${event.StackId.split('/')[1]})`, event);
      if (answer?.body?.Status !== 'SUCCESS') return 1;
      print('');
    }
    // Counted before the hub's Delete, which removes its group and every rule in it.
    const spokeRules = await rulesForSpokes(demo, spokes);
    const hubDelete = await runStep(demo, cfn, print, 'Hub Delete', cfn.deleteEvent(hub.body.PhysicalResourceId, hubProps, hubOptions));
    if (hubDelete?.body?.Status !== 'SUCCESS') return 1;
    print('');
    const left = await whatIsLeft(demo, spokes);
    print('What is left:');
    print(`   hosted zones: ${left.zones}`);
    print(`   zone associations of the spoke VPCs: ${left.associations}`);
    print(`   security group rules for the spokes' CIDRs once their consumers were deleted: ${spokeRules}`);
    const nothingLeft = left.zones === 0 && left.associations === 0 && spokeRules === 0;
    print(nothingLeft ? 'Every consumer resolved the hub’s names, and nothing is left.' : 'Something was left behind.');
    return nothingLeft ? 0 : 1;
  } finally {
    await cfn.close();
    await demo.close();
  }
}

/** Counted as the accounts see them: the hub's zones and the zones associated with each spoke VPC. */
async function whatIsLeft(demo: DemoSimulator, spokes: readonly Spoke[]): Promise<{ zones: number; associations: number }> {
  const zones = ((await demo.sim.route53Call('ListHostedZones', {})).HostedZones as unknown[] | undefined) ?? [];
  let associations = 0;
  for (const spoke of spokes) {
    const listed = await demo.sim.route53Call('ListHostedZonesByVPC', { VPCId: spoke.vpcId, VPCRegion: demo.sim.region }, { accountId: spoke.accountId });
    associations += ((listed.HostedZoneSummaries as unknown[] | undefined) ?? []).length;
  }
  return { zones: zones.length, associations };
}

/** The rules of the hub's account that admit a spoke's CIDR block (the consumers' claims). */
async function rulesForSpokes(demo: DemoSimulator, spokes: readonly Spoke[]): Promise<number> {
  const described = await demo.sim.call('DescribeSecurityGroupRules', {});
  const spokeCidrs = new Set(spokes.map((spoke) => spoke.cidr));
  return ((described.SecurityGroupRules as { CidrIpv4?: string }[] | undefined) ?? []).filter((rule) => spokeCidrs.has(rule.CidrIpv4 ?? '')).length;
}

/** A spoke VPC with both DNS attributes on, as a consumer requires (Route 53 private zones need them). */
async function createSpokeVpc(demo: DemoSimulator, label: string, accountId: string, cidr: string): Promise<Spoke> {
  const caller = { accountId };
  const created = await demo.sim.call('CreateVpc', { CidrBlock: cidr }, caller);
  const vpcId = (created.Vpc as { VpcId: string }).VpcId;
  await demo.sim.call('ModifyVpcAttribute', { VpcId: vpcId, EnableDnsHostnames: { Value: true } }, caller);
  return { label, accountId, vpcId, cidr };
}

interface ZoneToLookUp {
  readonly service: string;
  readonly zoneId: string;
  readonly zoneName: string;
  /** The apex, and a name under the wildcard when the zone has one. */
  readonly names: readonly string[];
}

/** The hub's zones from its outputs (`HostedZoneId.<service>`), read back through Route 53, with the names a client would ask. */
async function namesToLookUp(demo: DemoSimulator, data: Readonly<Record<string, string>>): Promise<ZoneToLookUp[]> {
  const zones: ZoneToLookUp[] = [];
  for (const [key, ids] of Object.entries(data).filter(([name]) => name.startsWith('HostedZoneId.'))) {
    for (const zoneId of ids.split(',')) {
      const zone = await demo.sim.route53Call('GetHostedZone', { Id: zoneId });
      const zoneName = ((zone.HostedZone as { Name?: string } | undefined)?.Name ?? '').replace(/\.$/, '');
      const records = await demo.sim.route53Call('ListResourceRecordSets', { HostedZoneId: zoneId });
      // Route 53 lists a wildcard's `*` as `\052` (API reference, "DNS domain name format").
      const wildcard = ((records.ResourceRecordSets as { Name?: string }[] | undefined) ?? []).some((set) => /^(\*|\\052)\./.test(set.Name ?? ''));
      zones.push({ service: key.slice('HostedZoneId.'.length), zoneId, zoneName, names: wildcard ? [zoneName, `${HUB_ACCOUNT}.${zoneName}`] : [zoneName] });
    }
  }
  return zones;
}

/** One line per name: the addresses it resolves to in the VPC and what answered, or that it does not resolve. */
function resolutions(demo: DemoSimulator, vpcId: string, zones: readonly ZoneToLookUp[]): string[] {
  return zones.flatMap((zone) =>
    zone.names.map((name) => {
      const answer = demo.sim.admin.resolve(vpcId, name);
      if (!answer || answer.addresses.length === 0) return `${name} -> does not resolve to a private address`;
      const by = 'hostedZoneId' in answer.answeredBy ? `zone ${answer.answeredBy.hostedZoneId}` : 'privateDnsOf' in answer.answeredBy ? `private DNS of ${answer.answeredBy.privateDnsOf}` : 'public DNS';
      return `${name} -> ${answer.addresses.join(', ')} (${answer.endpointId ?? 'no endpoint'}, via ${by})`;
    }),
  );
}

async function runStep(
  demo: DemoSimulator,
  cfn: CloudFormationDriver,
  print: (line: string) => void,
  title: string,
  event: CustomResourceEvent,
): Promise<RecordedResponse | undefined> {
  const callsBefore = demo.sim.calls.length;
  const startedAt = Date.now();
  const run = await invokeBundle(event, {
    ec2EndpointUrl: demo.url,
    cloudFormationEndpointUrl: cfn.baseUrl,
    // Member accounts through the spoke role, assumed from the simulator's STS (handler/index.ts reads these).
    env: { SPOKE_ROLE_NAME, SPOKE_EXTERNAL_ID, AWS_ENDPOINT_URL_STS: demo.url },
  });
  const response = cfn.responseFor(event);
  print(`== ${title}`);
  print(`   answer: ${response?.body?.Status ?? 'none'}${response?.body?.Reason ? ` — ${response.body.Reason}` : ''}`);
  const writes = demo.sim.calls.slice(callsBefore).filter((call) => call.mutating && call.applied);
  const byAction = new Map<string, number>();
  for (const call of writes) byAction.set(call.action, (byAction.get(call.action) ?? 0) + 1);
  print(`   writes: ${writes.length === 0 ? 'none' : [...byAction].map(([action, count]) => `${action} ×${count}`).join(', ')}`);
  print(`   time: ${((Date.now() - startedAt) / 1000).toFixed(1)} s${run.exitCode === 0 ? '' : ` (handler exited ${run.exitCode}: ${run.stderr.trim()})`}`);
  return response;
}
