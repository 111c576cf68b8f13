/**
 * The hub part of a preview (DnsMode "HostedZones"): the hosted zones and alias records the resource would create, keep
 * or remove, who may consume, and one change line per zone naming its service. Worked out with the same pure functions
 * the hub's converge uses (lib/centralised/), from the zones the owner has now; a zone of a new endpoint shows its
 * records as aliases to that endpoint's regional DNS name, which EC2 assigns only once the endpoint exists.
 *
 * Pure: the zones come in already observed (lib/reconcile/hub-zones.ts's observeHubZones, read-only calls).
 */
import { allowedConsumersToTags, HUB_TAG_KEYS, ORGANIZATION } from '../centralised/hub-contract';
import {
  planHubZones,
  recordChanges,
  regionalDnsEntry,
  wantedHubZones,
  type AliasRecord,
  type HubService,
  type ObservedHubZone,
} from '../centralised/hub-zone-plan';
import { compareText } from '../compare-text';
import { TAG_KEYS, type EndpointSpec, type IpAddressType, type Tag } from '../properties/spec';
import type { Plan } from '../reconcile/plan';
import type { PlanChange, PreviewHub, PreviewHubRecord, PreviewHubZone, PreviewInterfaceEndpoint } from './types';

type SucceedingPlan = Extract<Plan, { ok: true }>;

/** Stands in for the alias target of an endpoint the plan creates: EC2 names its regional DNS entry at creation. */
export const NEW_ENDPOINT_TARGET = '(the new endpoint’s regional DNS name)';

/** What the hub summary needs besides the plan. */
export interface HubPreviewInput {
  readonly spec: EndpointSpec;
  readonly plan: SucceedingPlan;
  /** The interface endpoints as the preview reports them (status and the endpoint kept, if any). */
  readonly interfaceEndpoints: readonly PreviewInterfaceEndpoint[];
  /** The owner's zones as Route 53 lists them now (none for a Create). */
  readonly observedZones: readonly ObservedHubZone[];
  /** The hub's ID (lib/centralised/hub-contract.ts hubIdFor); undefined when the account is not known. */
  readonly hubId: string | undefined;
}

/**
 * The hub as the preview shows it, and its change lines (zones in the order the converge handles them: removals first,
 * then the wanted zones in service order), to be appended after the endpoints' changes.
 */
export function summarizeHub(input: HubPreviewInput): { hub: PreviewHub; changes: PlanChange[]; groupChange?: PlanChange } {
  const { spec, plan } = input;
  const services: HubService[] = plan.desired.interfaceEndpoints.map((wanted) => {
    const shown = input.interfaceEndpoints.find((endpoint) => endpoint.service === wanted.service && endpoint.status !== 'deleted');
    const keptId = shown && (shown.status === 'unchanged' || shown.status === 'modified') ? shown.endpointId : undefined;
    const kept = keptId === undefined ? undefined : plan.owned.endpoints.find((endpoint) => endpoint.endpointId === keptId);
    const target = kept === undefined ? undefined : regionalDnsEntry(kept.endpointId, kept.dnsEntries ?? []);
    return {
      service: wanted.service,
      privateDnsNames: wanted.offering.privateDnsNames ?? (wanted.offering.privateDnsName ? [wanted.offering.privateDnsName] : []),
      // A new endpoint's records are shown with a placeholder target, so that they are listed at all.
      target: target ?? { dnsName: NEW_ENDPOINT_TARGET, hostedZoneId: '' },
      ipAddressType: ipTypeOf(kept?.ipAddressType ?? wanted.addressing?.ipAddressType),
    };
  });
  const wanted = wantedHubZones(services);
  const zonePlan = planHubZones(wanted, input.observedZones);

  const zones: PreviewHubZone[] = [
    ...zonePlan.remove.map(
      (zone): PreviewHubZone => ({
        service: zone.tags[TAG_KEYS.service] ?? zoneServiceFallback(zone),
        zoneName: zone.zoneName,
        status: 'deleted',
        zoneId: zone.zoneId,
        records: zone.records.map((record) => recordOf(record, 'delete')),
      }),
    ),
    ...wanted.map((zone): PreviewHubZone => {
      const kept = zonePlan.keep.find((entry) => entry.wanted === zone)?.zone;
      const changes = recordChanges(zone.records, kept?.records ?? []);
      const records = [
        ...zone.records.map((record) => {
          const change = changes.find((candidate) => candidate.record === record);
          const present = kept?.records.some((candidate) => candidate.name === record.name && candidate.type === record.type) ?? false;
          return recordOf(record, change === undefined ? 'keep' : present ? 'update' : 'create');
        }),
        ...changes.filter((change) => change.action === 'DELETE').map((change) => recordOf(change.record, 'delete')),
      ];
      return { service: zone.service, zoneName: zone.zoneName, status: kept ? 'kept' : 'new', ...(kept ? { zoneId: kept.zoneId } : {}), records };
    }),
  ];

  const allowedConsumerTags = allowedConsumersToTags(spec.allowedConsumers);
  const hub: PreviewHub = {
    ...(input.hubId === undefined ? {} : { hubId: input.hubId }),
    allowedConsumers: describeAllowedConsumers(spec),
    allowedConsumerTags,
    zones,
    hostedZones: { current: input.observedZones.length, planned: wanted.length },
  };
  const groupChange = groupMarkChange(plan, input.hubId, allowedConsumerTags);
  return { hub, changes: zones.flatMap(zoneChange), ...(groupChange ? { groupChange } : {}) };
}

