/**
 * One sequence of EC2 calls, sent in turn to the project's simulator and to moto: the world a user's VPC holds, then
 * every call the provider makes, as it makes them (lib/reconcile/discovery.ts, observe-owned.ts, apply.ts,
 * dependency-blockers.ts), with the errors it must recognise. Each target keeps its own IDs: a step names resources by
 * label (`ids.vpc`), and each side fills the labels from its own answers.
 */
import {
  AssociateRouteTableCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteTagsCommand,
  DeleteVpcEndpointsCommand,
  DescribeAvailabilityZonesCommand,
  DescribeNetworkInterfacesCommand,
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  ModifyVpcAttributeCommand,
  ModifyVpcEndpointCommand,
  RevokeSecurityGroupIngressCommand,
  type EC2Client,
  type IpPermission,
  type TagSpecification,
} from '@aws-sdk/client-ec2';

/** The labels a target has filled so far, e.g. `vpc` → `vpc-0a1b…`. */
export type Ids = Record<string, string>;

/** What one call came to: the SDK's parsed output, or the error's name (EC2's code). */
export type Outcome = { readonly output: Record<string, unknown> } | { readonly error: string; readonly message: string };

export interface Step {
  /** Unique: known differences name it. */
  readonly name: string;
  /** Sends the call; `ids` are this target's own. */
  readonly send: (ec2: EC2Client, ids: Ids) => Promise<object>;
  /** Records the labels this call's answer defines. */
  readonly keep?: (output: Record<string, unknown>, ids: Ids) => void;
  /**
   * What of the answer is compared by value as well as by shape: a state, a count, whether a retry returned the same
   * ID. Runs on both sides' outcomes; errors are compared by code without it.
   */
  readonly observe?: (outcome: Outcome, ids: Ids) => unknown;
  /** Several things observed apart, each compared on its own (path `observed.<name>`), so that each difference is named once. */
  readonly observations?: Readonly<Record<string, (outcome: Outcome, ids: Ids) => unknown>>;
  /**
   * Before the step, the simulator's clock moves this far (moto has no timelines): long enough for a pending endpoint
   * to be available, or a deleted one's ENIs to be gone.
   */
  readonly simWaitMs?: number;
  /**
   * Where one side did what the other refused (moto creates what EC2 refuses: a DryRun, a duplicate), undoes it on that
   * side, uncompared, so that the two worlds stay alike for the steps after. Runs on a side whose call succeeded while
   * the other's failed, or where `diverged` says so.
   */
  readonly undo?: (ec2: EC2Client, output: Record<string, unknown>) => Promise<unknown>;
  readonly diverged?: (output: Record<string, unknown>, ids: Ids) => boolean;
}

const REGION = 'us-east-1';
const OWNER = 'vpce-provisioner-v1-conformance';
const ownerTags = (resourceType: TagSpecification['ResourceType'], extra: Record<string, string> = {}): TagSpecification[] => [
  {
    ResourceType: resourceType,
    Tags: Object.entries({ 'vpce-provisioner:owner': OWNER, 'vpce-provisioner:logical-id': 'VpcEndpoints', ...extra }).map(([Key, Value]) => ({ Key, Value })),
  },
];
const https = (...cidrs: string[]): IpPermission[] => [
  { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: cidrs.map((CidrIp) => ({ CidrIp, Description: 'vpce-provisioner' })) },
];
const list = (output: Record<string, unknown>, key: string) => (output[key] ?? []) as Array<Record<string, unknown>>;
const at = (output: Record<string, unknown>, key: string) => output[key] as Record<string, unknown>;

const outputOf = (outcome: Outcome) => ('output' in outcome ? outcome.output : {});
const deleteEndpoint = (ec2: EC2Client, output: Record<string, unknown>) =>
  ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [at(output, 'VpcEndpoint')['VpcEndpointId'] as string] }));
const deleteSubnet = (ec2: EC2Client, output: Record<string, unknown>) => ec2.send(new DeleteSubnetCommand({ SubnetId: at(output, 'Subnet')['SubnetId'] as string }));
/** Endpoints not yet deleted, by type and state: what the provider would count as live. */
const liveEndpoints = (outcome: Outcome) =>
  list(outputOf(outcome), 'VpcEndpoints')
    .filter((endpoint) => endpoint['State'] !== 'deleted')
    .map((endpoint) => `${endpoint['VpcEndpointType']} ${endpoint['State']}`)
    .sort();
