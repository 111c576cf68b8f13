import type { Context } from 'aws-lambda';
import { actionNameOf } from '../../lib/ec2/paced-client';
import { handleCustomResourceEvent } from '../../lib/lifecycle';
import type { CustomResourceEvent } from '../../lib/protocol/event';
import { CloudFormationDriver } from '../support/cfn-driver';
import { Ec2Simulator, VirtualClock } from '../support/ec2-sim';
import { buildDemoWorld } from '../support/ec2-sim/demo-world';
import { Ec2SimError } from '../support/ec2-sim/errors';
import { fakeContext } from '../support/lambda-context';
import { startScenario, writesOf, type Scenario } from '../support/scenario';
import { dataOf, describeEndpoint, writeInputs } from './support';

/** A policy that lets the account's own principals pull images, as a template author would write it. */
const PULL_ONLY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PullOnly',
      Effect: 'Allow',
      Principal: '*',
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Resource: '*',
    },
  ],
};
const PUSH_AND_PULL = {
  ...PULL_ONLY,
  Statement: [{ ...PULL_ONLY.Statement[0], Sid: 'PushAndPull', Action: ['ecr:*'] }],
};

/** The same document with its keys in another order and other white space. */
function reordered(policy: typeof PULL_ONLY): string {
  const [statement] = policy.Statement;
  const shuffled = {
    Statement: [{ Resource: statement?.Resource, Action: statement?.Action, Principal: statement?.Principal, Effect: statement?.Effect, Sid: statement?.Sid }],
    Version: policy.Version,
  };
  return JSON.stringify(shuffled, null, 4);
}

