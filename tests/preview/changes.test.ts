import { countChanges, planChanges, sortCidrs } from '../../lib/preview/changes';
import { MANAGED_GROUP, type Action } from '../../lib/reconcile/actions';
import type { ObservedEndpoint, ObservedSubnet } from '../../lib/reconcile/observed';
import type { Plan } from '../../lib/reconcile/plan';

type SucceedingPlan = Extract<Plan, { ok: true }>;

function subnet(subnetId: string, azId: string, cidr: string): ObservedSubnet {
  return { subnetId, vpcId: 'vpc-0a1b2c3d', cidr, ipv6Cidrs: [], azId, azName: azId, ownerId: '123456789012', availableIpAddressCount: 9, tags: {} };
}

function endpoint(endpointId: string, serviceName: string, state: string, subnetIds: string[], type: 'Interface' | 'Gateway' = 'Interface'): ObservedEndpoint {
  return { endpointId, type, serviceName, state, subnetIds, routeTableIds: type === 'Gateway' ? ['rtb-0b'] : [], groupIds: [], privateDnsEnabled: true, dnsNames: [], tags: {} };
}

/** A plan by hand: only what planChanges reads (actions, what is owned and kept, and the wanted services' names). */
function planOf(actions: Action[], owned: { subnets?: ObservedSubnet[]; endpoints?: ObservedEndpoint[] } = {}): SucceedingPlan {
  return {
    ok: true,
    actions,
    owned: { subnets: owned.subnets ?? [], securityGroups: [], endpoints: owned.endpoints ?? [] },
    keptSubnets: new Map(),
    carved: new Map(),
    desired: { interfaceEndpoints: [], gatewayEndpoints: [] },
  } as unknown as SucceedingPlan;
}

const AZ3 = subnet('subnet-0c', 'use1-az3', '10.0.255.192/28');
const LOGS = endpoint('vpce-0logs', 'com.amazonaws.us-east-1.logs', 'available', ['subnet-0c']);

describe('planChanges', () => {
  it('names the service and AZs of every deleted endpoint and the AZ and block of every deleted subnet', () => {
    const plan = planOf(
      [
        { kind: 'deleteEndpoints', endpointIds: ['vpce-0logs', 'vpce-0s3'] },
        { kind: 'deleteSubnet', subnetId: 'subnet-0c', azId: 'use1-az3' },
      ],
      { subnets: [AZ3], endpoints: [LOGS, endpoint('vpce-0s3', 'com.amazonaws.us-east-1.s3', 'available', [], 'Gateway')] },
    );

    const changes = planChanges(plan);

    expect(changes).toEqual([
      { marker: '-', resource: 'interface endpoint', concerns: 'logs', id: 'vpce-0logs', detail: 'com.amazonaws.us-east-1.logs in use1-az3 (available)' },
      { marker: '-', resource: 'gateway endpoint', concerns: 's3', id: 'vpce-0s3', detail: 'com.amazonaws.us-east-1.s3 on rtb-0b (available)' },
      { marker: '-', resource: 'endpoint subnet', concerns: 'use1-az3', id: 'subnet-0c', detail: '10.0.255.192/28' },
    ]);
    expect(countChanges(changes)).toEqual({ add: 0, change: 0, destroy: 3 });
  });

  it('calls a failed endpoint’s replacement out as one -/+ change, counted once to add and once to destroy', () => {
    const failedLogs = endpoint('vpce-0logs', 'com.amazonaws.us-east-1.logs', 'failed', ['subnet-0c']);
    const plan = planOf(
      [
        {
          kind: 'createEndpoint', service: 'logs', serviceName: 'com.amazonaws.us-east-1.logs', type: 'Interface', subnetAzIds: ['use1-az3'],
          routeTableIds: [], securityGroupIds: [MANAGED_GROUP], privateDnsEnabled: true, tags: [], replaces: 'vpce-0logs',
        },
        { kind: 'deleteEndpoints', endpointIds: ['vpce-0logs'] },
      ],
      { subnets: [AZ3], endpoints: [failedLogs] },
    );

    const changes = planChanges(plan);

    expect(changes).toEqual([
      { marker: '-/+', resource: 'interface endpoint', concerns: 'logs', id: 'vpce-0logs', detail: 'com.amazonaws.us-east-1.logs in use1-az3 (private DNS on); replaces vpce-0logs (failed)' },
    ]);
    expect(countChanges(changes)).toEqual({ add: 1, change: 0, destroy: 1 });
  });

  it('joins every change in place of one resource into one line, counted once', () => {
    const plan = planOf(
      [
        { kind: 'revokeIngress', groupId: 'sg-0a', cidrs: ['10.2.0.128/26', '10.2.0.64/26'] },
        { kind: 'updateTags', resourceIds: ['sg-0a', 'vpce-0logs'], set: [{ key: 'team', value: 'payments' }], removeKeys: ['env'] },
        {
          kind: 'modifyEndpoint', endpointId: 'vpce-0logs', service: 'logs', addSubnetAzIds: [], removeSubnetIds: ['subnet-0c'], addRouteTableIds: [],
          removeRouteTableIds: [], addSecurityGroupIds: [], removeSecurityGroupIds: [],
        },
      ],
      { subnets: [AZ3], endpoints: [LOGS] },
    );

    const changes = planChanges(plan);

    expect(changes).toEqual([
      { marker: '~', resource: 'security group', concerns: 'of the endpoints', id: 'sg-0a', detail: 'revoke TCP 443 from 10.2.0.64/26, 10.2.0.128/26; tags: set team=payments; remove env' },
      { marker: '~', resource: 'interface endpoint', concerns: 'logs', id: 'vpce-0logs', detail: 'tags: set team=payments; remove env; leave use1-az3 (subnet-0c)' },
    ]);
    expect(countChanges(changes)).toEqual({ add: 0, change: 2, destroy: 0 });
  });
});

describe('sortCidrs', () => {
  it.each([
    [['10.2.0.0/26', '10.2.0.128/26', '10.2.0.64/26'], ['10.2.0.0/26', '10.2.0.64/26', '10.2.0.128/26']],
    [['10.0.20.0/24', '10.0.2.0/23'], ['10.0.2.0/23', '10.0.20.0/24']],
    [['2600:1f18::/64', '10.0.0.0/20'], ['10.0.0.0/20', '2600:1f18::/64']],
    [['not-a-cidr', '10.0.0.0/8'], ['10.0.0.0/8', 'not-a-cidr']],
  ])('orders %j numerically: %j', (given, expected) => {
    expect(sortCidrs(given)).toEqual(expected);
  });
});