/** One line per catalogue entry: its name and type, then what `detail` picks of it. */
const serviceEntries = (outcome: Outcome, detail: (service: Record<string, unknown>) => string) =>
  list(outputOf(outcome), 'ServiceDetails')
    .map((service) => `${service['ServiceName']} ${list(service, 'ServiceType').map((type) => type['ServiceType']).join()} ${detail(service)}`.trim())
    .sort();
/** IDs of the right form that name nothing. */
const MISSING = { subnet: 'subnet-0000000000000000f', vpce: 'vpce-0000000000000000f', sg: 'sg-0000000000000000f' };
/** Timelines of the simulator (tests/support/ec2-sim/options.ts DEFAULT_TIMING): creation 60 s, deletion 45 s, ENIs 20 s more. */
const SIM_ENDPOINT_SETTLED_MS = 5 * 60_000;

const appSubnets: Step[] = [0, 1, 2].flatMap((zone) =>
  [0, 1].map(
    (half): Step => ({
      name: `CreateSubnet (app ${zone}-${half})`,
      send: (ec2, ids) =>
        ec2.send(
          new CreateSubnetCommand({
            VpcId: ids['vpc'],
            CidrBlock: `10.0.${(zone * 2 + half) * 16}.0/20`,
            AvailabilityZone: ids[`zone${zone}`],
            TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'tier', Value: 'app' }] }],
          }),
        ),
      keep: (output, ids) => void (ids[`app${zone}${half}`] = at(output, 'Subnet')['SubnetId'] as string),
    }),
  ),
);

/** The user's VPC: 10.0.0.0/16, DNS on, two app subnets in each of three AZs, an explicit route table for the first AZ. */
const world: Step[] = [
  {
    name: 'CreateVpc',
    send: (ec2) => ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'app' }] }] })),
    keep: (output, ids) => void (ids['vpc'] = at(output, 'Vpc')['VpcId'] as string),
  },
  { name: 'ModifyVpcAttribute (DNS support)', send: (ec2, ids) => ec2.send(new ModifyVpcAttributeCommand({ VpcId: ids['vpc'], EnableDnsSupport: { Value: true } })) },
  { name: 'ModifyVpcAttribute (DNS hostnames)', send: (ec2, ids) => ec2.send(new ModifyVpcAttributeCommand({ VpcId: ids['vpc'], EnableDnsHostnames: { Value: true } })) },
  {
    name: 'DescribeAvailabilityZones',
    send: (ec2) => ec2.send(new DescribeAvailabilityZonesCommand({ AllAvailabilityZones: false })),
    keep: (output, ids) => list(output, 'AvailabilityZones').slice(0, 3).forEach((zone, index) => (ids[`zone${index}`] = zone['ZoneName'] as string)),
  },
  ...appSubnets,
  {
    name: 'CreateRouteTable',
    send: (ec2, ids) => ec2.send(new CreateRouteTableCommand({ VpcId: ids['vpc'] })),
    keep: (output, ids) => void (ids['rtb'] = at(output, 'RouteTable')['RouteTableId'] as string),
  },
  { name: 'AssociateRouteTable', send: (ec2, ids) => ec2.send(new AssociateRouteTableCommand({ RouteTableId: ids['rtb'], SubnetId: ids['app00'] })) },
];

