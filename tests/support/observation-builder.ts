/**
 * Realistic `Observation` values for tests of the pure modules (desired state, preflight, planner), built the way
 * `lib/reconcile/discovery.ts` would report a VPC: plain data, offerings keyed by the name the spec uses, owned resources
 * carrying the ownership tags of `owner` (see `ownerTagRecord`).
 */
import type {
  EndpointType,
  Observation,
  ObservedEndpoint,
  ObservedRouteTable,
  ObservedSecurityGroup,
  ObservedService,
  ObservedSubnet,
  ObservedVpc,
  Tags,
} from '../../lib/reconcile/observed';
import type { Owner } from '../../lib/reconcile/ownership';
import type { Tag } from '../../lib/properties/spec';
import { TEST_APP_SUBNET_IDS, TEST_VPC_ID } from './spec-builder';

export const TEST_ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const TEST_REGION = 'eu-west-1';
export const TEST_PARTITION = 'aws';
/** The AZ IDs of the standard VPC, sorted. */
export const TEST_AZ_IDS: readonly string[] = ['euw1-az1', 'euw1-az2', 'euw1-az3'];
/** A fourth AZ, for growth scenarios. */
export const EXTRA_AZ_ID = 'euw1-az4';

/** The custom resource under test. */
export const TEST_OWNER: Owner = {
  physicalId: 'vpce-provisioner-5f0c2a9e',
  stackId: `arn:aws:cloudformation:${TEST_REGION}:${TEST_ACCOUNT}:stack/app/0c1d2e3f-aaaa-bbbb-cccc-000000000001`,
  logicalResourceId: 'Endpoints',
};
/** Another instance of the provisioner in the same VPC: same tag keys, other values. Its resources are foreign. */
export const OTHER_OWNER: Owner = {
  physicalId: 'vpce-provisioner-77aa11bb',
  stackId: `arn:aws:cloudformation:${TEST_REGION}:${TEST_ACCOUNT}:stack/other/0c1d2e3f-aaaa-bbbb-cccc-000000000002`,
  logicalResourceId: 'Endpoints',
};

/** The policy EC2 gives an endpoint created without one. */
export const EC2_DEFAULT_POLICY = JSON.stringify({
  Version: '2008-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
});

/** `ecr.dkr` → `com.amazonaws.eu-west-1.ecr.dkr`. */
export function fullServiceName(shortName: string, region: string = TEST_REGION): string {
  return `com.amazonaws.${region}.${shortName}`;
}

/**
 * The ownership tags an owner's resources carry, plus `extra`. Spelled out here rather than taken from `ownerTags`, so
 * that a test expecting them fails if the code ever writes other keys (tests/contract pins them too).
 */
export function ownerTagRecord(owner: Owner, extra: Tags = {}): Record<string, string> {
  return {
    'vpce-provisioner:owner': owner.physicalId,
    'vpce-provisioner:stack-id': owner.stackId,
    'vpce-provisioner:logical-id': owner.logicalResourceId,
    ...extra,
  };
}

export function tagRecord(tags: readonly Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((tag) => [tag.key, tag.value]));
}

/** `euw1-az2` → `eu-west-1b`. Names map to zones differently per account; tests only need them to be plausible. */
export function azNameOf(azId: string, region: string = TEST_REGION): string {
  const index = Number(/az(\d+)$/.exec(azId)?.[1] ?? '1');
  return `${region}${String.fromCharCode(96 + index)}`;
}

/** Usable addresses of an IPv4 subnet: AWS reserves five (aws-facts). */
export function usableAddresses(cidr: string): number {
  const prefix = Number(cidr.split('/')[1]);
  return 2 ** (32 - prefix) - 5;
}

export interface AppSubnetOptions {
  readonly subnetId: string;
  readonly azId: string;
  readonly cidr: string;
  readonly ipv6Cidrs?: readonly string[];
  /** An explicitly associated route table; without one the subnet uses the main table. */
  readonly routeTableId?: string;
  readonly ownerId?: string;
}

