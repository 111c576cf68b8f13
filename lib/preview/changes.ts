/**
 * The plan as a reviewer reads it: one change per resource, each with a `+` (add), `~` (change), `-` (destroy) or
 * `-/+` (replace) marker and the service or AZ ID it concerns, and the `Plan: N to add, M to change, K to destroy.`
 * counts. Derived from the planner's actions and what it observed; pure.
 */
import { compareCidrs, tryParseCidr } from '../cidr';
import { compareText } from '../compare-text';
import { MANAGED_GROUP, type Action, type CreateEndpointAction } from '../reconcile/actions';
import type { ObservedEndpoint } from '../reconcile/observed';
import type { Plan } from '../reconcile/plan';
import type { ChangeCounts, PlanChange, PlanChangeResource } from './types';

type SucceedingPlan = Extract<Plan, { ok: true }>;

/**
 * CIDRs in numeric order (IPv4 before IPv6, then by address, then by size), never as text: `10.2.0.64/26` comes before
 * `10.2.0.128/26`. Text that is no CIDR keeps its place after the CIDRs.
 *
 * @example sortCidrs(['10.2.0.128/26', '10.2.0.64/26']) // ['10.2.0.64/26', '10.2.0.128/26']
 */
export function sortCidrs(cidrs: readonly string[]): string[] {
  const parsed = cidrs.map((text) => ({ text, cidr: tryParseCidr(text) }));
  return parsed
    .sort((a, b) => (a.cidr && b.cidr ? compareCidrs(a.cidr, b.cidr) : a.cidr ? -1 : b.cidr ? 1 : compareText(a.text, b.text)))
    .map((entry) => entry.text);
}

/**
 * The short name of a service (`logs`) from its full name (`com.amazonaws.us-east-1.logs`): the one the properties
 * used when the plan wants the service, else the name without its `com.amazonaws.<region>.` prefix.
 */
export function shortServiceName(serviceName: string, plan?: SucceedingPlan): string {
  const wanted = [...(plan?.desired.interfaceEndpoints ?? []), ...(plan?.desired.gatewayEndpoints ?? [])].find(
    (endpoint) => endpoint.offering.serviceName === serviceName,
  );
  if (wanted) return wanted.shortName;
  return serviceName.replace(/^(cn\.)?com\.amazonaws\.[a-z0-9-]+\./, '');
}

/**
 * One change per resource, in the order the plan runs them (a replaced endpoint is one `-/+` change, not a `+` and a
 * `-`).
 *
 * @example
 * planChanges(plan).map((change) => `${change.marker} ${change.resource} ${change.concerns}`)
 * // ['+ endpoint subnet use1-az1', '+ security group (new)', '+ interface endpoint logs', '- interface endpoint ssm']
 */
