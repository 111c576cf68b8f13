import { parseConsumerProperties } from '../../lib/consumer/properties';
import { InvalidPropertiesError } from '../../lib/errors';
import { parseProperties } from '../../lib/properties';

const stack = { partition: 'aws', region: 'eu-west-1' };
const hubId = 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0f0e0d0c';
const base = { ServiceToken: 'arn:aws:lambda:eu-west-1:444455556666:function:vpce-provisioner', VpcId: 'vpc-0a1b2c3d', HubId: hubId };

/** The problems parseConsumerProperties reports, or [] when it accepts the properties. */
function problemsOf(raw: unknown): readonly string[] {
  try {
    parseConsumerProperties(raw, stack);
    return [];
  } catch (error) {
    if (error instanceof InvalidPropertiesError) return error.problems;
    throw error;
  }
}

describe('parseConsumerProperties', () => {
  it('reads the spoke VPC and the hub, with every service of the hub, no gateway and no tags by default', () => {
    expect(parseConsumerProperties(base, stack)).toEqual({
      vpcId: 'vpc-0a1b2c3d',
      hubId,
      hub: { partition: 'aws', region: 'eu-west-1', accountId: '111122223333', vpcId: 'vpc-0f0e0d0c' },
      gatewayServices: [],
      tags: [],
    });
  });

  it('reads a subset of services, an empty GatewayServices and tags as written', () => {
    const spec = parseConsumerProperties(
      { ...base, Services: 'ecr.api, com.amazonaws.eu-west-1.ecr.dkr', GatewayServices: '', Tags: [{ Key: 'team', Value: 'red' }] },
      stack,
    );

    expect(spec.services?.map((name) => name.written)).toEqual(['ecr.api', 'com.amazonaws.eu-west-1.ecr.dkr']);
    expect(spec.gatewayServices).toEqual([]);
    expect(spec.tags).toEqual([{ key: 'team', value: 'red' }]);
  });

  it('refuses gateway services, pointing at Custom::VpcEndpoints with no interface services', () => {
    expect(problemsOf({ ...base, GatewayServices: ['s3'] })).toEqual([
      'GatewayServices ["s3"]: a consumer does not make gateway endpoints. Gateway endpoints are per VPC and free; add a Custom::VpcEndpoints on the spoke VPC ' +
        "with InterfaceServices: '' and these GatewayServices (its SubnetIds choose the route tables), and leave GatewayServices empty here.",
    ]);
  });

  it('reads a blank Services as not given: every service the hub serves', () => {
    expect(parseConsumerProperties({ ...base, Services: '' }, stack).services).toBeUndefined();
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ VpcId: 'vpc-12', HubId: 'vpc-0f0e0d0c', Services: ['ecr.api', 'ecr.api'], GatewayServices: 'logs' })).toEqual([
      'VpcId "vpc-12" is not a VPC ID: expected "vpc-" followed by 8 or 17 lower-case hexadecimal digits.',
      'HubId "vpc-0f0e0d0c" is not a hub ID: expected the ARN of the hub\'s VPC, "arn:<partition>:ec2:<region>:<account>:vpc/<vpc-id>", as the hub resource\'s HubId output gives it.',
      'Services[1] "ecr.api" repeats Services[0]; list each service once.',
      'GatewayServices[0] "logs" does not offer a Gateway endpoint: only "s3" and "dynamodb" do (short or full names); list other services under InterfaceServices.',
    ]);
  });

  it('requires VpcId and HubId', () => {
    expect(problemsOf({})).toEqual([
      'VpcId is required: the ID of the spoke VPC that uses the hub\'s endpoints; got nothing.',
      'HubId is required: the hub\'s ID, as the hub resource\'s HubId output gives it; got nothing.',
    ]);
  });

  it.each([
    ['another Region', 'arn:aws:ec2:eu-central-1:111122223333:vpc/vpc-0f0e0d0c', 'aws eu-central-1'],
    ['another partition', 'arn:aws-us-gov:ec2:us-gov-west-1:111122223333:vpc/vpc-0f0e0d0c', 'aws-us-gov us-gov-west-1'],
  ])('refuses a hub in %s, saying cross-Region consumers are not supported', (_label, otherHub, where) => {
    expect(problemsOf({ ...base, HubId: otherHub })).toEqual([
      `HubId "${otherHub}" names a hub in ${where}, and this stack is in aws eu-west-1: a consumer must be in its hub’s partition and Region ` +
        '(cross-Region consumers are not supported: interface endpoints serve their own Region). Deploy the consumer in the hub’s Region, or a hub in this one.',
    ]);
  });

  it('refuses a full service name of another Region', () => {
    expect(problemsOf({ ...base, Services: ['com.amazonaws.us-east-1.logs'] })).toEqual([
      'Services names "com.amazonaws.us-east-1.logs", a service of us-east-1; the hub serves only eu-west-1 (its own Region).',
    ]);
  });

  it('refuses the hub’s own VPC as the spoke', () => {
    expect(problemsOf({ ...base, VpcId: 'vpc-0f0e0d0c' })).toEqual([
      'VpcId "vpc-0f0e0d0c" is the hub\'s own VPC, which the hub\'s zones serve already; name a spoke VPC.',
    ]);
  });

  it('names endpoints properties as such, with the consumer’s own name where it has one, and suggests for typos', () => {
    expect(problemsOf({ ...base, SubnetIds: ['subnet-0a1b2c3d'], InterfaceServices: 'logs', HubID: hubId })).toEqual([
      'SubnetIds is a property of Custom::VpcEndpoints, not of Custom::VpcEndpointConsumer; a consumer uses the hub’s endpoints and takes no such setting.',
      'InterfaceServices is a property of Custom::VpcEndpoints, not of Custom::VpcEndpointConsumer; a consumer names the hub’s services with `Services`.',
      'Unknown property "HubID". Did you mean `HubId`? Property names are case-sensitive.',
    ]);
  });
});

describe('HubId on the endpoints resource type', () => {
  it('is a property error that names the consumer type', () => {
    expect(() => parseProperties({ VpcId: 'vpc-0a1b2c3d', SubnetIds: ['subnet-0a1b2c3d'], HubId: hubId })).toThrow(
      new InvalidPropertiesError([
        "HubId is a property of Custom::VpcEndpointConsumer, not of this resource type; to consume a hub, set the resource's Type to Custom::VpcEndpointConsumer.",
      ]),
    );
  });
});
