import type { IpPermission, Tag } from '@aws-sdk/client-ec2';
import { serviceName } from './catalogue';
import type { Ec2Simulator } from './simulator';

/** How long before "now" a built world pretends to have been made (past any visibility delay). */
const WORLD_AGE_MS = 24 * 60 * 60 * 1000;

interface Owned {
  /** The account that owns the resource; default the simulator's account. */
  owner?: string;
  tags?: Readonly<Record<string, string>>;
}

export interface VpcSpec extends Owned {
  cidr: string;
  /** Secondary IPv4 blocks. */
  secondary?: readonly string[];
  /** Associate an Amazon-provided IPv6 /56. */
  ipv6?: boolean;
  /** Default true (AWS default for new VPCs). */
  dnsSupport?: boolean;
  /** Default false (AWS default for non-default VPCs). */
  dnsHostnames?: boolean;
}

export interface SubnetSpec extends Owned {
  /** Label of the VPC. */
  vpc: string;
  cidr: string;
  /** AZ id (`use1-az1`), never a name: names differ per account. */
  azId: string;
  /** Index of the /64 inside the VPC's /56 (requires the VPC's ipv6). */
  ipv6Index?: number;
}

export interface RouteTableSpec extends Owned {
  vpc: string;
  /** Labels of subnets to associate explicitly. */
  subnets?: readonly string[];
}

export interface SecurityGroupSpec extends Owned {
  vpc: string;
  name: string;
  description?: string;
  ingress?: readonly IpPermission[];
}

export interface InterfaceEndpointSpec extends Owned {
  vpc: string;
  /** Short service name (`sts`). */
  service: string;
  subnets: readonly string[];
  /** Labels of security groups; default the VPC's default group. */
  groups?: readonly string[];
  privateDns?: boolean;
}

export interface GatewayEndpointSpec extends Owned {
  vpc: string;
  service: string;
  /** Labels of route tables; `<vpc label>.main` is the VPC's main table. */
  routeTables: readonly string[];
}

/** The ids a build produced, by label. */
export class BuiltWorld {
  constructor(private readonly labels: ReadonlyMap<string, string>) {}

  /** The id behind a label; throws on an unknown label so typos fail loudly. */
  id(label: string): string {
    const id = this.labels.get(label);
    if (id === undefined) throw new Error(`world: no resource labelled '${label}'`);
    return id;
  }

  /** Every label and its id. */
  get ids(): Record<string, string> {
    return Object.fromEntries(this.labels);
  }
}

type Step = (labels: Map<string, string>) => Promise<void>;

/**
 * Lays out VPCs as another team would have built them (nothing carries this provider's tags),
 * through the simulator's own actions so the state is consistent. Steps run in order on
 * `build()`; resources are referred to by labels. The finished world is backdated a day, so it is
 * visible at once and its endpoints are `available`.
 *
 * @example
 * const world = await new WorldBuilder(sim)
 *   .vpc('app', { cidr: '10.0.0.0/16', dnsHostnames: true })
 *   .subnet('app-a', { vpc: 'app', cidr: '10.0.0.0/20', azId: 'use1-az1' })
 *   .build();
 * world.id('app-a'); // subnet-0…
 */
export class WorldBuilder {
  private readonly steps: Step[] = [];
  private readonly created: string[] = [];

  constructor(private readonly sim: Ec2Simulator) {}