export function planChanges(plan: SucceedingPlan): PlanChange[] {
  const owned = plan.owned;
  const endpointById = new Map(owned.endpoints.map((endpoint) => [endpoint.endpointId, endpoint]));
  const subnetAz = new Map([...owned.subnets, ...plan.keptSubnets.values()].map((subnet) => [subnet.subnetId, subnet.azId]));
  const replaced = new Set(plan.actions.flatMap((action) => (action.kind === 'createEndpoint' && action.replaces ? [action.replaces] : [])));
  const newGroupRules = plan.actions.flatMap((action) => (action.kind === 'authorizeIngress' && action.groupId === MANAGED_GROUP ? action.cidrs : []));
  const groupRuleChanges = new Map<string, { allow: string[]; revoke: string[] }>();
  for (const action of plan.actions) {
    if ((action.kind !== 'authorizeIngress' && action.kind !== 'revokeIngress') || action.groupId === MANAGED_GROUP) continue;
    const entry = groupRuleChanges.get(action.groupId) ?? { allow: [], revoke: [] };
    (action.kind === 'authorizeIngress' ? entry.allow : entry.revoke).push(...action.cidrs);
    groupRuleChanges.set(action.groupId, entry);
  }
  const azsOf = (endpoint: ObservedEndpoint) => [...new Set(endpoint.subnetIds.map((id) => subnetAz.get(id) ?? id))].sort(compareText);
  const endpointResource = (type: 'Interface' | 'Gateway'): PlanChangeResource => (type === 'Interface' ? 'interface endpoint' : 'gateway endpoint');

  const changes: PlanChange[] = [];
  const change = (marker: PlanChange['marker'], resource: PlanChangeResource, concerns: string, id: string | null, detail: string) => {
    // One line per resource: a second change in place of the same resource (its tags, say) joins the first.
    const earlier = marker === '~' && id !== null ? changes.findIndex((entry) => entry.marker === '~' && entry.id === id) : -1;
    const joined = changes[earlier];
    if (joined) changes[earlier] = { ...joined, detail: `${joined.detail}; ${detail}` };
    else changes.push({ marker, resource, concerns, id, detail });
  };
  for (const action of plan.actions) {
    switch (action.kind) {
      case 'createSubnet':
        change('+', 'endpoint subnet', action.azId, null, [action.cidr ?? `a /${action.prefixLength} from IPAM pool ${action.ipamPoolId ?? '(none)'}`, action.ipv6Cidr].filter(Boolean).join(' + '));
        break;
      case 'createSecurityGroup':
        change('+', 'security group', 'of the endpoints', null, `TCP 443 from ${sortCidrs(newGroupRules).join(', ') || 'nowhere'}`);
        break;
      case 'authorizeIngress':
      case 'revokeIngress': {
        const rules = groupRuleChanges.get(action.groupId);
        if (!rules) break; // the new group's rules are part of its `+` line
        groupRuleChanges.delete(action.groupId);
        const parts = [
          ...(rules.allow.length > 0 ? [`allow TCP 443 from ${sortCidrs(rules.allow).join(', ')}`] : []),
          ...(rules.revoke.length > 0 ? [`revoke TCP 443 from ${sortCidrs(rules.revoke).join(', ')}`] : []),
        ];
        change('~', 'security group', 'of the endpoints', action.groupId, parts.join('; '));
        break;
      }
      case 'createEndpoint':
        changes.push(createdEndpoint(action, action.replaces ? endpointById.get(action.replaces) : undefined));
        break;
      case 'modifyEndpoint': {
        const current = endpointById.get(action.endpointId);
        change('~', endpointResource(current?.type ?? 'Interface'), action.service, action.endpointId, modificationDetail(action, subnetAz));
        break;
      }
      case 'updateTags':
        for (const id of action.resourceIds) {
          const endpoint = endpointById.get(id);
          const resource: PlanChangeResource = id.startsWith('subnet-') ? 'endpoint subnet' : id.startsWith('sg-') ? 'security group' : endpointResource(endpoint?.type ?? 'Interface');
          const concerns = endpoint ? shortServiceName(endpoint.serviceName, plan) : (subnetAz.get(id) ?? 'of the endpoints');
          change('~', resource, concerns, id, `tags: ${tagDetail(action)}`);
        }
        break;
      case 'deleteEndpoints':
        for (const id of action.endpointIds) {
          if (replaced.has(id)) continue;
          const endpoint = endpointById.get(id);
          if (!endpoint) {
            change('-', 'interface endpoint', '(unknown service)', id, 'deleted');
            continue;
          }
          const where = endpoint.type === 'Interface' ? `in ${azsOf(endpoint).join(', ') || 'no AZ'}` : `on ${[...endpoint.routeTableIds].sort(compareText).join(', ') || 'no route table'}`;
          change('-', endpointResource(endpoint.type), shortServiceName(endpoint.serviceName, plan), id, `${endpoint.serviceName} ${where} (${endpoint.state})`);
        }
        break;
      case 'deleteSubnet': {
        const subnet = owned.subnets.find((candidate) => candidate.subnetId === action.subnetId);
        change('-', 'endpoint subnet', action.azId, action.subnetId, subnet ? [subnet.cidr, ...subnet.ipv6Cidrs].join(' + ') : 'deleted');
        break;
      }
      case 'deleteSecurityGroup':
        change('-', 'security group', 'of the endpoints', action.groupId, 'a second managed group left by an interrupted run');
        break;
    }
  }
  return changes;
}

