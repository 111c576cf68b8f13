import { failed, preview, succeeded } from './support';
import { formatPreview } from '../../lib/preview/format';
import { startScenario, writesOf, type Scenario } from '../support/scenario';


describe('previewConvergence against the simulator', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  it('shows the blocks, AZs and notes a subsequent Create carves and reports', async () => {
    // Reusing the demo's foreign sts endpoint, with a policy that therefore is not applied, gives the Create two notes.
    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' }] });
    const properties = scenario.properties({
      InterfaceServices: ['ecr.api', 'ecr.dkr', 'logs', 'sts'],
      ExistingEndpoints: 'reuse',
      EndpointPolicies: { sts: policy },
    });
    const planned = succeeded(await preview(scenario, properties));

    const response = await scenario.invoke(scenario.cfn.createEvent(properties));

    const data = response?.body?.Data ?? {};
    expect(response?.body?.Status).toBe('SUCCESS');
    expect(planned.endpointSubnets.map((subnet) => subnet.cidr).join(',')).toBe(data['SubnetCidrs']);
    expect(planned.endpointSubnets.map((subnet) => subnet.azId).join(',')).toBe(data['AvailabilityZoneIds']);
    expect(planned.notes.join('; ')).toBe(data['Notes']);
    expect(planned.notes).toEqual([expect.stringMatching(/^sts is served by the existing endpoint/), expect.stringMatching(/^EndpointPolicies\["sts"\] is not applied/)]);
    expect(planned.reusedEndpoints.map((reused) => reused.endpointId)).toEqual([scenario.world.foreignEndpointId]);
  });

  it('plans the writes the Create then makes, one action per write', async () => {
    const planned = succeeded(await preview(scenario, scenario.properties()));
    scenario.sim.resetCallLog();

    await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

    const writeOf: Record<string, string> = {
      createSubnet: 'CreateSubnet',
      createSecurityGroup: 'CreateSecurityGroup',
      authorizeIngress: 'AuthorizeSecurityGroupIngress',
      createEndpoint: 'CreateVpcEndpoint',
    };
    expect(planned.actions.map((step) => writeOf[step.action.kind] ?? step.action.kind).sort()).toEqual(writesOf(scenario.sim).sort());
    expect(planned.actions.map((step) => step.stage)).toEqual([...planned.actions.map((step) => step.stage)].sort((a, b) => a - b));
    expect(planned.securityGroup).toMatchObject({ status: 'new', httpsIngressCidrs: expect.arrayContaining(['10.0.0.0/20']) });
    expect(planned.gatewayEndpoints).toEqual([
      expect.objectContaining({ shortName: 's3', status: 'new', routeTableIds: [...scenario.world.routeTableIds].sort(), skippedRouteTables: [] }),
    ]);
  });

  it('makes no mutating call, only reads', async () => {
    scenario.sim.resetCallLog();

    await preview(scenario, scenario.properties());

    expect(scenario.sim.calls.length).toBeGreaterThan(0);
    expect(scenario.sim.calls.filter((record) => record.mutating)).toEqual([]);
  });

  it('lists every problem, with the reason the Create then answers', async () => {
    const properties = scenario.properties({
      SubnetIds: [...scenario.world.appSubnetIds, 'subnet-0123abcd'],
      InterfaceServices: ['ecr.api', 'sts', 'nosuchservice'],
    });
    const planned = failed(await preview(scenario, properties));

    const response = await scenario.invoke(scenario.cfn.createEvent(properties));

    expect(planned.failedAt).toBe('preconditions');
    expect(planned.problems).toHaveLength(3);
    expect(planned.problems.join('\n')).toEqual(expect.stringContaining('subnet-0123abcd'));
    expect(planned.problems.join('\n')).toEqual(expect.stringContaining('nosuchservice'));
    expect(planned.problems.join('\n')).toEqual(expect.stringContaining(scenario.world.foreignEndpointId));
    expect(response?.body?.Status).toBe('FAILED');
    expect(planned.reason).toBe(response?.body?.Reason);
  });

  it('reports invalid properties as the resource does, without asking EC2 anything', async () => {
    const properties = scenario.properties({ SubnetPrefixLength: '29', IpAddressType: 'ipv5' });
    scenario.sim.resetCallLog();
    const planned = failed(await preview(scenario, properties));
    const callsByPreview = scenario.sim.calls.length;

    const response = await scenario.invoke(scenario.cfn.createEvent(properties));

    expect(callsByPreview).toBe(0);
    expect(planned.failedAt).toBe('properties');
    expect(planned.problems).toHaveLength(2);
    expect(planned.reason).toBe(response?.body?.Reason);
  });

  it('previews zero actions for a converged resource, naming what it keeps', async () => {
    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));
    const data = response?.body?.Data ?? {};
    scenario.sim.resetCallLog();

    const planned = succeeded(await preview(scenario, scenario.properties(), { stackId: scenario.cfn.stackId() }));

    expect(planned.physicalResourceId).toBe(response?.body?.PhysicalResourceId);
    expect(planned.actions).toEqual([]);
    expect(planned.endpointSubnets.map((subnet) => [subnet.status, subnet.subnetId, subnet.cidr])).toEqual(
      (data['SubnetIds'] ?? '').split(',').map((subnetId, index) => ['kept', subnetId, data['SubnetCidrs']?.split(',')[index]]),
    );
    expect(planned.securityGroup).toMatchObject({ status: 'kept', groupId: data['SecurityGroupId'], authorize: [], revoke: [] });
    expect(planned.interfaceEndpoints.map((endpoint) => [endpoint.shortName, endpoint.status, endpoint.endpointId])).toEqual(
      ['ecr.api', 'ecr.dkr', 'logs'].map((name) => [name, 'unchanged', data[`EndpointId.${name}`]]),
    );
    expect(planned.gatewayEndpoints.map((gateway) => [gateway.status, gateway.endpointId])).toEqual([['unchanged', data['GatewayEndpointId.s3']]]);
    expect(formatPreview(planned)).toContain('No changes. The VPC already matches these properties.\n\nPlan: 0 to add, 0 to change, 0 to destroy.\n');
    expect(scenario.sim.calls.filter((record) => record.mutating)).toEqual([]);
  });

  it('previews an Update: the added service, and the tags the user removed', async () => {
    const oldProperties = scenario.properties({ Tags: [{ Key: 'team', Value: 'payments' }] });
    const created = await scenario.invoke(scenario.cfn.createEvent(oldProperties));
    const newProperties = scenario.properties({ InterfaceServices: ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager'] });

    const planned = succeeded(await preview(scenario, newProperties, { stackId: scenario.cfn.stackId(), oldProperties }));

    expect(planned.requestType).toBe('Update');
    expect(planned.replacement).toBeUndefined();
    expect(planned.interfaceEndpoints.map((endpoint) => [endpoint.shortName, endpoint.status])).toEqual([
      ['ecr.api', 'unchanged'],
      ['ecr.dkr', 'unchanged'],
      ['logs', 'unchanged'],
      ['secretsmanager', 'new'],
    ]);
    const kinds = planned.actions.map((step) => step.action.kind);
    expect(kinds.filter((kind) => kind === 'createEndpoint')).toHaveLength(1);
    expect(kinds).toContain('updateTags');
    const tagging = planned.actions.find((step) => step.action.kind === 'updateTags');
    expect(tagging?.description).toMatch(/remove team$/);
    // Subnets, group and endpoints all lose the tag: 3 + 1 + 4.
    expect(tagging?.action.kind === 'updateTags' && tagging.action.removeKeys).toEqual(['team']);
    expect(tagging?.action.kind === 'updateTags' && tagging.action.resourceIds).toHaveLength(8);

    const update = scenario.cfn.updateEvent(created?.body?.PhysicalResourceId as string, newProperties, oldProperties);
    const updated = await scenario.invoke(update);
    expect(updated?.body?.Status).toBe('SUCCESS');
    expect(updated?.body?.Data?.['EndpointId.secretsmanager']).toMatch(/^vpce-/);
  });

  it('notes, as the Update then does, that kept subnets keep their size when SubnetPrefixLength changes', async () => {
    const oldProperties = scenario.properties();
    const created = await scenario.invoke(scenario.cfn.createEvent(oldProperties));
    const newProperties = scenario.properties({ SubnetPrefixLength: '27' });

    const planned = succeeded(await preview(scenario, newProperties, { stackId: scenario.cfn.stackId(), oldProperties }));
    const updated = await scenario.invoke(scenario.cfn.updateEvent(created?.body?.PhysicalResourceId as string, newProperties, oldProperties));

    expect(planned.actions).toEqual([]);
    expect(planned.notes).toEqual([expect.stringMatching(/^SubnetPrefixLength 27 applies to new endpoint subnets/)]);
    expect(planned.notes.join('; ')).toBe(updated?.body?.Data?.['Notes']);
  });

  it('says when an Update replaces the resource because VpcId changes', async () => {
    const oldProperties = scenario.properties({ VpcId: 'vpc-0fedcba9' });

    const planned = succeeded(await preview(scenario, scenario.properties(), { stackId: scenario.cfn.stackId(), oldProperties }));

    expect(planned.replacement).toEqual({ oldVpcId: 'vpc-0fedcba9' });
    expect(formatPreview(planned)).toContain('-/+ The resource is replaced: VpcId changes from vpc-0fedcba9, so a new resource is made in');
  });

  it('assumes the VPC owner’s account without a stack, and checks against the stack’s account with one', async () => {
    const otherAccountStack = scenario.cfn.stackId({ accountId: '444455556666' });

    const withoutStack = succeeded(await preview(scenario, scenario.properties()));
    const fromOtherAccount = failed(await preview(scenario, scenario.properties(), { stackId: otherAccountStack }));

    expect(withoutStack.accountId).toBe(scenario.sim.accountId);
    expect(fromOtherAccount.accountId).toBe('444455556666');
    expect(fromOtherAccount.problems[0]).toMatch(/belongs to account 123456789012 and is shared with account 444455556666/);
  });
});

