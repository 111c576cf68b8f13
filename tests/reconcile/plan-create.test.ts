/**
 * planConvergence on a VPC the resource has not touched yet, or only partly (an interrupted run): what it creates,
 * where it carves, and that one plan is enough to converge.
 */
import { MANAGED_GROUP, type Action } from '../../lib/reconcile/actions';
import { cidrContains, cidrsOverlap, isAligned, parseCidr } from '../../lib/cidr';
import { ecrLayersOnlyPolicy } from '../../lib/reconcile/desired';
import type { Observation } from '../../lib/reconcile/observed';
import { planConvergence, securityGroupName } from '../../lib/reconcile/plan';
import { type EndpointSpec } from '../../lib/properties/spec';
import {
  ObservationBuilder,
  TEST_AZ_IDS,
  TEST_OWNER,
  TEST_PARTITION,
  TEST_REGION,
  fullServiceName,
  ownerTagRecord,
  tagRecord,
} from '../support/observation-builder';
import { buildSpec, TEST_APP_SUBNET_IDS } from '../support/spec-builder';
import { applyToObservation } from './support/apply-to-observation';
import { actionsOf, convergedObservation, planOk, TEST_CONTEXT } from './support/plan-invariants';

const [AZ1, AZ2, AZ3] = TEST_AZ_IDS as [string, string, string];
const APP_CIDRS = ['10.0.0.0/20', '10.0.16.0/20', '10.0.32.0/20'];
/** The route tables of the standard VPC's app subnets: two explicit, and the main table for the third. */
const APP_ROUTE_TABLES = ['rtb-00000000000000main', 'rtb-000000000000app01', 'rtb-000000000000app02'];
const IPV6_VPC_BLOCK = '2600:1f18:abc:de00::/56';

function kindCounts(actions: readonly Action[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const action of actions) counts[action.kind] = (counts[action.kind] ?? 0) + 1;
  return counts;
}

describe('planConvergence: first creation in the standard VPC', () => {
  const spec = buildSpec();
  const observation = ObservationBuilder.standard().build();
  const plan = planOk(spec, observation);
  const subnets = actionsOf(plan.actions, 'createSubnet');

  it('creates exactly the subnets, the group, its ingress and the four endpoints', () => {
    expect(kindCounts(plan.actions)).toEqual({ createSubnet: 3, createSecurityGroup: 1, authorizeIngress: 1, createEndpoint: 4 });
  });

  it('carves one subnet per AZ ID of the app subnets, sorted', () => {
    expect(subnets.map((action) => action.azId)).toEqual([AZ1, AZ2, AZ3]);
    expect(subnets.every((action) => action.prefixLength === 28 && action.ipamPoolId === undefined && action.ipv6Cidr === undefined)).toBe(true);
  });

  it('carves aligned blocks of the requested size inside the VPC', () => {
    expect(subnets).toHaveLength(3);
    for (const action of subnets) {
      const block = parseCidr(action.cidr as string); // parseCidr rejects host bits below the prefix
      expect(block.prefixLength).toBe(28);
      expect(isAligned(block.network, 28, 4)).toBe(true);
      expect(cidrContains(parseCidr('10.0.0.0/16'), block)).toBe(true);
    }
  });

  it('carves blocks disjoint from each other and from every existing subnet, foreign ones included', () => {
    const carved = subnets.map((action) => parseCidr(action.cidr as string));
    const existing = observation.vpcSubnets.map((subnet) => parseCidr(subnet.cidr));
    expect(carved).toHaveLength(3);
    expect(existing.length).toBeGreaterThan(0);
    carved.forEach((block, index) => {
      for (const other of [...carved.slice(index + 1), ...existing]) expect(cidrsOverlap(block, other)).toBe(false);
    });
  });

  it('reports the carved blocks by AZ ID, as in the actions', () => {
    expect([...plan.carved.entries()]).toEqual(subnets.map((action) => [action.azId, { cidr: action.cidr }]));
  });

  it('tags each subnet with the owner tags, its AZ ID and a Name', () => {
    expect(subnets).toHaveLength(3);
    for (const action of subnets) {
      expect(tagRecord(action.tags)).toEqual(ownerTagRecord(TEST_OWNER, { ['vpce-provisioner:az-id']: action.azId, Name: `app-Endpoints-endpoints-${action.azId}` }));
    }
  });

  it('creates one security group named after the owner and admits every app CIDR on it', () => {
    const [group] = actionsOf(plan.actions, 'createSecurityGroup');
    expect(group?.groupName).toBe(securityGroupName(TEST_OWNER));
    expect(tagRecord(group?.tags ?? [])).toEqual(ownerTagRecord(TEST_OWNER, { Name: 'app-Endpoints-endpoints' }));
    expect(actionsOf(plan.actions, 'authorizeIngress')).toEqual([{ kind: 'authorizeIngress', groupId: MANAGED_GROUP, cidrs: APP_CIDRS }]);
  });

  it('creates one interface endpoint per service, in every AZ, behind the managed group, with private DNS', () => {
    const interfaces = actionsOf(plan.actions, 'createEndpoint').filter((action) => action.type === 'Interface');
    expect(interfaces.map((action) => action.service)).toEqual(['ecr.api', 'ecr.dkr', 'logs']);
    for (const action of interfaces) {
      expect(action).toMatchObject({
        serviceName: fullServiceName(action.service),
        subnetAzIds: [AZ1, AZ2, AZ3],
        routeTableIds: [],
        securityGroupIds: [MANAGED_GROUP],
        privateDnsEnabled: true,
      });
      expect(action.addressing).toBeUndefined();
      expect(action.policyDocument).toBeUndefined();
      expect(action.replaces).toBeUndefined();
      expect(tagRecord(action.tags)).toEqual(ownerTagRecord(TEST_OWNER, { ['vpce-provisioner:service']: action.service, Name: `app-Endpoints-${action.service}` }));
    }
  });

  it("creates the s3 gateway endpoint on the app subnets' route tables (explicit and main), not on others", () => {
    const gateways = actionsOf(plan.actions, 'createEndpoint').filter((action) => action.type === 'Gateway');
    expect(gateways).toHaveLength(1);
    expect(gateways[0]).toMatchObject({ service: 's3', serviceName: fullServiceName('s3'), routeTableIds: APP_ROUTE_TABLES, subnetAzIds: [], securityGroupIds: [] });
    expect(gateways[0]?.policyDocument).toBeUndefined();
  });

  it('gives the same plan for the same input (pure)', () => {
    expect(planConvergence(spec, observation, TEST_CONTEXT)).toEqual(plan);
  });
});