/** What discovery reads before planning (lib/reconcile/discovery.ts). */
const discovery: Step[] = [
  { name: 'DescribeVpcs', send: (ec2, ids) => ec2.send(new DescribeVpcsCommand({ VpcIds: [ids['vpc'] as string] })) },
  {
    name: 'DescribeVpcAttribute (enableDnsSupport)',
    send: (ec2, ids) => ec2.send(new DescribeVpcAttributeCommand({ VpcId: ids['vpc'], Attribute: 'enableDnsSupport' })),
    observe: (outcome) => outputOf(outcome)['EnableDnsSupport'],
  },
  {
    name: 'DescribeVpcAttribute (enableDnsHostnames)',
    send: (ec2, ids) => ec2.send(new DescribeVpcAttributeCommand({ VpcId: ids['vpc'], Attribute: 'enableDnsHostnames' })),
    observe: (outcome) => outputOf(outcome)['EnableDnsHostnames'],
  },
  {
    name: 'DescribeSubnets (vpc-id)',
    send: (ec2, ids) => ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [ids['vpc'] as string] }], MaxResults: 1000 })),
    observe: (outcome) => list(outputOf(outcome), 'Subnets').length,
  },
  {
    name: 'DescribeSubnets (vpc-id, first page of 5)',
    send: (ec2, ids) => ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [ids['vpc'] as string] }], MaxResults: 5 })),
    keep: (output, ids) => void (ids['subnetsPage2'] = (output['NextToken'] as string | undefined) ?? ''),
    observe: (outcome) => ({ subnets: list(outputOf(outcome), 'Subnets').length, more: outputOf(outcome)['NextToken'] !== undefined }),
  },
  {
    name: 'DescribeSubnets (vpc-id, second page)',
    send: (ec2, ids) => ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [ids['vpc'] as string] }], MaxResults: 5, NextToken: ids['subnetsPage2'] || undefined })),
    observe: (outcome) => ({ subnets: list(outputOf(outcome), 'Subnets').length, more: outputOf(outcome)['NextToken'] !== undefined }),
  },
  {
    name: 'DescribeSubnets (subnet-id)',
    send: (ec2, ids) => ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'subnet-id', Values: [ids['app00'] as string, ids['app10'] as string] }], MaxResults: 1000 })),
    observe: (outcome) => list(outputOf(outcome), 'Subnets').length,
  },
  {
    name: 'DescribeRouteTables (vpc-id)',
    send: (ec2, ids) => ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [ids['vpc'] as string] }], MaxResults: 100 })),
    observe: (outcome) => list(outputOf(outcome), 'RouteTables').length,
  },
  {
    name: 'DescribeSecurityGroups (vpc-id)',
    send: (ec2, ids) => ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [ids['vpc'] as string] }], MaxResults: 1000 })),
    observe: (outcome) => list(outputOf(outcome), 'SecurityGroups').map((group) => group['GroupName']),
  },
  { name: 'DescribeVpcEndpointServices (all)', send: (ec2) => ec2.send(new DescribeVpcEndpointServicesCommand({ MaxResults: 1000 })) },
  {
    name: 'DescribeVpcEndpointServices (ecr.api, ecr.dkr, s3)',
    send: (ec2) =>
      ec2.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: ['ecr.api', 'ecr.dkr', 's3'].map((service) => `com.amazonaws.${REGION}.${service}`) })),
    observations: {
      types: (outcome) => serviceEntries(outcome, () => ''),
      privateDnsNames: (outcome) => serviceEntries(outcome, (service) => String(service['PrivateDnsName'] ?? '-')),
      baseEndpointDnsNames: (outcome) => serviceEntries(outcome, (service) => ((service['BaseEndpointDnsNames'] ?? []) as string[]).join()),
    },
  },
  { name: 'DescribePrefixLists', send: (ec2) => ec2.send(new DescribePrefixListsCommand({ MaxResults: 1000 })) },
  {
    name: 'DescribeVpcEndpoints (vpc-id, none yet)',
    send: (ec2, ids) => ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [ids['vpc'] as string] }], MaxResults: 1000 })),
    observe: (outcome) => list(outputOf(outcome), 'VpcEndpoints').length,
  },
];