export interface OfferingOptions {
  /** The full service name; default `com.amazonaws.<region>.<name>`. */
  readonly serviceName?: string;
  /** Default: every AZ of the standard VPC plus EXTRA_AZ_ID. */
  readonly azIds?: readonly string[];
  readonly supportedIpAddressTypes?: readonly string[];
  /** Interface offerings: the catalogue's private DNS name; null for a service without one. Default `<name>.<region>.amazonaws.com`. */
  readonly privateDnsName?: string | null;
}

/**
 * A fluent builder of Observations. `ObservationBuilder.standard()` is the usual starting point; every `with…` method
 * returns the builder, and `build()` returns a fresh Observation each time.
 */
export class ObservationBuilder {
  private accountId = TEST_ACCOUNT;
  private vpc: ObservedVpc | undefined;
  private readonly appSubnetIds: string[] = [];
  private readonly subnets: ObservedSubnet[] = [];
  private readonly routeTables: ObservedRouteTable[] = [];
  private readonly interfaceOfferings = new Map<string, ObservedService>();
  private readonly gatewayOfferings = new Map<string, ObservedService>();
  private readonly unresolvedServices: Observation['unresolvedServices'][number][] = [];
  private readonly missingSubnetIds: string[] = [];
  private readonly subnetsInOtherVpcs: { subnetId: string; vpcId: string }[] = [];
  private readonly endpoints: ObservedEndpoint[] = [];
  private readonly securityGroups: ObservedSecurityGroup[] = [];
  /** The user's own groups the tests name in SecurityGroupIds exist in the VPC unless a test says otherwise. */
  private readonly extraSecurityGroups: { groupId: string; vpcId: string }[] = [
    { groupId: 'sg-0user00000000001', vpcId: TEST_VPC_ID },
    { groupId: 'sg-0user00000000002', vpcId: TEST_VPC_ID },
  ];

  /** A VPC (10.0.0.0/16, DNS attributes on) with a main route table and nothing else. */
  static bareVpc(): ObservationBuilder {
    return new ObservationBuilder()
      .withVpc({ vpcId: TEST_VPC_ID, ownerId: TEST_ACCOUNT, ipv4Blocks: ['10.0.0.0/16'], ipv6Blocks: [], enableDnsSupport: true, enableDnsHostnames: true })
      .withRouteTable('rtb-00000000000000main', [], true);
  }

  /**
   * The VPC most tests start from, with nothing of the resource under test in it yet:
   * - three /20 application subnets, one per AZ of TEST_AZ_IDS; the first two with their own route tables, the third on
   *   the main table;
   * - a public subnet of the team's own (foreign) on a third route table;
   * - ecr.api, ecr.dkr, logs, sts (Interface) offered in every AZ, s3 and dynamodb (Gateway);
   * - foreign resources that must never be touched: a private-DNS sts endpoint, a dynamodb gateway endpoint on the
   *   public table, and another provisioner's ecr.api endpoint (private DNS off) in its own endpoint subnet at the top of
   *   the VPC, where the allocator would otherwise carve first.
   */
  static standard(): ObservationBuilder {
    const [az1, az2, az3] = TEST_AZ_IDS as [string, string, string];
    const [app1, app2, app3] = TEST_APP_SUBNET_IDS as [string, string, string];
    return ObservationBuilder.bareVpc()
      .withAppSubnet({ subnetId: app1, azId: az1, cidr: '10.0.0.0/20', routeTableId: 'rtb-000000000000app01' })
      .withAppSubnet({ subnetId: app2, azId: az2, cidr: '10.0.16.0/20', routeTableId: 'rtb-000000000000app02' })
      .withAppSubnet({ subnetId: app3, azId: az3, cidr: '10.0.32.0/20' })
      .withSubnet({ subnetId: 'subnet-00000000000public', azId: az1, cidr: '10.0.128.0/24' })
      .withRouteTable('rtb-0000000000public1', ['subnet-00000000000public'])
      .withInterfaceService('ecr.api')
      .withInterfaceService('ecr.dkr')
      .withInterfaceService('logs')
      .withInterfaceService('sts')
      .withGatewayService('s3')
      .withGatewayService('dynamodb')
      .withForeignEndpoint({ endpointId: 'vpce-0000000000foreign1', serviceName: fullServiceName('sts'), privateDnsEnabled: true, subnetIds: ['subnet-00000000000public'] })
      .withForeignEndpoint({ endpointId: 'vpce-0000000000foreign2', type: 'Gateway', serviceName: fullServiceName('dynamodb'), routeTableIds: ['rtb-0000000000public1'] })
      .withSubnet({ subnetId: 'subnet-0000000000other1', azId: az1, cidr: '10.0.255.240/28', tags: ownerTagRecord(OTHER_OWNER, { ['vpce-provisioner:az-id']: az1 }) })
      .withForeignEndpoint({
        endpointId: 'vpce-0000000000foreign3',
        serviceName: fullServiceName('ecr.api'),
        subnetIds: ['subnet-0000000000other1'],
        tags: ownerTagRecord(OTHER_OWNER, { ['vpce-provisioner:service']: 'ecr.api' }),
      });
  }

