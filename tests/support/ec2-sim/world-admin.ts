import { parseCidr } from './cidr';
import type { ActionContext } from './context';
import { Ec2SimError } from './errors';
import { createForeignEni } from './actions/network-interfaces';
import type { VpcQuotaName } from './quotas';
import { newZoneRecord, resolveName, type NameAnswer } from './route53';
import type { IpamPoolRecord } from './state';

/**
 * World changes that have no EC2 action in the simulator: an IPAM pool to allocate subnets from,
 * and RAM sharing of a VPC's subnets with another account.
 */
export class WorldAdmin {
  constructor(private readonly contextOf: () => ActionContext) {}

  /**
   * Creates an IPv4 IPAM pool (owned by the simulator's account) holding `cidrs`; `allocated`
   * blocks are already taken by someone else. With `sourceVpcId` it is a resource planning pool of
   * that VPC (the only kind subnets can be allocated from); without, a regional pool of the region.
   * Returns the pool id (`ipam-pool-…`).
   */
  createIpamPool(options: { cidrs: readonly string[]; allocated?: readonly string[]; sourceVpcId?: string }): string {
    const ctx = this.contextOf();
    for (const cidr of [...options.cidrs, ...(options.allocated ?? [])]) {
      if (!parseCidr(cidr)) throw new Error(`createIpamPool: bad CIDR ${cidr}`);
    }
    const pool: IpamPoolRecord = {
      id: ctx.newId('ipam-pool'),
      ownerId: ctx.account,
      sourceVpcId: options.sourceVpcId,
      cidrs: [...options.cidrs],
      allocations: (options.allocated ?? []).map((cidr) => ({ cidr })),
    };
    ctx.state.ipamPools.set(pool.id, pool);
    return pool.id;
  }

  /**
   * Creates a Route 53 private hosted zone named `name` and associates it with `vpcIds` (in the simulator's region),
   * as a shared-services team does when it centralises endpoints. `ownerAccountId` defaults to the simulator's account
   * (a central network account associates its zone with member VPCs across accounts). Returns the zone id.
   */
  createPrivateHostedZone(options: { name: string; vpcIds: readonly string[]; ownerAccountId?: string }): string {
    const ctx = this.contextOf();
    const zone = newZoneRecord(ctx, {
      name: options.name,
      ownerId: options.ownerAccountId ?? ctx.account,
      vpcs: options.vpcIds.map((vpcId) => ({ vpcId, region: ctx.region })),
      privateZone: true,
    });
    ctx.state.hostedZones.set(zone.id, zone);
    return zone.id;
  }

  /**
   * What the Amazon DNS server of the VPC answers for `name` (A records): the most specific private hosted zone
   * associated with the VPC, the exact record or else the wildcard, aliases followed to an interface endpoint and its
   * private addresses; or the private DNS of one of the VPC's endpoints. Undefined for NXDOMAIN or no data
   * (./route53/resolver.ts).
   *
   * @example
   * sim.admin.resolve(spokeVpcId, 'api.ecr.us-east-1.amazonaws.com')?.addresses; // ['10.0.1.10', '10.0.2.10']
   */
  resolve(vpcId: string, name: string): NameAnswer | undefined {
    return resolveName(this.contextOf(), vpcId, name);
  }

  /** Applies a raised (or lowered) VPC quota to an account (default: the simulator's), as Service Quotas would. */
  setQuota(quota: VpcQuotaName, value: number, accountId?: string): void {
    const ctx = this.contextOf();
    const account = accountId ?? ctx.account;
    ctx.state.quotas.set(account, { ...ctx.state.quotas.get(account), [quota]: value });
  }

  /**
   * A Gateway Load Balancer endpoint another team made in a subnet of the VPC, already available: it counts against the
   * interface-endpoint quota (aws-facts.md, "Interface endpoints"). The simulator cannot create one through the API (it
   * has no load balancers); its ENI is not modelled. Returns the endpoint id.
   */
  addGatewayLoadBalancerEndpoint(options: { vpcId: string; subnetId: string; accountId?: string }): string {
    const ctx = this.contextOf();
    const id = ctx.newId('vpce');
    ctx.state.endpoints.set(id, {
      id,
      ownerId: options.accountId ?? ctx.account,
      createdAt: ctx.now,
      tags: new Map(),
      type: 'GatewayLoadBalancer',
      vpcId: options.vpcId,
      serviceName: `com.amazonaws.vpce.${ctx.region}.vpce-svc-0${id.slice(-16)}`,
      policyDocument: '',
      routeTableIds: [],
      subnetIds: [options.subnetId],
      groupIds: [],
      ipAddressType: 'ipv4',
      dnsRecordIpType: 'ipv4',
      privateDnsEnabled: false,
      privateDnsOnlyForInboundResolverEndpoint: false,
      availableAt: ctx.now,
    });
    return id;
  }