/** What a Create writes (lib/reconcile/apply.ts), with the errors it meets on the way. */
const create: Step[] = [
  ...[0, 1].map(
    (zone): Step => ({
      name: `CreateSubnet (endpoint ${zone})`,
      send: (ec2, ids) =>
        ec2.send(
          new CreateSubnetCommand({
            VpcId: ids['vpc'],
            CidrBlock: `10.0.255.${240 - zone * 16}/28`,
            AvailabilityZone: ids[`zone${zone}`],
            TagSpecifications: ownerTags('subnet', { Name: `endpoints-${zone}` }),
          }),
        ),
      keep: (output, ids) => void (ids[`endpointSubnet${zone}`] = at(output, 'Subnet')['SubnetId'] as string),
      observe: (outcome) => ({ cidr: at(outputOf(outcome), 'Subnet')['CidrBlock'], free: at(outputOf(outcome), 'Subnet')['AvailableIpAddressCount'] }),
    }),
  ),
  {
    name: 'CreateSubnet (overlapping)',
    undo: deleteSubnet,
    send: (ec2, ids) => ec2.send(new CreateSubnetCommand({ VpcId: ids['vpc'], CidrBlock: '10.0.255.240/28', AvailabilityZone: ids['zone2'] })),
  },
  {
    name: 'CreateSubnet (DryRun)',
    undo: deleteSubnet,
    send: (ec2, ids) => ec2.send(new CreateSubnetCommand({ VpcId: ids['vpc'], CidrBlock: '10.0.255.192/28', AvailabilityZone: ids['zone2'], DryRun: true })),
  },
  {
    name: 'DescribeSubnets (owner tag)',
    send: (ec2, ids) =>
      ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [ids['vpc'] as string] }, { Name: 'tag:vpce-provisioner:owner', Values: [OWNER] }], MaxResults: 1000 })),
    observe: (outcome) => list(outputOf(outcome), 'Subnets').length,
  },
  {
    name: 'CreateSecurityGroup',
    send: (ec2, ids) =>
      ec2.send(new CreateSecurityGroupCommand({ VpcId: ids['vpc'], GroupName: `${OWNER}-endpoints`, Description: 'HTTPS to the VPC endpoints', TagSpecifications: ownerTags('security-group') })),
    keep: (output, ids) => void (ids['sg'] = output['GroupId'] as string),
  },
  {
    name: 'CreateSecurityGroup (a second, deleted later)',
    send: (ec2, ids) => ec2.send(new CreateSecurityGroupCommand({ VpcId: ids['vpc'], GroupName: 'spare', Description: 'spare' })),
    keep: (output, ids) => void (ids['spareSg'] = output['GroupId'] as string),
  },
  {
    name: 'CreateSecurityGroup (same name)',
    send: (ec2, ids) => ec2.send(new CreateSecurityGroupCommand({ VpcId: ids['vpc'], GroupName: `${OWNER}-endpoints`, Description: 'again' })),
  },
  {
    name: 'AuthorizeSecurityGroupIngress',
    send: (ec2, ids) => ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: ids['sg'], IpPermissions: https('10.0.0.0/20', '10.0.16.0/20') })),
  },
  {
    name: 'AuthorizeSecurityGroupIngress (a rule it has)',
    send: (ec2, ids) => ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: ids['sg'], IpPermissions: https('10.0.32.0/20', '10.0.0.0/20') })),
  },
  {
    name: 'AuthorizeSecurityGroupIngress (one permission twice)',
    send: (ec2, ids) => ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: ids['sg'], IpPermissions: [...https('10.0.48.0/20'), ...https('10.0.48.0/20')] })),
  },
  {
    name: 'DescribeSecurityGroups (group-id)',
    send: (ec2, ids) => ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: [ids['sg'] as string] }], MaxResults: 1000 })),
    // All-or-nothing: neither refused call added a rule.
    observe: (outcome) =>
      list(outputOf(outcome), 'SecurityGroups').flatMap((group) => list(group, 'IpPermissions').flatMap((rule) => list(rule, 'IpRanges').map((range) => range['CidrIp']))).sort(),
  },
  {
    name: 'DescribeSecurityGroups (GroupIds, missing)',
    send: (ec2) => ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [MISSING.sg] })),
  },
  {
    name: 'CreateVpcEndpoint (interface)',
    send: (ec2, ids) =>
      ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: ids['vpc'],
          VpcEndpointType: 'Interface',
          ServiceName: `com.amazonaws.${REGION}.ecr.api`,
          SubnetIds: [ids['endpointSubnet0'] as string, ids['endpointSubnet1'] as string],
          SecurityGroupIds: [ids['sg'] as string],
          PrivateDnsEnabled: true,
          ClientToken: 'conformance-interface-1',
          TagSpecifications: ownerTags('vpc-endpoint', { 'vpce-provisioner:service': 'ecr.api' }),
        }),
      ),
    keep: (output, ids) => void (ids['interface'] = at(output, 'VpcEndpoint')['VpcEndpointId'] as string),
    observe: (outcome) => at(outputOf(outcome), 'VpcEndpoint')['State'],
  },
  {
    name: 'CreateVpcEndpoint (interface, same ClientToken again)',
    undo: deleteEndpoint,
    diverged: (output, ids) => at(output, 'VpcEndpoint')['VpcEndpointId'] !== ids['interface'],
    send: (ec2, ids) =>
      ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: ids['vpc'],
          VpcEndpointType: 'Interface',
          ServiceName: `com.amazonaws.${REGION}.ecr.api`,
          SubnetIds: [ids['endpointSubnet0'] as string, ids['endpointSubnet1'] as string],
          SecurityGroupIds: [ids['sg'] as string],
          PrivateDnsEnabled: true,
          ClientToken: 'conformance-interface-1',
          TagSpecifications: ownerTags('vpc-endpoint', { 'vpce-provisioner:service': 'ecr.api' }),
        }),
      ),
    keep: (output, ids) => void (ids['interfaceRetry'] = at(output, 'VpcEndpoint')['VpcEndpointId'] as string),
    observe: (outcome, ids) => ({ sameEndpoint: at(outputOf(outcome), 'VpcEndpoint')['VpcEndpointId'] === ids['interface'] }),
  },
  {
    name: 'CreateVpcEndpoint (interface, same ClientToken, other parameters)',
    undo: deleteEndpoint,
    send: (ec2, ids) =>
      ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: ids['vpc'],
          VpcEndpointType: 'Interface',
          ServiceName: `com.amazonaws.${REGION}.logs`,
          SubnetIds: [ids['endpointSubnet0'] as string],
          ClientToken: 'conformance-interface-1',
        }),
      ),
  },
  {
    name: 'CreateVpcEndpoint (interface, second private-DNS endpoint for the service)',
    undo: deleteEndpoint,
    send: (ec2, ids) =>
      ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: ids['vpc'],
          VpcEndpointType: 'Interface',
          ServiceName: `com.amazonaws.${REGION}.ecr.api`,
          SubnetIds: [ids['app20'] as string],
          PrivateDnsEnabled: true,
          ClientToken: 'conformance-interface-2',
        }),
      ),
  },
  {
    name: 'CreateVpcEndpoint (interface, two subnets in one AZ)',
    undo: deleteEndpoint,
    send: (ec2, ids) =>
      ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: ids['vpc'],
          VpcEndpointType: 'Interface',
          ServiceName: `com.amazonaws.${REGION}.logs`,
          SubnetIds: [ids['app20'] as string, ids['app21'] as string],
          PrivateDnsEnabled: false,
          ClientToken: 'conformance-interface-3',
        }),
      ),
  },
  {
    name: 'CreateVpcEndpoint (interface, missing subnet)',
    undo: deleteEndpoint,
    send: (ec2, ids) =>
      ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: ids['vpc'],
          VpcEndpointType: 'Interface',
          ServiceName: `com.amazonaws.${REGION}.sts`,
          SubnetIds: [MISSING.subnet],
          PrivateDnsEnabled: false,
          ClientToken: 'conformance-interface-4',
        }),
      ),
  },
  {
    name: 'CreateVpcEndpoint (DryRun)',
    undo: deleteEndpoint,
    send: (ec2, ids) =>
      ec2.send(
        new CreateVpcEndpointCommand({ VpcId: ids['vpc'], VpcEndpointType: 'Gateway', ServiceName: `com.amazonaws.${REGION}.dynamodb`, RouteTableIds: [ids['rtb'] as string], DryRun: true }),
      ),
  },
  {
    name: 'CreateVpcEndpoint (gateway)',
    send: (ec2, ids) =>
      ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: ids['vpc'],
          VpcEndpointType: 'Gateway',
          ServiceName: `com.amazonaws.${REGION}.s3`,
          RouteTableIds: [ids['rtb'] as string],
          ClientToken: 'conformance-gateway-1',
          TagSpecifications: ownerTags('vpc-endpoint', { 'vpce-provisioner:service': 's3' }),
        }),
      ),
    keep: (output, ids) => void (ids['gateway'] = at(output, 'VpcEndpoint')['VpcEndpointId'] as string),
    observe: (outcome) => at(outputOf(outcome), 'VpcEndpoint')['State'],
  },
  {
    name: 'DescribeVpcEndpoints (vpc-id, just created)',
    send: (ec2, ids) => ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [ids['vpc'] as string] }], MaxResults: 1000 })),
    observe: liveEndpoints,
  },
  {
    name: 'DescribeRouteTables (gateway route)',
    send: (ec2, ids) => ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [ids['vpc'] as string] }], MaxResults: 100 })),
    observe: (outcome) =>
      list(outputOf(outcome), 'RouteTables').flatMap((table) => list(table, 'Routes').filter((route) => route['DestinationPrefixListId'] !== undefined).map((route) => route['GatewayId'] !== undefined)),
  },
  {
    name: 'DescribeVpcEndpoints (vpc-id and owner tag, available)',
    simWaitMs: SIM_ENDPOINT_SETTLED_MS,
    send: (ec2, ids) =>
      ec2.send(
        new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [ids['vpc'] as string] }, { Name: 'tag:vpce-provisioner:owner', Values: [OWNER] }], MaxResults: 1000 }),
      ),
    observe: liveEndpoints,
  },
  {
    name: 'DescribeVpcEndpoints (VpcEndpointIds, DNS)',
    send: (ec2, ids) => ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [ids['interface'] as string, ids['gateway'] as string] })),
    observations: {
      privateDnsEnabled: (outcome) => list(outputOf(outcome), 'VpcEndpoints').map((endpoint) => `${endpoint['VpcEndpointType']} ${endpoint['PrivateDnsEnabled']}`).sort(),
      // The endpoint's DNS names, IDs aside: `vpce-<id>-<suffix>[-<zone>].<base endpoint DNS name>`, then the private DNS name.
      endpointDnsNames: (outcome) =>
        list(outputOf(outcome), 'VpcEndpoints').flatMap((endpoint) =>
          list(endpoint, 'DnsEntries').map((entry) => String(entry['DnsName']).replace(/^vpce-[0-9a-f]+-[0-9a-z]+(-[a-z]{2}-[a-z]+-\d[a-z])?\./, (_match, zone?: string) => (zone ? '<endpoint>-<zone>.' : '<endpoint>.'))),
        ),
    },
  },
  {
    name: 'DescribeVpcEndpoints (VpcEndpointIds, missing)',
    send: (ec2) => ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [MISSING.vpce] })),
  },
  {
    name: 'DescribeNetworkInterfaces (subnet-id)',
    send: (ec2, ids) => ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'subnet-id', Values: [ids['endpointSubnet0'] as string] }], MaxResults: 1000 })),
    observe: (outcome) => list(outputOf(outcome), 'NetworkInterfaces').map((eni) => `${eni['InterfaceType']} ${eni['RequesterManaged']}`),
  },
  {
    name: 'DescribeNetworkInterfaces (group-id)',
    send: (ec2, ids) => ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'group-id', Values: [ids['sg'] as string] }], MaxResults: 1000 })),
    observe: (outcome) => list(outputOf(outcome), 'NetworkInterfaces').length,
  },
  {
    name: 'DescribeSecurityGroups (ip-permission.group-id)',
    send: (ec2, ids) => ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'ip-permission.group-id', Values: [ids['sg'] as string] }], MaxResults: 1000 })),
    observe: (outcome) => list(outputOf(outcome), 'SecurityGroups').length,
  },
];

