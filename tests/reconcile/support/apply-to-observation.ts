/**
 * What EC2 would report after a plan ran to completion, computed from the plan's actions alone: the observation a
 * second discovery pass would see. Lets the planner tests build converged and half-converged VPCs from real plans
 * instead of hand-written fixtures, so a fixture can never drift from what the planner actually creates.
 *
 * It checks what EC2 checks where the planner could get it wrong (a subnet outside the VPC or overlapping another,
 * two endpoint subnets in one AZ, deleting a subnet or group still in use) and throws like EC2 would.
 */
import { MANAGED_GROUP, type Action } from '../../../lib/reconcile/actions';
import { cidrContains, cidrsOverlap, parseCidr } from '../../../lib/cidr';
import type { Observation, ObservedEndpoint, ObservedSecurityGroup, ObservedSubnet } from '../../../lib/reconcile/observed';
import { isOwnedBy, type Owner } from '../../../lib/reconcile/ownership';
import { azNameOf, EC2_DEFAULT_POLICY, tagRecord, usableAddresses } from '../../support/observation-builder';

/** The observation after `actions` ran in order, each as EC2 would carry it out. Does not change `observation`. */
export function applyToObservation(observation: Observation, actions: readonly Action[], owner: Owner): Observation {
  const world = new SimulatedVpc(observation, owner);
  for (const action of actions) world.apply(action);
  return world.observation();
}

class SimulatedVpc {
  private subnets: ObservedSubnet[];
  private groups: ObservedSecurityGroup[];
  private endpoints: ObservedEndpoint[];
  private createdGroupId: string | undefined;
  private sequence = 0;

  constructor(
    private readonly base: Observation,
    private readonly owner: Owner,
  ) {
    this.subnets = [...base.vpcSubnets];
    this.groups = [...base.ownedSecurityGroups];
    this.endpoints = [...base.endpoints];
    // Continue the numbering of earlier simulated runs, so an ID is never handed out twice.
    const earlier = [...this.subnets.map((s) => s.subnetId), ...this.groups.map((g) => g.groupId), ...this.endpoints.map((e) => e.endpointId)]
      .map((id) => /-0e(\d{15})$/.exec(id)?.[1])
      .filter((digits): digits is string => digits !== undefined)
      .map(Number);
    this.sequence = Math.max(0, ...earlier);
  }

  observation(): Observation {
    const byId = new Map(this.subnets.map((subnet) => [subnet.subnetId, subnet]));
    return {
      ...this.base,
      appSubnets: this.base.appSubnets.flatMap((subnet) => byId.get(subnet.subnetId) ?? []),
      vpcSubnets: this.subnets,
      endpoints: this.endpoints,
      ownedSecurityGroups: this.groups,
    };
  }

