/**
 * A small consumer world as plain data: a hub in account 111122223333 with three zones, a spoke in 444455556666, and the
 * consumer's owner. Each test changes what it is about and nothing else.
 */
import type { ConsumerObservation, ObservedHub, ObservedHubZone, ObservedIngressRule, ObservedSpoke } from '../../../lib/consumer/observation';
import type { ConsumerSpec } from '../../../lib/consumer/properties';
import type { Owner } from '../../../lib/reconcile/ownership';

export const HUB_ACCOUNT = '111122223333';
export const SPOKE_ACCOUNT = '444455556666';
export const HUB_ID = 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a0a0a0a';
export const SPOKE_VPC = 'vpc-0b0b0b0b';
export const HUB_GROUP = 'sg-0c0c0c0c';

export const OWNER: Owner = {
  physicalId: 'vpce-consumer-v1-vpc-0b0b0b0b-00112233445566778899',
  stackId: 'arn:aws:cloudformation:eu-west-1:444455556666:stack/spoke/0f0f0f0f-0000-4000-8000-000000000001',
  logicalResourceId: 'Consumer',
};

export const OTHER_OWNER: Owner = {
  physicalId: 'vpce-consumer-v1-vpc-0b0b0b0b-99887766554433221100',
  stackId: 'arn:aws:cloudformation:eu-west-1:444455556666:stack/older-spoke/0f0f0f0f-0000-4000-8000-000000000002',
  logicalResourceId: 'OldConsumer',
};

export function zone(name: string, service: string, overrides: Partial<ObservedHubZone> = {}): ObservedHubZone {
  return {
    zoneId: `Z${service.replace(/\W/g, '').toUpperCase()}`,
    name,
    service,
    associatedVpcCount: 1,
    maxAssociatedVpcs: 300,
    authorisedVpcIds: [],
    ...overrides,
  };
}

/** The hub's three zones: ZECRAPI, ZECRDKR, ZLOGS. */
export const ZONES: readonly ObservedHubZone[] = [
  zone('api.ecr.eu-west-1.amazonaws.com', 'ecr.api'),
  zone('dkr.ecr.eu-west-1.amazonaws.com', 'ecr.dkr'),
  zone('logs.eu-west-1.amazonaws.com', 'logs'),
];

export function hub(overrides: Partial<ObservedHub> = {}): ObservedHub {
  return {
    groupId: HUB_GROUP,
    groupTags: { 'vpce-provisioner:hub': HUB_ID, 'vpce-provisioner:allowed-consumers': SPOKE_ACCOUNT },
    ingressRules: [],
    vpcIpv4Blocks: ['10.0.0.0/16'],
    vpcIpv6Blocks: [],
    dualStack: false,
    zones: ZONES,
    ...overrides,
  };
}

export function spoke(overrides: Partial<ObservedSpoke> = {}): ObservedSpoke {
  return {
    vpcId: SPOKE_VPC,
    ipv4Blocks: ['10.1.0.0/16'],
    ipv6Blocks: [],
    enableDnsSupport: true,
    enableDnsHostnames: true,
    privateDnsEndpoints: [],
    associatedZones: [],
    routeTables: [{ routeTableId: 'rtb-0d0d0d0d', routes: [{ destination: '10.0.0.0/8', target: 'transit-gateway' }] }],
    ...overrides,
  };
}

export function observation(overrides: { hub?: Partial<ObservedHub>; spoke?: Partial<ObservedSpoke> } = {}): ConsumerObservation {
  return { hub: hub(overrides.hub), spoke: spoke(overrides.spoke) };
}

export function spec(overrides: Partial<ConsumerSpec> = {}): ConsumerSpec {
  return {
    vpcId: SPOKE_VPC,
    hubId: HUB_ID,
    hub: { partition: 'aws', region: 'eu-west-1', accountId: HUB_ACCOUNT, vpcId: 'vpc-0a0a0a0a' },
    gatewayServices: [],
    tags: [],
    ...overrides,
  };
}

/** A claim rule as the hub's group would hold it. */
export function claimRule(ruleId: string, cidr: string, owner: Owner = OWNER, spokeVpcId = SPOKE_VPC): ObservedIngressRule {
  return {
    ruleId,
    protocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    cidr,
    tags: {
      'vpce-provisioner:owner': owner.physicalId,
      'vpce-provisioner:stack-id': owner.stackId,
      'vpce-provisioner:logical-id': owner.logicalResourceId,
      'vpce-provisioner:consumer-vpc': spokeVpcId,
    },
  };
}

export const WHO = { owner: OWNER, accountId: SPOKE_ACCOUNT };