/** What an Update changes in place, and the tags it corrects. */
const update: Step[] = [
  {
    name: 'ModifyVpcEndpoint (interface: remove a subnet)',
    send: (ec2, ids) => ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: ids['interface'], RemoveSubnetIds: [ids['endpointSubnet1'] as string] })),
    observe: (outcome) => outputOf(outcome)['Return'],
  },
  {
    name: 'ModifyVpcEndpoint (gateway: policy)',
    send: (ec2, ids) =>
      ec2.send(
        new ModifyVpcEndpointCommand({
          VpcEndpointId: ids['gateway'],
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] }),
        }),
      ),
    observe: (outcome) => outputOf(outcome)['Return'],
  },
  {
    name: 'ModifyVpcEndpoint (missing)',
    send: (ec2) => ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: MISSING.vpce, ResetPolicy: true })),
  },
  {
    name: 'DescribeVpcEndpoints (VpcEndpointIds, modified)',
    simWaitMs: SIM_ENDPOINT_SETTLED_MS,
    send: (ec2, ids) => ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [ids['interface'] as string, ids['gateway'] as string] })),
    observe: (outcome) =>
      list(outputOf(outcome), 'VpcEndpoints').map((endpoint) => ({
        subnets: list(endpoint, 'SubnetIds').length,
        policyActions: String(endpoint['PolicyDocument']).includes('s3:GetObject'),
      })),
  },
  { name: 'CreateTags', send: (ec2, ids) => ec2.send(new CreateTagsCommand({ Resources: [ids['endpointSubnet0'] as string, ids['interface'] as string], Tags: [{ Key: 'Name', Value: 'renamed' }] })) },
  { name: 'DeleteTags', send: (ec2, ids) => ec2.send(new DeleteTagsCommand({ Resources: [ids['endpointSubnet0'] as string], Tags: [{ Key: 'Name' }] })) },
  {
    name: 'RevokeSecurityGroupIngress',
    send: (ec2, ids) => ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: ids['sg'], IpPermissions: https('10.0.16.0/20') })),
    observe: (outcome) => outputOf(outcome)['Return'],
  },
  {
    name: 'RevokeSecurityGroupIngress (a rule it lacks)',
    send: (ec2, ids) => ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: ids['sg'], IpPermissions: https('10.0.16.0/20') })),
  },
];