  /** Leaves a quota without an applied value for an account: GetServiceQuota then answers NoSuchResourceException. */
  clearAppliedQuota(quota: VpcQuotaName, accountId?: string): void {
    const ctx = this.contextOf();
    ctx.state.quotasWithoutAppliedValue.add(`${accountId ?? ctx.account}\n${quota}`);
  }

  /** The pool's current allocations (CIDR and, for subnets, the subnet id). */
  ipamAllocations(poolId: string): Array<{ cidr: string; resourceId?: string }> {
    const pool = this.contextOf().state.ipamPools.get(poolId);
    if (!pool) throw new Ec2SimError('InvalidIpamPoolId.NotFound', `The pool ID '${poolId}' does not exist`);
    return pool.allocations.map((allocation) => ({ ...allocation }));
  }

  /**
   * Backdates resources by `ms` as if they had been built that long ago: past any visibility
   * delay, and endpoints already `available`. Used for worlds "another team" built earlier.
   */
  backdate(ids: readonly string[], ms: number): void {
    const { state } = this.contextOf();
    const tables = [state.vpcs, state.subnets, state.routeTables, state.securityGroups, state.endpoints, state.networkInterfaces];
    for (const id of ids) {
      for (const table of tables) {
        const record = table.get(id) as { createdAt: number } | undefined;
        if (record) Object.assign(record, { createdAt: record.createdAt - ms });
      }
      const endpoint = state.endpoints.get(id);
      if (endpoint) endpoint.availableAt = Math.min(endpoint.availableAt, endpoint.createdAt);
      for (const eni of state.networkInterfaces.values()) {
        if (eni.endpointId === id) Object.assign(eni, { createdAt: eni.createdAt - ms });
      }
    }
  }

  /**
   * Places another party's ENI in a subnet, as when someone launches an instance there (EC2 has no action for that in
   * the simulator). Default: an instance's ENI (`interface`, attached to a made-up instance) in the VPC's default group.
   * Returns the ENI id.
   */
  placeForeignEni(
    subnetId: string,
    options: { groupIds?: readonly string[]; interfaceType?: string; description?: string; requesterId?: string; instanceId?: string } = {},
  ): string {
    const ctx = this.contextOf();
    const subnet = ctx.state.subnets.get(subnetId);
    if (!subnet) throw new Error(`placeForeignEni: no subnet ${subnetId}`);
    const vpc = ctx.state.vpcs.get(subnet.vpcId);
    const interfaceType = options.interfaceType ?? 'interface';
    const instanceId = interfaceType === 'interface' ? (options.instanceId ?? ctx.newId('i')) : options.instanceId;
    const eni = createForeignEni(ctx, subnet, {
      interfaceType,
      description: options.description ?? (instanceId !== undefined ? `Primary network interface of ${instanceId}` : ''),
      groupIds: options.groupIds ?? (vpc ? [vpc.defaultGroupId] : []),
      requesterId: options.requesterId,
      instanceId,
    });
    return eni.id;
  }

  /** Removes another party's ENI (they terminated their instance). */
  removeForeignEni(eniId: string): void {
    const ctx = this.contextOf();
    const eni = ctx.state.networkInterfaces.get(eniId);
    if (!eni?.foreign) throw new Error(`removeForeignEni: ${eniId} is not a foreign ENI`);
    eni.goneAt = ctx.now;
  }

  /**
   * Shares subnets with another account through RAM: every subnet of the VPC, or only `subnetIds`.
   * The participant then sees those subnets and their VPC, and nothing else of the owner's.
   */
  shareSubnets(vpcId: string, withAccountId: string, subnetIds?: readonly string[]): void {
    const ctx = this.contextOf();
    const vpc = ctx.state.vpcs.get(vpcId);
    if (!vpc) throw new Error(`shareSubnets: no VPC ${vpcId}`);
    for (const subnet of ctx.state.subnets.values()) {
      if (subnet.vpcId === vpcId && (subnetIds === undefined || subnetIds.includes(subnet.id))) subnet.sharedWith.add(withAccountId);
    }
  }
}