  vpc(label: string, spec: VpcSpec): this {
    return this.step(async (labels) => {
      const caller = this.caller(spec);
      const out = await this.sim.call('CreateVpc', { CidrBlock: spec.cidr, AmazonProvidedIpv6CidrBlock: spec.ipv6 ?? false, TagSpecifications: tagSpec('vpc', spec.tags) }, caller);
      const vpcId = (out.Vpc as { VpcId: string }).VpcId;
      labels.set(label, vpcId);
      const record = this.sim.state.vpcs.get(vpcId);
      if (record) {
        labels.set(`${label}.main`, record.mainRouteTableId);
        labels.set(`${label}.default-sg`, record.defaultGroupId);
        this.created.push(record.mainRouteTableId, record.defaultGroupId);
      }
      this.created.push(vpcId);
      for (const cidr of spec.secondary ?? []) await this.sim.call('AssociateVpcCidrBlock', { VpcId: vpcId, CidrBlock: cidr }, caller);
      if (spec.dnsSupport === false) await this.sim.call('ModifyVpcAttribute', { VpcId: vpcId, EnableDnsSupport: { Value: false } }, caller);
      if (spec.dnsHostnames) await this.sim.call('ModifyVpcAttribute', { VpcId: vpcId, EnableDnsHostnames: { Value: true } }, caller);
    });
  }

  subnet(label: string, spec: SubnetSpec): this {
    return this.step(async (labels) => {
      const vpcId = need(labels, spec.vpc);
      let ipv6: string | undefined;
      if (spec.ipv6Index !== undefined) {
        const block = this.sim.state.vpcs.get(vpcId)?.ipv6Blocks[0]?.cidr;
        if (!block) throw new Error(`world: VPC '${spec.vpc}' has no IPv6 block for subnet '${label}'`);
        ipv6 = ipv6Slash64(block, spec.ipv6Index);
      }
      const out = await this.sim.call(
        'CreateSubnet',
        { VpcId: vpcId, CidrBlock: spec.cidr, AvailabilityZoneId: spec.azId, Ipv6CidrBlock: ipv6, TagSpecifications: tagSpec('subnet', spec.tags) },
        this.caller(spec),
      );
      this.remember(labels, label, (out.Subnet as { SubnetId: string }).SubnetId);
    });
  }

  routeTable(label: string, spec: RouteTableSpec): this {
    return this.step(async (labels) => {
      const caller = this.caller(spec);
      const out = await this.sim.call('CreateRouteTable', { VpcId: need(labels, spec.vpc), TagSpecifications: tagSpec('route-table', spec.tags) }, caller);
      const tableId = (out.RouteTable as { RouteTableId: string }).RouteTableId;
      this.remember(labels, label, tableId);
      for (const subnet of spec.subnets ?? []) {
        await this.sim.call('AssociateRouteTable', { RouteTableId: tableId, SubnetId: need(labels, subnet) }, caller);
      }
    });
  }