describe('planConvergence: creation options', () => {
  it('puts the user tags on every created resource, and the user Name replaces the generated one', () => {
    const spec = buildSpec({ tags: [{ key: 'team', value: 'payments' }, { key: 'Name', value: 'shared-endpoints' }] });
    const plan = planOk(spec, ObservationBuilder.standard().build());
    const created = [...actionsOf(plan.actions, 'createSubnet'), ...actionsOf(plan.actions, 'createSecurityGroup'), ...actionsOf(plan.actions, 'createEndpoint')];
    expect(created).toHaveLength(8);
    for (const action of created) {
      expect(tagRecord(action.tags)).toMatchObject({ team: 'payments', Name: 'shared-endpoints', ['vpce-provisioner:owner']: TEST_OWNER.physicalId });
      expect(action.tags.filter((tag) => tag.key === 'Name')).toHaveLength(1);
    }
  });

  it('attaches the user security groups after the managed one on interface endpoints only', () => {
    const plan = planOk(buildSpec({ securityGroupIds: ['sg-0user00000000001'] }), ObservationBuilder.standard().build());
    expect(actionsOf(plan.actions, 'createEndpoint')).toHaveLength(4);
    for (const action of actionsOf(plan.actions, 'createEndpoint')) {
      expect(action.securityGroupIds).toEqual(action.type === 'Interface' ? [MANAGED_GROUP, 'sg-0user00000000001'] : []);
    }
  });

  it('passes endpoint policies by the service name as written, and ecr-layers-only to s3', () => {
    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'ecr:*', Resource: '*' }] });
    const spec = buildSpec({ endpointPolicies: { 'ecr.api': policy }, s3GatewayPolicy: 'ecr-layers-only' });
    const byService = new Map(actionsOf(planOk(spec, ObservationBuilder.standard().build()).actions, 'createEndpoint').map((action) => [action.service, action]));
    expect(byService.get('ecr.api')?.policyDocument).toBe(policy);
    expect(byService.get('ecr.dkr')?.policyDocument).toBeUndefined();
    expect(byService.get('s3')?.policyDocument).toBe(ecrLayersOnlyPolicy(TEST_PARTITION, TEST_REGION));
  });

  it('creates no security group and no subnet-placed endpoint when only gateway services are asked for', () => {
    const plan = planOk(buildSpec({ interfaceServices: [] }), ObservationBuilder.standard().build());
    expect(actionsOf(plan.actions, 'createSecurityGroup')).toEqual([]);
    expect(actionsOf(plan.actions, 'authorizeIngress')).toEqual([]);
    expect(actionsOf(plan.actions, 'createEndpoint').map((action) => action.service)).toEqual(['s3']);
  });

  it('carves inside CidrRange when one is given', () => {
    const plan = planOk(buildSpec({ cidrRange: '10.0.200.0/24' }), ObservationBuilder.standard().build());
    expect(actionsOf(plan.actions, 'createSubnet')).toHaveLength(3);
    for (const action of actionsOf(plan.actions, 'createSubnet')) {
      expect(cidrContains(parseCidr('10.0.200.0/24'), parseCidr(action.cidr as string))).toBe(true);
    }
  });

  it('refuses a CidrRange outside every VPC block', () => {
    const plan = planConvergence(buildSpec({ cidrRange: '192.168.0.0/24' }), ObservationBuilder.standard().build(), TEST_CONTEXT);
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.problems).toEqual([expect.stringContaining('CidrRange 192.168.0.0/24 is not inside any CIDR block')]);
  });

  it('leaves the block to the IPAM pool when one is given', () => {
    const plan = planOk(buildSpec({ ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0', subnetPrefixLength: 27 }), ObservationBuilder.standard().build());
    const subnets = actionsOf(plan.actions, 'createSubnet');
    expect(subnets).toHaveLength(3);
    for (const action of subnets) expect(action).toMatchObject({ cidr: undefined, ipamPoolId: 'ipam-pool-0123456789abcdef0', prefixLength: 27 });
  });

  it('creates the gateway endpoint after the subnets with an IPAM pool, beside them otherwise (stageOf)', () => {
    const gatewayOf = (spec: EndpointSpec) => actionsOf(planOk(spec, ObservationBuilder.standard().build()).actions, 'createEndpoint').find((action) => action.type === 'Gateway');
    expect(gatewayOf(buildSpec({ ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0' }))?.afterSubnets).toBe(true);
    expect(gatewayOf(buildSpec())?.afterSubnets).toBeUndefined();
  });
});

describe('planConvergence: a service not offered in every AZ', () => {
  const observation = ObservationBuilder.standard().withInterfaceService('ecr.dkr', { azIds: [AZ1, AZ2] }).build();
  const plan = planOk(buildSpec(), observation);

  it('places that endpoint only in the AZs that offer it, and the others everywhere', () => {
    const placement = Object.fromEntries(actionsOf(plan.actions, 'createEndpoint').map((action) => [action.service, action.subnetAzIds]));
    expect(placement).toEqual({ 'ecr.api': [AZ1, AZ2, AZ3], 'ecr.dkr': [AZ1, AZ2], logs: [AZ1, AZ2, AZ3], s3: [] });
    expect(actionsOf(plan.actions, 'createSubnet').map((action) => action.azId)).toEqual([AZ1, AZ2, AZ3]);
  });

  it('names the service and the missing AZ in desired.serviceAzGaps', () => {
    expect(plan.desired.serviceAzGaps).toEqual([{ service: 'ecr.dkr', missingAzIds: [AZ3] }]);
  });
});

describe('planConvergence: dual-stack', () => {
  const observation = ObservationBuilder.standard().withVpcChanges({ ipv6Blocks: [IPV6_VPC_BLOCK] }).build();

  it('carves a /64 per AZ inside the VPC /56 next to the IPv4 block, and sets the IP type on interface endpoints', () => {
    const plan = planOk(buildSpec({ ipAddressType: 'dualstack' }), observation);
    const subnets = actionsOf(plan.actions, 'createSubnet');
    const blocks = subnets.map((action) => parseCidr(action.ipv6Cidr as string));
    expect(blocks).toHaveLength(3);
    blocks.forEach((block, index) => {
      expect(block.prefixLength).toBe(64);
      expect(cidrContains(parseCidr(IPV6_VPC_BLOCK), block)).toBe(true);
      for (const other of blocks.slice(index + 1)) expect(cidrsOverlap(block, other)).toBe(false);
    });
    expect(subnets.every((action) => action.cidr !== undefined)).toBe(true);
    expect([...plan.carved.values()].every((block) => block.cidr !== undefined && block.ipv6Cidr !== undefined)).toBe(true);
    expect(actionsOf(plan.actions, 'createEndpoint')).toHaveLength(4);
    for (const action of actionsOf(plan.actions, 'createEndpoint')) {
      expect(action.addressing).toEqual(action.type === 'Interface' ? { ipAddressType: 'dualstack', dnsRecordIpType: 'dualstack' } : undefined);
    }
  });
});

describe('planConvergence: IPv6 addressing per service', () => {
  const observation = ObservationBuilder.standard()
    .withVpcChanges({ ipv6Blocks: [IPV6_VPC_BLOCK] })
    .withInterfaceService('logs', { supportedIpAddressTypes: ['ipv4'] })
    .build();
  const cases = [
    { requested: 'dualstack', services: ['ecr.api', 'logs'], expected: { 'ecr.api': ['dualstack', 'dualstack'], logs: ['ipv4', 'ipv4'] } },
    { requested: 'ipv6', services: ['ecr.api', 'ecr.dkr'], expected: { 'ecr.api': ['dualstack', 'ipv6'], 'ecr.dkr': ['dualstack', 'ipv6'] } },
  ] as const;

  it.each(cases)('gives each interface endpoint the addressing its service takes ($requested)', ({ requested, services, expected }) => {
    const plan = planOk(buildSpec({ ipAddressType: requested, interfaceServices: services }), observation);
    const interfaces = actionsOf(plan.actions, 'createEndpoint').filter((action) => action.type === 'Interface');
    const addressing = Object.fromEntries(interfaces.map((action) => [action.service, [action.addressing?.ipAddressType, action.addressing?.dnsRecordIpType]]));
    expect(addressing).toEqual(expected);
  });
});

describe('planConvergence: a VPC with no room', () => {
  // Each row: the VPC's blocks and subnets, and the AZ the problem must name (the first, in sorted order, left without a block).
  const cases: { name: string; vpcBlocks: string[]; appCidrs: [string, string, string]; extra: string[]; azId: string }[] = [
    { name: 'app subnets fill the VPC', vpcBlocks: ['10.1.0.0/24'], appCidrs: ['10.1.0.0/26', '10.1.0.64/26', '10.1.0.128/25'], extra: [], azId: AZ1 },
    { name: 'room for two of three blocks', vpcBlocks: ['10.1.0.0/24'], appCidrs: ['10.1.0.0/26', '10.1.0.64/26', '10.1.0.128/26'], extra: ['10.1.0.192/27'], azId: AZ3 },
    { name: 'free space only in pieces smaller than /28', vpcBlocks: ['10.1.0.0/24'], appCidrs: ['10.1.0.0/25', '10.1.0.128/26', '10.1.0.192/27'], extra: ['10.1.0.224/28', '10.1.0.240/29'], azId: AZ1 },
  ];

  it.each(cases)('returns ok:false naming the AZ: $name', ({ vpcBlocks, appCidrs, extra, azId }) => {
    const builder = ObservationBuilder.bareVpc().withVpcChanges({ ipv4Blocks: vpcBlocks }).withInterfaceService('ecr.api').withGatewayService('s3');
    appCidrs.forEach((cidr, index) => builder.withAppSubnet({ subnetId: TEST_APP_SUBNET_IDS[index] as string, azId: TEST_AZ_IDS[index] as string, cidr }));
    extra.forEach((cidr, index) => builder.withSubnet({ subnetId: `subnet-00000000000extra${index}`, azId: AZ1, cidr }));
    const plan = planConvergence(buildSpec({ interfaceServices: ['ecr.api'] }), builder.build(), TEST_CONTEXT);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.problems).toHaveLength(1);
    expect(plan.problems[0]).toContain(`for AZ ${azId}`);
    expect(plan.problems[0]).toContain('/28');
  });
});

describe('planConvergence: one plan converges', () => {
  const dualStackVpc = () => ObservationBuilder.standard().withVpcChanges({ ipv6Blocks: [IPV6_VPC_BLOCK] });
  const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"logs:*","Resource":"*"}]}';
  const cases: { name: string; spec: EndpointSpec; observation: Observation }[] = [
    { name: 'defaults', spec: buildSpec(), observation: ObservationBuilder.standard().build() },
    { name: 'dual-stack', spec: buildSpec({ ipAddressType: 'dualstack' }), observation: dualStackVpc().build() },
    { name: 'ipv6 (AAAA records only)', spec: buildSpec({ ipAddressType: 'ipv6' }), observation: dualStackVpc().build() },
    { name: 'dual-stack with an ipv4 fallback', spec: buildSpec({ ipAddressType: 'dualstack' }), observation: dualStackVpc().withInterfaceService('logs', { supportedIpAddressTypes: ['ipv4'] }).build() },
    { name: 'policies and ecr-layers-only', spec: buildSpec({ endpointPolicies: { logs: policy }, s3GatewayPolicy: 'ecr-layers-only' }), observation: ObservationBuilder.standard().build() },
    { name: 'user tags with a Name', spec: buildSpec({ tags: [{ key: 'Name', value: 'x' }, { key: 'cost-centre', value: '42' }] }), observation: ObservationBuilder.standard().build() },
    { name: 'extra security groups', spec: buildSpec({ securityGroupIds: ['sg-0user00000000001', 'sg-0user00000000002'] }), observation: ObservationBuilder.standard().build() },
    { name: 'private DNS off', spec: buildSpec({ privateDnsEnabled: false }), observation: ObservationBuilder.standard().build() },
    { name: 'a service missing from one AZ', spec: buildSpec(), observation: ObservationBuilder.standard().withInterfaceService('ecr.dkr', { azIds: [AZ1, AZ2] }).build() },
    { name: 'reuse of a foreign private-DNS endpoint', spec: buildSpec({ interfaceServices: ['ecr.api', 'sts'], existingEndpoints: 'reuse' }), observation: ObservationBuilder.standard().build() },
    // s3 is offered as both types under one name (aws-facts): each endpoint must be matched by its type too.
    { name: 's3 as both an interface and a gateway endpoint', spec: buildSpec({ interfaceServices: ['ecr.api', 's3'] }), observation: ObservationBuilder.standard().withInterfaceService('s3').build() },
    { name: 'gateway only', spec: buildSpec({ interfaceServices: [], gatewayServices: ['s3', 'dynamodb'] }), observation: ObservationBuilder.standard().build() },
  ];

  it.each(cases)('plans nothing once the first plan has run: $name', ({ spec, observation }) => {
    const converged = convergedObservation(spec, observation);
    expect(planOk(spec, converged).actions).toEqual([]);
  });
});

describe('planConvergence: after an interrupted run', () => {
  const spec = buildSpec();
  const observation = ObservationBuilder.standard().build();
  const firstPlan = planOk(spec, observation).actions;

  it('creates the third subnet and all endpoints when two subnets and the group exist', () => {
    const done = firstPlan.filter(
      (action) => (action.kind === 'createSubnet' && action.azId !== AZ3) || action.kind === 'createSecurityGroup' || action.kind === 'authorizeIngress',
    );
    const partial = applyToObservation(observation, done, TEST_OWNER);
    const plan = planOk(spec, partial);
    const groupId = partial.ownedSecurityGroups[0]?.groupId;

    expect(kindCounts(plan.actions)).toEqual({ createSubnet: 1, createEndpoint: 4 });
    expect(actionsOf(plan.actions, 'createSubnet').map((action) => action.azId)).toEqual([AZ3]);
    // The gateway endpoint first: it runs in the first stage, with the subnet (stageOf).
    expect(actionsOf(plan.actions, 'createEndpoint').map((action) => [action.service, action.subnetAzIds, action.securityGroupIds])).toEqual([
      ['s3', [], []],
      ['ecr.api', [AZ1, AZ2, AZ3], [groupId]],
      ['ecr.dkr', [AZ1, AZ2, AZ3], [groupId]],
      ['logs', [AZ1, AZ2, AZ3], [groupId]],
    ]);
    expect([...plan.keptSubnets.keys()]).toEqual([AZ1, AZ2]);
  });

  // Whatever prefix of the first plan ran, the next plan does the rest and nothing else, and then the VPC has converged.
  it.each(firstPlan.map((_, count) => count))('does exactly the rest after the first %i actions', (count) => {
    const partial = applyToObservation(observation, firstPlan.slice(0, count), TEST_OWNER);
    const rest = planOk(spec, partial).actions;
    const describeAction = (action: Action) =>
      action.kind === 'createSubnet' ? `subnet ${action.azId}` : action.kind === 'createEndpoint' ? `endpoint ${action.service}` : action.kind;
    const expected = firstPlan.slice(count).map(describeAction);
    expect(rest.map(describeAction)).toEqual(expected);
    expect(planOk(spec, applyToObservation(partial, rest, TEST_OWNER)).actions).toEqual([]);
  });
});
