/**
 * The frozen contract with resources already deployed in users' accounts.
 *
 * Earlier versions wrote these tag keys, owner values, physical IDs, client tokens, security-group names and Name tags
 * into production accounts. A Delete or Update issued by a newer version must still recognise them, so every value here
 * is a literal (or derived by the test itself from a literal recipe), never one of the code's own constants: renaming a
 * tag key or changing a digest must fail this suite loudly. If a format ever has to change, keep the old one readable
 * and add a test here that says so.
 */
import { createHash } from 'node:crypto';
import { endpointClientToken } from '../../lib/reconcile/apply';
import { isOwnedBy, ownerTags } from '../../lib/reconcile/ownership';
import { invalidCreatePhysicalId, isInvalidCreatePhysicalId, physicalIdFor, vpcIdOfOwnPhysicalId } from '../../lib/protocol/physical-id';
import { securityGroupName } from '../../lib/reconcile/plan';
import { parseProperties, previousTagKeys } from '../../lib/properties';
import { InvalidPropertiesError } from '../../lib/errors';
import { startScenario, writesOf, type Scenario } from '../support/scenario';

const STACK_ID = 'arn:aws:cloudformation:eu-west-1:111122223333:stack/payments/6b1f4c2e-9d3a-4e57-8a10-2c4b5d6e7f80';
/** Golden values computed once, outside this code base (Python's hashlib over the JSON recipe below). */
const GOLDEN_PHYSICAL_ID = 'vpce-provisioner-v1-vpc-0a1b2c3d4e5f67890-07bf50017092cde7aa58';
const GOLDEN_PHYSICAL_ID_SHORT_VPC = 'vpce-provisioner-v1-vpc-1a2b3c4d-b5034ae5de77be27b46c';
const GOLDEN_INVALID_CREATE_ID = 'vpce-provisioner-v1-none-7479ad7ac5277cf3c220';