  securityGroup(label: string, spec: SecurityGroupSpec): this {
    return this.step(async (labels) => {
      const caller = this.caller(spec);
      const out = await this.sim.call(
        'CreateSecurityGroup',
        { VpcId: need(labels, spec.vpc), GroupName: spec.name, Description: spec.description ?? spec.name, TagSpecifications: tagSpec('security-group', spec.tags) },
        caller,
      );
      const groupId = out.GroupId as string;
      this.remember(labels, label, groupId);
      if (spec.ingress?.length) await this.sim.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: spec.ingress }, caller);
    });
  }

  interfaceEndpoint(label: string, spec: InterfaceEndpointSpec): this {
    return this.step(async (labels) => {
      const out = await this.sim.call(
        'CreateVpcEndpoint',
        {
          VpcEndpointType: 'Interface',
          VpcId: need(labels, spec.vpc),
          ServiceName: serviceName(this.sim.region, spec.service),
          SubnetIds: spec.subnets.map((subnet) => need(labels, subnet)),
          SecurityGroupIds: spec.groups?.map((group) => need(labels, group)),
          PrivateDnsEnabled: spec.privateDns ?? false,
          TagSpecifications: tagSpec('vpc-endpoint', spec.tags),
        },
        this.caller(spec),
      );
      this.remember(labels, label, (out.VpcEndpoint as { VpcEndpointId: string }).VpcEndpointId);
    });
  }

  gatewayEndpoint(label: string, spec: GatewayEndpointSpec): this {
    return this.step(async (labels) => {
      const out = await this.sim.call(
        'CreateVpcEndpoint',
        {
          VpcEndpointType: 'Gateway',
          VpcId: need(labels, spec.vpc),
          ServiceName: serviceName(this.sim.region, spec.service),
          RouteTableIds: spec.routeTables.map((table) => need(labels, table)),
          TagSpecifications: tagSpec('vpc-endpoint', spec.tags),
        },
        this.caller(spec),
      );
      this.remember(labels, label, (out.VpcEndpoint as { VpcEndpointId: string }).VpcEndpointId);
    });
  }

  /**
   * An IPAM pool (simulator helper; only DescribeIpamPools of EC2's IPAM API is modelled). `allocated` blocks are taken
   * already. With `sourceVpc` (a VPC label) a resource planning pool of that VPC, else a regional pool.
   */
  ipamPool(label: string, spec: { cidrs: readonly string[]; allocated?: readonly string[]; sourceVpc?: string }): this {
    return this.step(async (labels) => {
      const sourceVpcId = spec.sourceVpc === undefined ? undefined : labels.get(spec.sourceVpc);
      labels.set(label, this.sim.admin.createIpamPool({ cidrs: spec.cidrs, allocated: spec.allocated, sourceVpcId }));
    });
  }

  /** Shares a VPC's subnets (all, or the labelled ones) with another account through RAM. */
  shareSubnets(spec: { vpc: string; withAccount: string; subnets?: readonly string[] }): this {
    return this.step(async (labels) => {
      this.sim.admin.shareSubnets(need(labels, spec.vpc), spec.withAccount, spec.subnets?.map((subnet) => need(labels, subnet)));
    });
  }

  /** Runs every step in order and returns the ids by label. */
  async build(): Promise<BuiltWorld> {
    const labels = new Map<string, string>();
    // The world was built long ago: eventual consistency had settled between its steps, so it is off while they run.
    const { visibilityDelayMs, propagationDelayMs } = this.sim.timing;
    Object.assign(this.sim.timing, { visibilityDelayMs: 0, propagationDelayMs: 0 });
    try {
      for (const step of this.steps) await step(labels);
    } finally {
      Object.assign(this.sim.timing, { visibilityDelayMs, propagationDelayMs });
    }
    this.sim.admin.backdate(this.created, WORLD_AGE_MS);
    return new BuiltWorld(labels);
  }

  private step(step: Step): this {
    this.steps.push(step);
    return this;
  }

  private remember(labels: Map<string, string>, label: string, id: string): void {
    labels.set(label, id);
    this.created.push(id);
  }

  private caller(spec: Owned): { accountId: string } {
    return { accountId: spec.owner ?? this.sim.accountId };
  }
}

function need(labels: ReadonlyMap<string, string>, label: string): string {
  const id = labels.get(label);
  if (id === undefined) throw new Error(`world: '${label}' is used before it is defined`);
  return id;
}

function tagSpec(resourceType: string, tags: Readonly<Record<string, string>> | undefined): Array<{ ResourceType: string; Tags: Tag[] }> | undefined {
  if (!tags || Object.keys(tags).length === 0) return undefined;
  return [{ ResourceType: resourceType, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }];
}

/** The `index`-th /64 of a /56 (`2600:1f18:4a00::/56`, 1 → `2600:1f18:4a00:1::/64`). */
function ipv6Slash64(block56: string, index: number): string {
  if (index < 0 || index > 255) throw new Error(`world: IPv6 subnet index ${index} is outside 0..255`);
  const [address = ''] = block56.split('/');
  const groups = address.replace(/::$/, '').split(':');
  while (groups.length < 4) groups.push('0');
  const fourth = parseInt(groups[3] as string, 16) + index;
  return `${groups.slice(0, 3).join(':')}:${fourth.toString(16)}::/64`;
}