/**
 * Terraform's counts: each resource once (its tag change and its modification are one change, on one line); a
 * replacement counts as one to add and one to destroy.
 */
export function countChanges(changes: readonly PlanChange[]): ChangeCounts {
  return {
    add: changes.filter((change) => change.marker === '+' || change.marker === '-/+').length,
    change: changes.filter((change) => change.marker === '~').length,
    destroy: changes.filter((change) => change.marker === '-' || change.marker === '-/+').length,
  };
}

function createdEndpoint(action: CreateEndpointAction, replacing: ObservedEndpoint | undefined): PlanChange {
  const where = action.type === 'Interface' ? `in ${action.subnetAzIds.join(', ')}` : `on ${action.routeTableIds.join(', ')}`;
  const details = [
    ...(action.type === 'Interface' ? [`private DNS ${action.privateDnsEnabled ? 'on' : 'off'}`] : []),
    ...(action.addressing && action.addressing.ipAddressType !== 'ipv4' ? [action.addressing.ipAddressType] : []),
    ...(action.policyDocument !== undefined ? ['custom policy'] : []),
  ];
  const replaces = action.replaces ? `; replaces ${action.replaces}${replacing ? ` (${replacing.state})` : ''}` : '';
  return {
    marker: action.replaces ? '-/+' : '+',
    resource: action.type === 'Interface' ? 'interface endpoint' : 'gateway endpoint',
    concerns: action.service,
    id: action.replaces ?? null,
    detail: `${action.serviceName} ${where}${details.length > 0 ? ` (${details.join(', ')})` : ''}${replaces}`,
  };
}

function modificationDetail(action: Extract<Action, { kind: 'modifyEndpoint' }>, subnetAz: ReadonlyMap<string, string>): string {
  const list = (items: readonly string[]) => items.join(', ');
  const leaving = action.removeSubnetIds.map((id) => (subnetAz.has(id) ? `${subnetAz.get(id)} (${id})` : id));
  return [
    ...(action.addSubnetAzIds.length > 0 ? [`add ${list(action.addSubnetAzIds)}`] : []),
    ...(action.removeSubnetIds.length > 0 ? [`leave ${list(leaving)}`] : []),
    ...(action.addRouteTableIds.length > 0 ? [`add route tables ${list(action.addRouteTableIds)}`] : []),
    ...(action.removeRouteTableIds.length > 0 ? [`remove route tables ${list(action.removeRouteTableIds)}`] : []),
    ...(action.addSecurityGroupIds.length > 0 ? [`add security groups ${list(action.addSecurityGroupIds.map((id) => (id === MANAGED_GROUP ? 'the managed group' : id)))}`] : []),
    ...(action.removeSecurityGroupIds.length > 0 ? [`remove security groups ${list(action.removeSecurityGroupIds)}`] : []),
    ...(action.policyDocument !== undefined ? ['set its policy'] : []),
    ...(action.resetPolicy ? ['reset its policy to the default'] : []),
    ...(action.privateDnsEnabled !== undefined ? [`turn private DNS ${action.privateDnsEnabled ? 'on' : 'off'}`] : []),
    ...(action.addressing ? [`use ${action.addressing.ipAddressType}, DNS records ${action.addressing.dnsRecordIpType}`] : []),
  ].join('; ');
}

function tagDetail(action: Extract<Action, { kind: 'updateTags' }>): string {
  return [
    ...(action.set.length > 0 ? [`set ${action.set.map((tag) => `${tag.key}=${tag.value}`).join(', ')}`] : []),
    ...(action.removeKeys.length > 0 ? [`remove ${action.removeKeys.join(', ')}`] : []),
  ].join('; ');
}