/** Who may consume, in words. */
export function describeAllowedConsumers(spec: Pick<EndpointSpec, 'allowedConsumers'>): string {
  const allowed = spec.allowedConsumers;
  if (allowed.kind === 'organization') return `every account of the organisation (${ORGANIZATION})`;
  const accounts = [...allowed.accountIds].sort(compareText).join(', ');
  const units = [...(allowed.organizationalUnitIds ?? [])].sort(compareText).join(', ');
  if (units !== '') return `the hub’s own account${accounts === '' ? '' : `, ${accounts}`} and the accounts under ${units}`;
  if (accounts === '') return 'the hub’s own account only';
  return `the hub’s own account and ${accounts}`;
}

function recordOf(record: AliasRecord, change: PreviewHubRecord['change']): PreviewHubRecord {
  return { name: record.name, type: record.type, target: record.target.dnsName, change };
}

/**
 * A kept group not yet marked as this hub (or with another consumer list) is tagged: a `~` on the group, which the caller
 * merges into the group's own line if it has one (each resource once). A new group is marked as part of its creation.
 */
function groupMarkChange(plan: SucceedingPlan, hubId: string | undefined, allowedConsumerTags: readonly Tag[]): PlanChange | undefined {
  const kept = [...plan.owned.securityGroups].sort((a, b) => compareText(a.groupId, b.groupId))[0];
  if (!kept) return undefined;
  const wanted = [...(hubId === undefined ? [] : [{ key: HUB_TAG_KEYS.hub, value: hubId }]), ...allowedConsumerTags];
  const set = wanted.filter((tag) => kept.tags[tag.key] !== tag.value);
  const stale = Object.keys(kept.tags).filter((key) => key.startsWith(HUB_TAG_KEYS.allowedConsumers) && !wanted.some((tag) => tag.key === key));
  if (set.length === 0 && stale.length === 0) return undefined;
  const parts = [...(set.length > 0 ? [`tag ${set.map((tag) => `${tag.key}=${tag.value}`).join(', ')}`] : []), ...(stale.length > 0 ? [`untag ${stale.join(', ')}`] : [])];
  return { marker: '~', resource: 'security group', concerns: 'of the endpoints', id: kept.groupId, detail: `mark as the hub: ${parts.join('; ')}` };
}

function zoneChange(zone: PreviewHubZone): PlanChange[] {
  const aliases = (change: PreviewHubRecord['change']) =>
    zone.records.filter((record) => record.change === change).map((record) => `${record.type} ${record.name}`);
  const target = zone.records.find((record) => record.change !== 'delete')?.target;
  if (zone.status === 'deleted') {
    const records = aliases('delete');
    return [{ marker: '-', resource: 'hosted zone', concerns: zone.service, id: zone.zoneId ?? null, detail: `delete ${zone.zoneName}${records.length > 0 ? ` after its aliases ${records.join(', ')}` : ''}` }];
  }
  if (zone.status === 'new') {
    return [
      {
        marker: '+',
        resource: 'hosted zone',
        concerns: zone.service,
        id: null,
        detail: `private zone ${zone.zoneName}, associated with the hub VPC; aliases ${aliases('create').join(', ')} -> ${target ?? NEW_ENDPOINT_TARGET}`,
      },
    ];
  }
  const changed = [
    ...(aliases('create').length > 0 ? [`add ${aliases('create').join(', ')}`] : []),
    ...(aliases('update').length > 0 ? [`repoint ${aliases('update').join(', ')}`] : []),
    ...(aliases('delete').length > 0 ? [`remove ${aliases('delete').join(', ')}`] : []),
  ];
  if (changed.length === 0) return [];
  return [{ marker: '~', resource: 'hosted zone', concerns: zone.service, id: zone.zoneId ?? null, detail: `${zone.zoneName}: ${changed.join('; ')}${target ? ` -> ${target}` : ''}` }];
}

/** A removed zone whose service tag is missing (a crash before tagging): its name stands for the service. */
function zoneServiceFallback(zone: ObservedHubZone): string {
  return zone.zoneName;
}

function ipTypeOf(type: string | undefined): IpAddressType {
  const lower = type?.toLowerCase();
  return lower === 'dualstack' || lower === 'ipv6' ? lower : 'ipv4';
}