/** The recipe of every digest this provider writes: SHA-256 (hex) of the JSON array of its parts. */
function sha256OfJson(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

describe('physical IDs already issued', () => {
  it.each([
    ['a 17-digit VPC ID', 'vpc-0a1b2c3d4e5f67890', GOLDEN_PHYSICAL_ID],
    ['an 8-digit VPC ID', 'vpc-1a2b3c4d', GOLDEN_PHYSICAL_ID_SHORT_VPC],
    ['a VPC ID written in capitals', 'VPC-0A1B2C3D4E5F67890', GOLDEN_PHYSICAL_ID],
  ])('are issued unchanged for %s', (_label, vpcId, expected) => {
    expect(physicalIdFor({ stackId: STACK_ID, logicalResourceId: 'Endpoints', vpcId })).toBe(expected);
  });

  it.each([
    [GOLDEN_PHYSICAL_ID, 'vpc-0a1b2c3d4e5f67890'],
    [GOLDEN_PHYSICAL_ID_SHORT_VPC, 'vpc-1a2b3c4d'],
  ])('are recognised as this resource’s own on a later Delete: %s', (physicalId, vpcId) => {
    expect(vpcIdOfOwnPhysicalId(physicalId, STACK_ID, 'Endpoints')).toBe(vpcId);
  });

  it('keep the marker of a Create that never read its VPC, and still tell it apart', () => {
    expect(invalidCreatePhysicalId(STACK_ID, 'Endpoints')).toBe(GOLDEN_INVALID_CREATE_ID);
    expect(isInvalidCreatePhysicalId(GOLDEN_INVALID_CREATE_ID)).toBe(true);
    expect(isInvalidCreatePhysicalId(GOLDEN_PHYSICAL_ID)).toBe(false);
    expect(vpcIdOfOwnPhysicalId(GOLDEN_INVALID_CREATE_ID, STACK_ID, 'Endpoints')).toBeUndefined();
  });
});

describe('ownership tags already written', () => {
  const owner = { physicalId: GOLDEN_PHYSICAL_ID, stackId: STACK_ID, logicalResourceId: 'Endpoints' };

  it('are written under the keys earlier versions used', () => {
    expect(ownerTags(owner)).toEqual([
      { key: 'vpce-provisioner:owner', value: GOLDEN_PHYSICAL_ID },
      { key: 'vpce-provisioner:stack-id', value: STACK_ID },
      { key: 'vpce-provisioner:logical-id', value: 'Endpoints' },
    ]);
  });

  it('are read back under the same keys', () => {
    const deployed = {
      'vpce-provisioner:owner': GOLDEN_PHYSICAL_ID,
      'vpce-provisioner:stack-id': STACK_ID,
      'vpce-provisioner:logical-id': 'Endpoints',
      Name: 'payments-Endpoints-endpoints',
    };
    expect(isOwnedBy(deployed, owner)).toBe(true);
  });

  it.each(['vpce-provisioner:owner', 'vpce-provisioner:stack-id', 'vpce-provisioner:logical-id'])(
    'are all required: a resource without %s is not this resource’s',
    (missing) => {
      const tags: Record<string, string> = {
        'vpce-provisioner:owner': GOLDEN_PHYSICAL_ID,
        'vpce-provisioner:stack-id': STACK_ID,
        'vpce-provisioner:logical-id': 'Endpoints',
      };
      delete tags[missing];
      expect(isOwnedBy(tags, owner)).toBe(false);
    },
  );

  it.each(['vpce-provisioner:owner', 'vpce-provisioner:az-id', 'VPCE-Provisioner:service'])('cannot be forged by a user tag %s', (key) => {
    const properties = { VpcId: 'vpc-0a1b2c3d4e5f67890', SubnetIds: ['subnet-0a1b2c3d4e5f67890'], Tags: [{ Key: key, Value: 'x' }] };
    expect(() => parseProperties(properties)).toThrow(InvalidPropertiesError);
    expect(() => parseProperties(properties)).toThrow(/reserves for its ownership tags/);
  });
});

describe('names and tokens already used', () => {
  it('names the security group after the physical ID', () => {
    const owner = { physicalId: GOLDEN_PHYSICAL_ID, stackId: STACK_ID, logicalResourceId: 'Endpoints' };
    expect(securityGroupName(owner)).toBe('vpce-provisioner-v1-vpc-0a1b2c3d4e5f67890-07bf50017092cde7aa58-endpoints');
  });

  it('derives the CreateVpcEndpoint client token unchanged', () => {
    const input = {
      VpcId: 'vpc-0a1b2c3d4e5f67890',
      VpcEndpointType: 'Interface',
      ServiceName: 'com.amazonaws.eu-west-1.ecr.api',
      SubnetIds: ['subnet-0a1b2c3d4e5f67890'],
      SecurityGroupIds: ['sg-0a1b2c3d4e5f67890'],
      PrivateDnsEnabled: true,
    };
    const requestKey = `${STACK_ID}|5f0c2a9e-1b3d-4c5e-8f7a-9b0c1d2e3f40`;
    expect(endpointClientToken(GOLDEN_PHYSICAL_ID, requestKey, undefined, input)).toBe(
      '70c38aa7ad17f32d5ba35acbc955383cfdfc15af2de11d08f9025b5e6253c051',
    );
    expect(endpointClientToken(GOLDEN_PHYSICAL_ID, requestKey, 'vpce-0123456789abcdef0', input)).toBe(
      'a3405a020aa7e5920c4f6e42b545ff66cf02b01cb4e4561dc458c70d1dd32a5f',
    );
  });
});

describe('what a Create writes into the account', () => {
  let scenario: Scenario;
  afterEach(() => scenario.close());

  it('tags, names and tokens every resource as earlier versions did', async () => {
    scenario = await startScenario();
    const event = scenario.cfn.createEvent(scenario.properties());
    const vpcId = scenario.world.vpcId;
    const physicalId = `vpce-provisioner-v1-${vpcId}-${sha256OfJson([event.StackId, 'VpcEndpoints', vpcId]).slice(0, 20)}`;

    const response = await scenario.invoke(event);

    expect(response?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
    const owner = {
      'vpce-provisioner:owner': physicalId,
      'vpce-provisioner:stack-id': event.StackId,
      'vpce-provisioner:logical-id': 'VpcEndpoints',
    };
    const byOwner = [{ Name: 'tag:vpce-provisioner:owner', Values: [physicalId] }];
    const [subnets, groups, endpoints] = await Promise.all([
      scenario.sim.call('DescribeSubnets', { Filters: byOwner }),
      scenario.sim.call('DescribeSecurityGroups', { Filters: byOwner }),
      scenario.sim.call('DescribeVpcEndpoints', { Filters: byOwner }),
    ]);
    const tagsOf = (item: { Tags?: { Key: string; Value: string }[] }) => Object.fromEntries((item.Tags ?? []).map((tag) => [tag.Key, tag.Value]));

    const subnetTags = (subnets.Subnets as { Tags?: { Key: string; Value: string }[] }[]).map(tagsOf);
    expect(subnetTags).toHaveLength(3);
    expect(subnetTags).toEqual(
      expect.arrayContaining(
        ['use1-az1', 'use1-az2', 'use1-az4'].map((azId) => ({
          ...owner,
          'vpce-provisioner:az-id': azId,
          Name: `vpce-demo-VpcEndpoints-endpoints-${azId}`,
        })),
      ),
    );

    const sgs = groups.SecurityGroups as { GroupName: string; Tags?: { Key: string; Value: string }[] }[];
    expect(sgs).toHaveLength(1);
    expect(sgs[0]?.GroupName).toBe(`${physicalId}-endpoints`);
    expect(tagsOf(sgs[0] as never)).toEqual({ ...owner, Name: 'vpce-demo-VpcEndpoints-endpoints' });

    const endpointTags = (endpoints.VpcEndpoints as { Tags?: { Key: string; Value: string }[] }[]).map(tagsOf);
    expect(endpointTags).toHaveLength(4);
    expect(endpointTags).toEqual(
      expect.arrayContaining(
        ['ecr.api', 'ecr.dkr', 'logs', 's3'].map((service) => ({
          ...owner,
          'vpce-provisioner:service': service,
          Name: `vpce-demo-VpcEndpoints-${service}`,
        })),
      ),
    );

    // A call naming a subnet or group EC2 does not list yet is sent again with the same token (eventual consistency):
    // four endpoints were made, and every attempt carried the token derived from its own input.
    const creates = scenario.providerCalls.filter((call) => call.action === 'CreateVpcEndpoint');
    expect(creates.filter((call) => call.input['$output'] !== undefined)).toHaveLength(4);
    expect(new Set(creates.map((call) => call.input['ClientToken'])).size).toBe(4);
    for (const create of creates) {
      const { ClientToken: token, $output: _output, $tagsBefore: _tagsBefore, ...input } = create.input;
      expect(token).toBe(sha256OfJson([physicalId, `${event.StackId}|${event.RequestId}`, '', input]));
    }
  });
});

describe('resources an earlier version deployed', () => {
  let scenario: Scenario;
  afterEach(() => scenario.close());

  it('are found and removed by a Delete of their physical ID', async () => {
    scenario = await startScenario();
    const props = scenario.properties();
    const probe = scenario.cfn.deleteEvent('probe', props);
    const vpcId = scenario.world.vpcId;
    const physicalId = `vpce-provisioner-v1-${vpcId}-${sha256OfJson([probe.StackId, 'VpcEndpoints', vpcId]).slice(0, 20)}`;
    const tagSpecification = (resourceType: string, extra: Record<string, string>) => [
      {
        ResourceType: resourceType,
        Tags: Object.entries({
          'vpce-provisioner:owner': physicalId,
          'vpce-provisioner:stack-id': probe.StackId,
          'vpce-provisioner:logical-id': 'VpcEndpoints',
          ...extra,
        }).map(([Key, Value]) => ({ Key, Value })),
      },
    ];
    const subnet = await scenario.sim.call('CreateSubnet', {
      VpcId: vpcId,
      CidrBlock: '100.64.3.240/28',
      AvailabilityZoneId: 'use1-az1',
      TagSpecifications: tagSpecification('subnet', { 'vpce-provisioner:az-id': 'use1-az1' }),
    });
    const subnetId = (subnet.Subnet as { SubnetId: string }).SubnetId;
    const group = await scenario.sim.call('CreateSecurityGroup', {
      VpcId: vpcId,
      GroupName: `${physicalId}-endpoints`,
      Description: 'HTTPS to the VPC endpoints',
      TagSpecifications: tagSpecification('security-group', {}),
    });
    const groupId = group.GroupId as string;
    // EC2 is eventually consistent (the scenario's default): new IDs are usable by other calls a little later.
    scenario.clock.advance(60_000);
    const endpoint = await scenario.sim.call('CreateVpcEndpoint', {
      VpcId: vpcId,
      VpcEndpointType: 'Interface',
      ServiceName: 'com.amazonaws.us-east-1.logs',
      SubnetIds: [subnetId],
      SecurityGroupIds: [groupId],
      PrivateDnsEnabled: true,
      TagSpecifications: tagSpecification('vpc-endpoint', { 'vpce-provisioner:service': 'logs' }),
    });
    const endpointId = (endpoint.VpcEndpoint as { VpcEndpointId: string }).VpcEndpointId;
    scenario.clock.advance(10 * 60_000);
    scenario.sim.resetCallLog();

    const response = await scenario.invoke({ ...probe, PhysicalResourceId: physicalId });

    expect(response?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
    const writes = scenario.sim.writes();
    expect(writes.map((write) => write.action)).toEqual(['DeleteVpcEndpoints', 'DeleteSubnet', 'DeleteSecurityGroup']);
    expect(writes.map((write) => write.input)).toEqual([
      expect.objectContaining({ VpcEndpointIds: [endpointId] }),
      expect.objectContaining({ SubnetId: subnetId }),
      expect.objectContaining({ GroupId: groupId }),
    ]);
    expect(writesOf(scenario.sim)).toHaveLength(3);
  });
});

describe('properties an earlier version accepted, read back on a rollback Update', () => {
  it.each([
    ['no Tags at all', { VpcId: 'vpc-0a1b2c3d4e5f67890' }, []],
    ['no properties', undefined, []],
    ['Tags that are not a list', { Tags: 'team=payments' }, []],
    ['well-formed tags', { Tags: [{ Key: 'team', Value: 'payments' }, { Key: 'Name', Value: 'x' }] }, ['team', 'Name']],
    ['tags today’s rules refuse (reserved prefix, no value, a number)', { Tags: [{ Key: 'aws:x' }, { Key: 'cost', Value: 12 }] }, ['aws:x', 'cost']],
    ['items without a string Key, skipped', { Tags: [null, 'team', { Value: 'v' }, { Key: 7 }, { Key: 'kept', Value: '' }] }, ['kept']],
  ])('finds the user tag keys to remove in %s', (_label, oldProperties, keys) => {
    expect(previousTagKeys(oldProperties)).toEqual(keys);
  });

  it('reads more tags than today’s limit of 40', () => {
    const tags = Array.from({ length: 45 }, (_, index) => ({ Key: `k${index}`, Value: 'v' }));
    expect(previousTagKeys({ Tags: tags })).toHaveLength(45);
  });
});