  withAccount(accountId: string): this {
    this.accountId = accountId;
    return this;
  }

  withVpc(vpc: ObservedVpc): this {
    this.vpc = vpc;
    return this;
  }

  /** Changes some fields of the VPC (which must have been set). */
  withVpcChanges(changes: Partial<ObservedVpc>): this {
    if (!this.vpc) throw new Error('withVpcChanges: no VPC yet');
    this.vpc = { ...this.vpc, ...changes };
    return this;
  }

  /** As if DescribeVpcs answered InvalidVpcID.NotFound: nothing of the VPC is seen. */
  withoutVpc(): this {
    this.vpc = undefined;
    this.appSubnetIds.length = 0;
    this.subnets.length = 0;
    this.routeTables.length = 0;
    this.endpoints.length = 0;
    return this;
  }

  /** An application subnet (listed in SubnetIds), optionally on its own route table. */
  withAppSubnet(options: AppSubnetOptions): this {
    const { routeTableId, ...subnet } = options;
    this.withSubnet(subnet);
    this.appSubnetIds.push(options.subnetId);
    if (routeTableId) this.withRouteTable(routeTableId, [options.subnetId]);
    return this;
  }

  /** Drops application subnets (by ID) from SubnetIds and from the VPC. */
  withoutAppSubnets(...subnetIds: string[]): this {
    for (const subnetId of subnetIds) {
      removeWhere(this.appSubnetIds, (id) => id === subnetId);
      removeWhere(this.subnets, (subnet) => subnet.subnetId === subnetId);
      for (const [index, table] of this.routeTables.entries()) {
        this.routeTables[index] = { ...table, subnetIds: table.subnetIds.filter((id) => id !== subnetId) };
      }
    }
    return this;
  }

  /** Any subnet of the VPC; unless tagged otherwise it belongs to nobody this resource knows. */
  withSubnet(subnet: Partial<ObservedSubnet> & Pick<ObservedSubnet, 'subnetId' | 'azId' | 'cidr'>): this {
    this.subnets.push({
      vpcId: this.vpc?.vpcId ?? TEST_VPC_ID,
      ipv6Cidrs: [],
      azName: azNameOf(subnet.azId),
      ownerId: this.vpc?.ownerId ?? this.accountId,
      availableIpAddressCount: usableAddresses(subnet.cidr),
      tags: {},
      ...definedFields(subnet),
    });
    return this;
  }

  /** An endpoint subnet carrying `owner`'s tags and the AZ tag, as `createSubnet` would have left it. */
  withOwnedSubnet(owner: Owner, subnet: Partial<ObservedSubnet> & Pick<ObservedSubnet, 'subnetId' | 'azId' | 'cidr'>): this {
    return this.withSubnet({ ...subnet, tags: ownerTagRecord(owner, { ['vpce-provisioner:az-id']: subnet.azId, ...subnet.tags }) });
  }