describe('EndpointPolicies and S3GatewayPolicy', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  async function create(overrides: Record<string, unknown>) {
    const properties = scenario.properties(overrides);
    const response = await scenario.invoke(scenario.cfn.createEvent(properties));
    expect(response?.body?.Status).toBe('SUCCESS');
    scenario.sim.resetCallLog();
    return { properties, physicalId: response?.body?.PhysicalResourceId as string, data: dataOf(response) };
  }

  it('fails a Create whose s3 gateway policy names an account, or leaves out a Principal, before any write (EC2 would refuse it at CreateVpcEndpoint)', async () => {
    const properties = scenario.properties({
      EndpointPolicies: {
        s3: { Statement: [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 's3:GetObject', Resource: '*' }] },
        'ecr.dkr': { Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }] },
      },
    });

    const response = await scenario.invoke(scenario.cfn.createEvent(properties));

    expect(response?.body?.Status).toBe('FAILED');
    expect(writesOf(scenario.sim)).toEqual([]);
    const reason = response?.body?.Reason ?? '';
    for (const part of ['EndpointPolicies["s3"] is not a valid gateway endpoint policy', '"Principal": "*"', 'EndpointPolicies["ecr.dkr"] is not a valid IAM policy: Statement[0]: has no Principal']) {
      expect(reason).toContain(part);
    }
  });

  it('applies a policy on Create: the endpoint\'s PolicyDocument is the one given, the others keep the default', async () => {
    const text = JSON.stringify(PULL_ONLY);

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ EndpointPolicies: { 'ecr.dkr': text } })));

    const data = dataOf(response);
    expect((await describeEndpoint(scenario.sim, data['EndpointId.ecr.dkr'] as string)).PolicyDocument).toBe(text);
    expect(JSON.parse((await describeEndpoint(scenario.sim, data['EndpointId.logs'] as string)).PolicyDocument ?? '{}')).toMatchObject({
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    const creates = writeInputs(scenario.sim, 'CreateVpcEndpoint');
    expect(creates.filter((input) => input['PolicyDocument'] !== undefined).map((input) => input['ServiceName'])).toEqual(['com.amazonaws.us-east-1.ecr.dkr']);
  });

  it('applies a policy written as an object (YAML in a template) as its JSON', async () => {
    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ EndpointPolicies: { 'ecr.dkr': PULL_ONLY } })));

    const endpoint = await describeEndpoint(scenario.sim, dataOf(response)['EndpointId.ecr.dkr'] as string);
    expect(JSON.parse(endpoint.PolicyDocument ?? '')).toEqual(PULL_ONLY);
  });

  it('changes a policy on Update with exactly one ModifyVpcEndpoint carrying the new document', async () => {
    const { properties, physicalId, data } = await create({ EndpointPolicies: { 'ecr.dkr': JSON.stringify(PULL_ONLY) } });
    const changed = { ...properties, EndpointPolicies: { 'ecr.dkr': JSON.stringify(PUSH_AND_PULL) } };

    const update = await scenario.invoke(scenario.cfn.updateEvent(physicalId, changed, properties));

    expect(update?.body?.Status).toBe('SUCCESS');
    expect(writesOf(scenario.sim)).toEqual(['ModifyVpcEndpoint']);
    expect(writeInputs(scenario.sim, 'ModifyVpcEndpoint')[0]).toEqual({ VpcEndpointId: data['EndpointId.ecr.dkr'], PolicyDocument: JSON.stringify(PUSH_AND_PULL) });
    expect(JSON.parse((await describeEndpoint(scenario.sim, data['EndpointId.ecr.dkr'] as string)).PolicyDocument ?? '')).toEqual(PUSH_AND_PULL);
  });

  it('fails a Create whose policies are not IAM policy documents with zero writes, naming each service and every problem', async () => {
    const properties = scenario.properties({
      EndpointPolicies: {
        'ecr.dkr': { Version: '2012-10-17', Statement: [{ Effect: 'Permit', Principal: '*', Resource: '*' }] },
        s3: JSON.stringify({ Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Principal: '*', NotPrincipal: '*' } }),
      },
    });

    const response = await scenario.invoke(scenario.cfn.createEvent(properties));

    expect(response?.body?.Status).toBe('FAILED');
    expect(writesOf(scenario.sim)).toEqual([]);
    const reason = response?.body?.Reason ?? '';
    for (const part of ['EndpointPolicies["ecr.dkr"]', 'Effect "Permit"', 'Action or NotAction', 'EndpointPolicies["s3"]', 'Principal and NotPrincipal']) {
      expect(reason).toContain(part);
    }
  });

  it('resets an interface endpoint\'s policy removed on Update by sending the full-access policy, and the next Update makes zero writes', async () => {
    const { properties, physicalId, data } = await create({ EndpointPolicies: { 'ecr.dkr': JSON.stringify(PULL_ONLY) } });
    const { EndpointPolicies: _removed, ...without } = properties;

    const update = await scenario.invoke(scenario.cfn.updateEvent(physicalId, without, properties));
    const resetWrites = writeInputs(scenario.sim, 'ModifyVpcEndpoint');
    scenario.sim.resetCallLog();
    const again = await scenario.invoke(scenario.cfn.updateEvent(physicalId, without, without));

    expect(update?.body?.Status).toBe('SUCCESS');
    // ResetPolicy is documented for gateway endpoints only (aws-facts): an interface endpoint gets the default document.
    expect(resetWrites).toEqual([
      {
        VpcEndpointId: data['EndpointId.ecr.dkr'],
        PolicyDocument: JSON.stringify({ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }),
      },
    ]);
    expect(JSON.parse((await describeEndpoint(scenario.sim, data['EndpointId.ecr.dkr'] as string)).PolicyDocument ?? '')).toMatchObject({
      Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
    });
    expect(again?.body?.Status).toBe('SUCCESS');
    expect(writesOf(scenario.sim)).toEqual([]);
  });

  it.each([
    ['text with its keys reordered and other white space', reordered(PULL_ONLY)],
    ['the same document written as an object', PULL_ONLY],
  ])('makes zero writes when the policy is only re-written: %s', async (_label, equivalent) => {
    const { properties, physicalId } = await create({ EndpointPolicies: { 'ecr.dkr': JSON.stringify(PULL_ONLY) } });
    const rewritten = { ...properties, EndpointPolicies: { 'ecr.dkr': equivalent } };

    const update = await scenario.invoke(scenario.cfn.updateEvent(physicalId, rewritten, properties));

    expect(update?.body?.Status).toBe('SUCCESS');
    expect(writesOf(scenario.sim)).toEqual([]);
  });

  it('S3GatewayPolicy ecr-layers-only: the s3 gateway allows only GetObject on the region\'s starport layer bucket', async () => {
    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ S3GatewayPolicy: 'ecr-layers-only' })));

    expect(response?.body?.Status).toBe('SUCCESS');
    const gateway = await describeEndpoint(scenario.sim, dataOf(response)['GatewayEndpointId.s3'] as string);
    expect(JSON.parse(gateway.PolicyDocument ?? '')).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: expect.any(String), Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*' },
      ],
    });
  });

  it('S3GatewayPolicy back to full on Update resets the gateway\'s policy with one ModifyVpcEndpoint; ecr-layers-only again restores it', async () => {
    const { properties, physicalId, data } = await create({ S3GatewayPolicy: 'ecr-layers-only' });
    const layersPolicy = (await describeEndpoint(scenario.sim, data['GatewayEndpointId.s3'] as string)).PolicyDocument;
    const full = { ...properties, S3GatewayPolicy: 'full' };

    const toFull = await scenario.invoke(scenario.cfn.updateEvent(physicalId, full, properties));
    const toFullWrites = writeInputs(scenario.sim, 'ModifyVpcEndpoint');
    const fullPolicy = (await describeEndpoint(scenario.sim, data['GatewayEndpointId.s3'] as string)).PolicyDocument;
    scenario.sim.resetCallLog();
    const back = await scenario.invoke(scenario.cfn.updateEvent(physicalId, properties, full));

    expect(toFull?.body?.Status).toBe('SUCCESS');
    expect(toFullWrites).toEqual([{ VpcEndpointId: data['GatewayEndpointId.s3'], ResetPolicy: true }]);
    expect(JSON.parse(fullPolicy ?? '')).toMatchObject({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    expect(back?.body?.Status).toBe('SUCCESS');
    expect(writeInputs(scenario.sim, 'ModifyVpcEndpoint')).toEqual([{ VpcEndpointId: data['GatewayEndpointId.s3'], PolicyDocument: layersPolicy }]);
  });

  it('a policy for the s3 gateway in EndpointPolicies is applied to the gateway endpoint', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::my-bucket/*' }] });

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ EndpointPolicies: { s3: policy } })));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect((await describeEndpoint(scenario.sim, dataOf(response)['GatewayEndpointId.s3'] as string)).PolicyDocument).toBe(policy);
  });
});

describe('EC2 refusing a policy the grammar check let through (its rules can be stricter than the grammar)', () => {
  it('answers FAILED with a reason naming the service and EC2\'s InvalidPolicyDocument message', async () => {
    const clock = new VirtualClock();
    const sim = new Ec2Simulator({ clock });
    const world = await buildDemoWorld(sim);
    const cfn = await CloudFormationDriver.start();
    // EC2 also checks what the grammar does not (an unknown condition operator, a malformed ARN): stand in for it here.
    const refusing = (client: { send(command: object): Promise<unknown> }) => ({
      send: async (command: object) => {
        if (actionNameOf(command) === 'CreateVpcEndpoint' && (command as { input: { PolicyDocument?: string } }).input.PolicyDocument !== undefined) {
          throw new Ec2SimError('InvalidPolicyDocument', 'The Policy Document is not valid. Syntax error at position (1,75)');
        }
        return client.send(command);
      },
    });
    const handler = (event: CustomResourceEvent, context: Context) =>
      handleCustomResourceEvent(event, context, {
        ec2For: async () => refusing(sim.client()),
        stackCheck: { cloudFormationFor: async (accountId) => cfn.stacks.client(accountId) },
        clock,
        logSink: () => undefined,
      });
    try {
      const properties = { VpcId: world.vpcId, SubnetIds: world.appSubnetIds, EndpointPolicies: { 'ecr.dkr': PULL_ONLY } };

      const response = await cfn.invoke(handler, cfn.createEvent(properties), fakeContext({ clock }));

      expect(response?.body?.Status).toBe('FAILED');
      expect(response?.body?.Reason).toContain('Could not create the interface endpoint for ecr.dkr');
      expect(response?.body?.Reason).toContain('InvalidPolicyDocument: The Policy Document is not valid.');
    } finally {
      await cfn.close();
    }
  });
});