  apply(action: Action): void {
    switch (action.kind) {
      case 'createSubnet':
        return this.createSubnet(action.azId, action.cidr, action.ipv6Cidr, tagRecord(action.tags));
      case 'createSecurityGroup':
        this.createdGroupId = this.nextId('sg-');
        this.groups.push({ groupId: this.createdGroupId, groupName: action.groupName, httpsIngressCidrs: [], otherIngressRuleCount: 0, tags: tagRecord(action.tags) });
        return;
      case 'authorizeIngress':
        return this.changeGroup(this.resolveGroup(action.groupId), (cidrs) => [...cidrs, ...action.cidrs.filter((cidr) => !cidrs.includes(cidr))]);
      case 'revokeIngress':
        return this.changeGroup(action.groupId, (cidrs) => cidrs.filter((cidr) => !action.cidrs.includes(cidr)));
      case 'updateTags':
        for (const id of action.resourceIds) this.updateTags(id, tagRecord(action.set), action.removeKeys);
        return;
      case 'createEndpoint': {
        const endpointId = this.nextId('vpce-');
        const subnetIds = action.subnetAzIds.map((azId) => this.endpointSubnetIn(azId));
        this.endpoints.push({
          endpointId,
          type: action.type,
          serviceName: action.serviceName,
          state: 'available',
          subnetIds,
          routeTableIds: [...action.routeTableIds],
          groupIds: action.securityGroupIds.map((id) => this.resolveGroup(id)),
          privateDnsEnabled: action.privateDnsEnabled ?? false,
          ...(action.privateDnsOnlyForInboundResolverEndpoint === undefined ? {} : { privateDnsOnlyForInboundResolverEndpoint: action.privateDnsOnlyForInboundResolverEndpoint }),
          // EC2 reports its defaults (ipv4 interfaces, A records) when the create call named none.
          ipAddressType: action.type === 'Interface' ? (action.addressing?.ipAddressType ?? 'ipv4') : undefined,
          dnsRecordIpType: action.type === 'Interface' ? (action.addressing?.dnsRecordIpType ?? 'ipv4') : undefined,
          policyDocument: action.policyDocument ?? EC2_DEFAULT_POLICY,
          dnsNames: action.type === 'Interface' ? [`${endpointId}.${action.service}.vpce.amazonaws.com`] : [],
          ownerId: this.base.accountId,
          tags: tagRecord(action.tags),
        });
        this.takeAddresses(subnetIds, 1);
        return;
      }
      case 'modifyEndpoint':
        return this.modifyEndpoint(action);
      case 'deleteEndpoints':
        for (const endpointId of action.endpointIds) {
          const endpoint = this.endpoints.find((candidate) => candidate.endpointId === endpointId);
          if (!endpoint) continue; // Deleting what is gone is not an error.
          this.takeAddresses(endpoint.subnetIds, -1);
          this.endpoints = this.endpoints.filter((candidate) => candidate !== endpoint);
        }
        return;
      case 'deleteSubnet': {
        const user = this.endpoints.find((endpoint) => endpoint.subnetIds.includes(action.subnetId));
        if (user) throw new Error(`DependencyViolation: subnet ${action.subnetId} still holds an interface of ${user.endpointId}`);
        this.subnets = this.subnets.filter((subnet) => subnet.subnetId !== action.subnetId);
        return;
      }
      case 'deleteSecurityGroup': {
        const user = this.endpoints.find((endpoint) => endpoint.groupIds.includes(action.groupId));
        if (user) throw new Error(`DependencyViolation: group ${action.groupId} is used by ${user.endpointId}`);
        this.groups = this.groups.filter((group) => group.groupId !== action.groupId);
        return;
      }
    }
  }

  private createSubnet(azId: string, cidr: string | undefined, ipv6Cidr: string | undefined, tags: Record<string, string>): void {
    if (cidr === undefined) throw new Error('the simulation does not model IPAM pools');
    const vpc = this.base.vpc;
    if (!vpc) throw new Error('InvalidVpcID.NotFound');
    const block = parseCidr(cidr);
    // aws-facts: inside one of the VPC's blocks (InvalidSubnet.Range), overlapping no other subnet (InvalidSubnet.Conflict).
    if (!vpc.ipv4Blocks.some((vpcBlock) => cidrContains(parseCidr(vpcBlock), block))) throw new Error(`InvalidSubnet.Range: ${cidr}`);
    const clash = this.subnets.find((subnet) => subnet.cidr !== '' && cidrsOverlap(parseCidr(subnet.cidr), block));
    if (clash) throw new Error(`InvalidSubnet.Conflict: ${cidr} overlaps ${clash.subnetId} (${clash.cidr})`);
    if (ipv6Cidr !== undefined) {
      const ipv6 = parseCidr(ipv6Cidr);
      if (!vpc.ipv6Blocks.some((vpcBlock) => cidrContains(parseCidr(vpcBlock), ipv6))) throw new Error(`InvalidSubnet.Range: ${ipv6Cidr}`);
      const ipv6Clash = this.subnets.find((subnet) => subnet.ipv6Cidrs.some((other) => cidrsOverlap(parseCidr(other), ipv6)));
      if (ipv6Clash) throw new Error(`InvalidSubnet.Conflict: ${ipv6Cidr} overlaps ${ipv6Clash.subnetId}`);
    }
    this.subnets.push({
      subnetId: this.nextId('subnet-'),
      vpcId: vpc.vpcId,
      cidr,
      ipv6Cidrs: ipv6Cidr === undefined ? [] : [ipv6Cidr],
      azId,
      azName: azNameOf(azId),
      ownerId: this.base.accountId,
      availableIpAddressCount: usableAddresses(cidr),
      tags,
    });
  }