  /** Changes a subnet already added (by ID). */
  withSubnetChanges(subnetId: string, changes: Partial<ObservedSubnet>): this {
    const index = this.subnets.findIndex((subnet) => subnet.subnetId === subnetId);
    const subnet = this.subnets[index];
    if (!subnet) throw new Error(`withSubnetChanges: no subnet ${subnetId}`);
    this.subnets[index] = { ...subnet, ...changes };
    return this;
  }

  withRouteTable(routeTableId: string, subnetIds: readonly string[], isMain = false): this {
    this.routeTables.push({ routeTableId, isMain, subnetIds });
    return this;
  }

  /** Associates a subnet explicitly with a route table already added. */
  withRouteTableAssociation(routeTableId: string, subnetId: string): this {
    const index = this.routeTables.findIndex((table) => table.routeTableId === routeTableId);
    const table = this.routeTables[index];
    if (!table) throw new Error(`withRouteTableAssociation: no route table ${routeTableId}`);
    this.routeTables[index] = { ...table, subnetIds: [...table.subnetIds, subnetId] };
    return this;
  }

  /** An Interface offering, keyed by `name` as the spec would write it. */
  withInterfaceService(name: string, options: OfferingOptions = {}): this {
    this.interfaceOfferings.set(name, offering(name, 'Interface', options));
    return this;
  }

  withGatewayService(name: string, options: OfferingOptions = {}): this {
    this.gatewayOfferings.set(name, offering(name, 'Gateway', options));
    return this;
  }

  /** A requested name discovery could not resolve for `type`; `offeredTypes` are the types it does resolve for. */
  withUnresolvedService(requested: string, type: EndpointType, offeredTypes: readonly EndpointType[] = [], suggestion?: string): this {
    this.unresolvedServices.push({ requested, type, offeredTypes, ...(suggestion === undefined ? {} : { suggestion }) });
    return this;
  }

  withMissingSubnet(subnetId: string): this {
    this.missingSubnetIds.push(subnetId);
    return this;
  }

  withSubnetInOtherVpc(subnetId: string, vpcId: string): this {
    this.subnetsInOtherVpcs.push({ subnetId, vpcId });
    return this;
  }

  /** An endpoint that does not carry this resource's tags (unless `tags` says otherwise): available, Interface by default. */
  withForeignEndpoint(endpoint: Partial<ObservedEndpoint> & Pick<ObservedEndpoint, 'endpointId' | 'serviceName'>): this {
    this.endpoints.push(observedEndpoint({ ownerId: this.accountId, ...endpoint }));
    return this;
  }

  /** An endpoint carrying `owner`'s tags (and the service tag, from `service`). */
  withOwnedEndpoint(
    owner: Owner,
    service: string,
    endpoint: Partial<ObservedEndpoint> & Pick<ObservedEndpoint, 'endpointId'>,
  ): this {
    this.endpoints.push(
      observedEndpoint({
        serviceName: fullServiceName(service),
        ownerId: this.accountId,
        ...endpoint,
        tags: ownerTagRecord(owner, { ['vpce-provisioner:service']: service, ...endpoint.tags }),
      }),
    );
    return this;
  }

  /** Many foreign interface endpoints (for quota checks), of made-up services. */
  withForeignInterfaceEndpoints(count: number): this {
    for (let index = 0; index < count; index++) {
      const suffix = String(index).padStart(4, '0');
      this.withForeignEndpoint({ endpointId: `vpce-0000000000000${suffix}`, serviceName: fullServiceName(`thirdparty${suffix}`) });
    }
    return this;
  }

  /** A security group carrying `owner`'s tags (discovery lists only those). */
  withOwnedSecurityGroup(owner: Owner, group: Partial<ObservedSecurityGroup> & Pick<ObservedSecurityGroup, 'groupId'>): this {
    this.securityGroups.push({
      groupName: `${owner.physicalId}-endpoints`,
      httpsIngressCidrs: [],
      otherIngressRuleCount: 0,
      ...group,
      tags: ownerTagRecord(owner, group.tags),
    });
    return this;
  }