describe('formatPreview', () => {
  let scenario: Scenario;
  beforeAll(async () => {
    scenario = await startScenario();
  });
  afterAll(() => scenario.close());

  it('prints each AZ with its block and addresses, the group rules, the gateway, every change marked + and the Plan line', async () => {
    const planned = succeeded(await preview(scenario, scenario.properties()));

    const text = formatPreview(planned);

    expect(planned.endpointSubnets).toHaveLength(3);
    expect(planned.actions).toHaveLength(9);
    for (const subnet of planned.endpointSubnets) {
      // A /28 has 11 usable addresses; three endpoints take one each.
      expect(text).toMatch(new RegExp(`^  \\+  ${subnet.azId} +${subnet.cidr?.replace(/\./g, '\\.')} +new subnet +3 of 11 addresses used, 8 free +ecr\\.api, ecr\\.dkr, logs$`, 'm'));
      expect(text).toMatch(new RegExp(`^  \\+ endpoint subnet ${subnet.azId} +${subnet.cidr?.replace(/\./g, '\\.')}$`, 'm'));
    }
    expect(text).toContain(`TCP 443 from ${planned.securityGroup?.httpsIngressCidrs.join(', ')}`);
    expect(text).toContain(`+ s3  new  route tables ${[...scenario.world.routeTableIds].sort().join(', ')}`);
    for (const service of ['ecr.api', 'ecr.dkr', 'logs']) expect(text).toMatch(new RegExp(`^  \\+ interface endpoint ${service.replace('.', '\\.')} +com\\.amazonaws\\.us-east-1\\.${service.replace('.', '\\.')} in `, 'm'));
    expect(text.trimEnd().split('\n').at(-1)).toBe('Plan: 8 to add, 0 to change, 0 to destroy.');
  });

  it('numbers every problem once, property problems apart, and points at the one-line reason instead of repeating it', async () => {
    const planned = failed(await preview(scenario, scenario.properties({ SubnetIds: ['subnet-0123abcd', 'subnet-0123abce'] })));

    const text = formatPreview(planned);

    expect(text).toContain('Would FAIL before any change: 2 problems\nIn the properties:\n');
    expect(planned.problems).toHaveLength(2);
    planned.problems.forEach((problem, index) => expect(text).toContain(`  ${index + 1}. ${problem}\n`));
    for (const problem of planned.problems) expect(text.split(problem)).toHaveLength(2);
    expect(text).not.toContain(planned.reason);
    expect(text).toContain('CloudFormation’s Reason would list the same problems in one line ("reason" in --json).');
  });
});
