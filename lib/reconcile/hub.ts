/**
 * The hub stage of the pipeline (DnsMode "HostedZones"), run once the endpoints are available: the managed security
 * group is marked as a hub (the contract's tags: the hub's ID and who may consume), then the zones are converged. The
 * group is marked first, so that any zone that exists belongs to a group a Delete recognises as a hub's.
 */
import { CreateTagsCommand, DeleteTagsCommand } from '@aws-sdk/client-ec2';
import { allowedConsumersToTags, HUB_TAG_KEYS, hubIdFor } from '../centralised/hub-contract';
import { planHubZones, regionalDnsEntry, wantedHubZones, zoneRemovalBlockers, type HubService } from '../centralised/hub-zone-plan';
import type { Ec2Sender } from '../ec2/paced-client';
import { PreconditionFailedError, ProvisionerError } from '../errors';
import type { EndpointSpec, IpAddressType } from '../properties/spec';
import { PacedRoute53Client } from '../route53/paced-client';
import type { DesiredState } from './desired';
import { consumerRulesOf } from './consumer-rules';
import { convergeHubZones, observeHubZones, removeHubZones, zonesInUse } from './hub-zones';
import type { ReconcileContext } from './index';
import type { ObservedEndpoint, ObservedSecurityGroup } from './observed';

/** What a hub answers: its ID and its zones' IDs by service (the order of the service's names). */
export interface HubOutcome {
  readonly hubId: string;
  readonly zoneIdsByService: ReadonlyMap<string, readonly string[]>;
  readonly writes: number;
}

/** True when the group carries the hub tag: it was made a hub, and may have zones and consumers. */
export function isHubGroup(group: Pick<ObservedSecurityGroup, 'tags'>): boolean {
  return group.tags[HUB_TAG_KEYS.hub] !== undefined;
}

/** Route 53 of the stack's account, paced; a hub cannot work without it. */
export function pacedRoute53(context: Pick<ReconcileContext, 'route53' | 'clock' | 'remainingMs' | 'random'>): Ec2Sender {
  if (!context.route53) throw new ProvisionerError('DnsMode "HostedZones" needs Route 53, and this provider was started without a Route 53 client.');
  return new PacedRoute53Client(context.route53, { clock: context.clock, remainingMs: context.remainingMs, random: context.random });
}

/**
 * Marks the group as the hub's and makes the zones what the spec asks, from the endpoints as EC2 now lists them.
 */
export async function convergeHub(
  spec: EndpointSpec,
  desired: DesiredState,
  endpoints: readonly ObservedEndpoint[],
  group: { readonly groupId: string; readonly tags: Readonly<Record<string, string>> },
  context: ReconcileContext,
): Promise<HubOutcome> {
  const hubId = hubIdFor({ partition: context.partition, region: context.region, accountId: context.accountId, vpcId: spec.vpcId });
  const groupWrites = await markHubGroup(context.ec2, group, hubId, spec);
  const zones = await convergeHubZones(wantedHubZones(hubServices(desired, endpoints)), {
    route53: pacedRoute53(context),
    owner: context.owner,
    vpcId: spec.vpcId,
    region: context.region,
    hubId,
    log: context.log,
    clock: context.clock,
    remainingMs: context.remainingMs,
  });
  return { hubId, zoneIdsByService: zones.zoneIdsByService, writes: groupWrites + zones.writes };
}

/**
 * Before any write of a hub's Update: refuses when the desired services would delete a zone that VPCs other than the
 * hub's are associated with (a consumer's, or one associated by hand). Route 53 deletes such a zone without a word and
 * those VPCs stop resolving its names (docs/simulator.md), so the consumers must leave first. Whatever deletes a zone
 * is covered (a service taken out, or its private DNS names changed), since the zones are compared, not the services.
 * Nothing is read for a resource that is not a hub yet (no group of `ownedGroups` is marked: it has no zones).
 *
 * @throws PreconditionFailedError naming each zone, its service, and the VPCs with the consumers that claimed them.
 */