  /** A security group of the user's, in the VPC unless `vpcId` says otherwise (see `SecurityGroupIds`). */
  withExtraSecurityGroup(groupId: string, vpcId?: string): this {
    this.extraSecurityGroups.push({ groupId, vpcId: vpcId ?? this.vpc?.vpcId ?? TEST_VPC_ID });
    return this;
  }

  /** Drops the user's groups that the builder provides by default. */
  withoutExtraSecurityGroups(): this {
    this.extraSecurityGroups.length = 0;
    return this;
  }

  build(): Observation {
    const byId = new Map(this.subnets.map((subnet) => [subnet.subnetId, subnet]));
    return {
      accountId: this.accountId,
      region: TEST_REGION,
      partition: TEST_PARTITION,
      vpc: this.vpc,
      appSubnets: this.appSubnetIds.flatMap((id) => byId.get(id) ?? []),
      missingSubnetIds: [...this.missingSubnetIds],
      subnetsInOtherVpcs: [...this.subnetsInOtherVpcs],
      vpcSubnets: [...this.subnets],
      routeTables: [...this.routeTables],
      // As discovery marks them: an interface offering also offered as a gateway (s3) carries offeredAsGateway.
      interfaceOfferings: new Map(
        [...this.interfaceOfferings].map(([name, offering]) => [name, this.gatewayOfferings.has(name) ? { ...offering, offeredAsGateway: true } : offering]),
      ),
      gatewayOfferings: new Map(this.gatewayOfferings),
      unresolvedServices: [...this.unresolvedServices],
      endpoints: [...this.endpoints],
      extraSecurityGroups: [...this.extraSecurityGroups],
      ownedSecurityGroups: [...this.securityGroups],
    };
  }
}

function offering(name: string, type: EndpointType, options: OfferingOptions): ObservedService {
  const serviceName = options.serviceName ?? (name.includes('amazonaws') ? name : fullServiceName(name));
  const isInterface = type === 'Interface';
  return {
    serviceName,
    type,
    azIds: [...(options.azIds ?? [...TEST_AZ_IDS, EXTRA_AZ_ID])].sort(),
    // EC2 lists ipv4 and, for services that take IPv6, ipv6 (never dualstack).
    supportedIpAddressTypes: options.supportedIpAddressTypes ?? (isInterface ? ['ipv4', 'ipv6'] : ['ipv4']),
    ...(isInterface && options.privateDnsName !== null
      ? { privateDnsName: options.privateDnsName ?? `${serviceName.split('.').slice(3).join('.')}.${TEST_REGION}.amazonaws.com` }
      : {}),
  };
}

function observedEndpoint(endpoint: Partial<ObservedEndpoint> & Pick<ObservedEndpoint, 'endpointId' | 'serviceName'>): ObservedEndpoint {
  const type = endpoint.type ?? 'Interface';
  return {
    type,
    state: 'available',
    subnetIds: [],
    routeTableIds: [],
    groupIds: [],
    privateDnsEnabled: false,
    ipAddressType: type === 'Interface' ? 'ipv4' : undefined,
    dnsRecordIpType: type === 'Interface' ? 'ipv4' : undefined,
    policyDocument: EC2_DEFAULT_POLICY,
    dnsNames: type === 'Interface' ? [`${endpoint.endpointId}.${endpoint.serviceName.split('.').slice(3).join('.')}.${TEST_REGION}.vpce.amazonaws.com`] : [],
    tags: {},
    ...endpoint,
  };
}

/** Without the fields set to undefined, so that spreading it keeps the defaults of those fields. */
function definedFields<T extends object>(value: T): T {
  // Only fields whose value is undefined go, so what is left is still a T.
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function removeWhere<T>(items: T[], predicate: (item: T) => boolean): void {
  for (let index = items.length - 1; index >= 0; index--) if (predicate(items[index] as T)) items.splice(index, 1);
}