/** What a Delete does, first while the endpoint's ENIs still hold the subnet and the group. */
const teardown: Step[] = [
  {
    name: 'DeleteVpcEndpoints (two, and one missing)',
    send: (ec2, ids) => ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [ids['interface'] as string, ids['gateway'] as string, MISSING.vpce] })),
    observe: (outcome) => list(outputOf(outcome), 'Unsuccessful').map((item) => `${item['ResourceId']} ${at(item, 'Error')['Code']}`),
  },
  {
    name: 'DescribeVpcEndpoints (VpcEndpointIds, deleting)',
    send: (ec2, ids) => ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [ids['interface'] as string] })),
    observe: (outcome) => list(outputOf(outcome), 'VpcEndpoints').map((endpoint) => endpoint['State']),
  },
  { name: 'DeleteSubnet (no ENI in it)', send: (ec2, ids) => ec2.send(new DeleteSubnetCommand({ SubnetId: ids['endpointSubnet1'] })) },
  { name: 'DeleteSubnet (missing)', send: (ec2) => ec2.send(new DeleteSubnetCommand({ SubnetId: MISSING.subnet })) },
  { name: 'DeleteSecurityGroup (unused)', send: (ec2, ids) => ec2.send(new DeleteSecurityGroupCommand({ GroupId: ids['spareSg'] })) },
  { name: 'DeleteSecurityGroup (missing)', send: (ec2) => ec2.send(new DeleteSecurityGroupCommand({ GroupId: MISSING.sg })) },
  { name: 'DeleteSubnet (endpoint ENI still in it)', send: (ec2, ids) => ec2.send(new DeleteSubnetCommand({ SubnetId: ids['endpointSubnet0'] })) },
  { name: 'DeleteSecurityGroup (endpoint ENI still uses it)', send: (ec2, ids) => ec2.send(new DeleteSecurityGroupCommand({ GroupId: ids['sg'] })) },
  {
    name: 'DescribeVpcEndpoints (vpc-id, settled after delete)',
    simWaitMs: SIM_ENDPOINT_SETTLED_MS,
    send: (ec2, ids) => ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [ids['vpc'] as string] }], MaxResults: 1000 })),
    observe: liveEndpoints,
  },
  {
    name: 'DescribeNetworkInterfaces (vpc-id, settled after delete)',
    send: (ec2, ids) => ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'vpc-id', Values: [ids['vpc'] as string] }], MaxResults: 1000 })),
    observe: (outcome) => list(outputOf(outcome), 'NetworkInterfaces').length,
  },
];

/** The whole sequence, in order. */
export const CALL_SEQUENCE: readonly Step[] = [...world, ...discovery, ...create, ...update, ...teardown];