export async function checkHubZoneRemovals(
  spec: EndpointSpec,
  desired: DesiredState,
  ownedGroups: readonly Pick<ObservedSecurityGroup, 'groupId' | 'tags'>[],
  context: Pick<ReconcileContext, 'ec2' | 'route53' | 'clock' | 'remainingMs' | 'random' | 'owner' | 'region'>,
): Promise<void> {
  const hubGroups = ownedGroups.filter(isHubGroup);
  if (spec.dnsMode !== 'HostedZones' || hubGroups.length === 0) return;
  const route53 = pacedRoute53(context);
  const plan = planHubZones(wantedHubZones(hubServices(desired, [])), await observeHubZones(route53, context.owner, { records: false }));
  const inUse = await zonesInUse(route53, plan.remove, { vpcId: spec.vpcId, region: context.region });
  if (inUse.length === 0) return;
  const consumers = (await Promise.all(hubGroups.map((group) => consumerRulesOf(context.ec2, group.groupId, context.owner)))).flat();
  throw new PreconditionFailedError(zoneRemovalBlockers(inUse, consumers, { operation: 'Update', beforeAnyWrite: true }));
}

/**
 * A Delete of a hub: its zones go (records first). Returns the Route 53 writes made.
 *
 * @throws PreconditionFailedError before any write while VPCs other than the hub's are associated with a zone.
 */
export async function tearDownHub(
  vpcId: string,
  context: Pick<ReconcileContext, 'route53' | 'clock' | 'remainingMs' | 'random' | 'owner' | 'log' | 'region'>,
): Promise<number> {
  return removeHubZones(pacedRoute53(context), context.owner, { vpcId, region: context.region }, context);
}

/** The hub's interface services with what their zones are made from; the alias target from `endpoints` when listed. */
function hubServices(desired: DesiredState, endpoints: readonly ObservedEndpoint[]): HubService[] {
  return desired.interfaceEndpoints.map((wanted) => {
    const endpoint = endpoints.find((candidate) => candidate.type === 'Interface' && candidate.serviceName === wanted.offering.serviceName);
    const target = endpoint === undefined ? undefined : regionalDnsEntry(endpoint.endpointId, endpoint.dnsEntries ?? []);
    return {
      service: wanted.service,
      privateDnsNames: wanted.offering.privateDnsNames ?? (wanted.offering.privateDnsName ? [wanted.offering.privateDnsName] : []),
      ...(target ? { target } : {}),
      ipAddressType: endpointIpType(endpoint),
    };
  });
}

/** The hub tag and the allowed-consumers tags on the group; stale chunks of an earlier, longer list removed. */
async function markHubGroup(
  ec2: Ec2Sender,
  group: { readonly groupId: string; readonly tags: Readonly<Record<string, string>> },
  hubId: string,
  spec: EndpointSpec,
): Promise<number> {
  const wanted = [{ key: HUB_TAG_KEYS.hub, value: hubId }, ...allowedConsumersToTags(spec.allowedConsumers)];
  const set = wanted.filter((tag) => group.tags[tag.key] !== tag.value);
  const stale = Object.keys(group.tags).filter((key) => key.startsWith(HUB_TAG_KEYS.allowedConsumers) && !wanted.some((tag) => tag.key === key));
  let writes = 0;
  if (set.length > 0) {
    await ec2.send(new CreateTagsCommand({ Resources: [group.groupId], Tags: set.map((tag) => ({ Key: tag.key, Value: tag.value })) }));
    writes++;
  }
  if (stale.length > 0) {
    await ec2.send(new DeleteTagsCommand({ Resources: [group.groupId], Tags: stale.map((Key) => ({ Key })) }));
    writes++;
  }
  return writes;
}

function endpointIpType(endpoint: ObservedEndpoint | undefined): IpAddressType {
  const type = endpoint?.ipAddressType?.toLowerCase();
  return type === 'dualstack' || type === 'ipv6' ? type : 'ipv4';
}