  private modifyEndpoint(action: Extract<Action, { kind: 'modifyEndpoint' }>): void {
    const endpoint = this.endpointById(action.endpointId);
    const addSubnetIds = action.addSubnetAzIds.map((azId) => this.endpointSubnetIn(azId));
    const subnetIds = [...endpoint.subnetIds.filter((id) => !action.removeSubnetIds.includes(id)), ...addSubnetIds];
    const azIds = subnetIds.map((id) => this.subnets.find((subnet) => subnet.subnetId === id)?.azId);
    // aws-facts: at most one subnet per AZ per endpoint.
    if (new Set(azIds).size !== azIds.length) throw new Error(`DuplicateSubnetsInSameZone on ${endpoint.endpointId}`);
    this.takeAddresses(action.removeSubnetIds.filter((id) => endpoint.subnetIds.includes(id)), -1);
    this.takeAddresses(addSubnetIds, 1);
    const groupIds = [
      ...endpoint.groupIds.filter((id) => !action.removeSecurityGroupIds.includes(id)),
      ...action.addSecurityGroupIds.map((id) => this.resolveGroup(id)),
    ];
    this.replaceEndpoint({
      ...endpoint,
      subnetIds,
      routeTableIds: [...endpoint.routeTableIds.filter((id) => !action.removeRouteTableIds.includes(id)), ...action.addRouteTableIds],
      groupIds: [...new Set(groupIds)],
      policyDocument: action.resetPolicy ? EC2_DEFAULT_POLICY : (action.policyDocument ?? endpoint.policyDocument),
      privateDnsEnabled: action.privateDnsEnabled ?? endpoint.privateDnsEnabled,
      privateDnsOnlyForInboundResolverEndpoint: action.privateDnsOnlyForInboundResolverEndpoint ?? endpoint.privateDnsOnlyForInboundResolverEndpoint,
      ipAddressType: action.addressing?.ipAddressType ?? endpoint.ipAddressType,
      dnsRecordIpType: action.addressing?.dnsRecordIpType ?? endpoint.dnsRecordIpType,
    });
  }

  /** The endpoint subnet this resource owns in `azId`: the one a real apply resolves the AZ to. */
  private endpointSubnetIn(azId: string): string {
    const matches = this.subnets.filter((subnet) => subnet.azId === azId && subnet.tags['vpce-provisioner:az-id'] === azId && isOwnedBy(subnet.tags, this.owner));
    const subnet = matches[0];
    if (!subnet || matches.length > 1) throw new Error(`expected one endpoint subnet in ${azId}, found ${matches.length}`);
    return subnet.subnetId;
  }

  private resolveGroup(groupId: string): string {
    if (groupId !== MANAGED_GROUP) return groupId;
    if (!this.createdGroupId) throw new Error('MANAGED_GROUP used before the group was created');
    return this.createdGroupId;
  }

  private changeGroup(groupId: string, change: (cidrs: readonly string[]) => string[]): void {
    const index = this.groups.findIndex((group) => group.groupId === groupId);
    const group = this.groups[index];
    if (!group) throw new Error(`InvalidGroup.NotFound: ${groupId}`);
    this.groups[index] = { ...group, httpsIngressCidrs: change(group.httpsIngressCidrs) };
  }

  private updateTags(resourceId: string, set: Record<string, string>, removeKeys: readonly string[]): void {
    const retag = <T extends { tags: Readonly<Record<string, string>> }>(resource: T): T => {
      const tags = { ...resource.tags, ...set };
      for (const key of removeKeys) delete tags[key];
      return { ...resource, tags };
    };
    this.subnets = this.subnets.map((subnet) => (subnet.subnetId === resourceId ? retag(subnet) : subnet));
    this.groups = this.groups.map((group) => (group.groupId === resourceId ? retag(group) : group));
    this.endpoints = this.endpoints.map((endpoint) => (endpoint.endpointId === resourceId ? retag(endpoint) : endpoint));
  }

  private takeAddresses(subnetIds: readonly string[], count: number): void {
    this.subnets = this.subnets.map((subnet) =>
      subnetIds.includes(subnet.subnetId) ? { ...subnet, availableIpAddressCount: subnet.availableIpAddressCount - count } : subnet,
    );
  }

  private endpointById(endpointId: string): ObservedEndpoint {
    const endpoint = this.endpoints.find((candidate) => candidate.endpointId === endpointId);
    if (!endpoint) throw new Error(`InvalidVpcEndpointId.NotFound: ${endpointId}`);
    return endpoint;
  }

  private replaceEndpoint(endpoint: ObservedEndpoint): void {
    this.endpoints = this.endpoints.map((candidate) => (candidate.endpointId === endpoint.endpointId ? endpoint : candidate));
  }

  /** IDs in a range of their own (`…-0e` + 15 digits), apart from anything the builder makes. */
  private nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}0e${String(this.sequence).padStart(15, '0')}`;
  }
}
