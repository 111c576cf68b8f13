/**
 * The example app (examples/cdk/app.ts) against the README: its custom resource is what the README's YAML quick start
 * declares, to the byte once both are serialised alike, and its outputs read attributes the provider really answers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { readServiceName } from '../../lib/properties/service-names';
import { DEFAULT_GATEWAY_SERVICES, DEFAULT_INTERFACE_SERVICES } from '../../lib/properties/spec';
import { responseData } from '../../lib/protocol/outputs';
import { parseCfnYaml } from '../../tests/support/cfn-yaml';
import { exampleApp, EndpointsStack } from '../../examples/cdk/app';

const SSM_SERVICE_TOKEN = '{{resolve:ssm:/vpce-provisioner/service-token}}';

/**
 * Every custom resource the README's YAML blocks declare with the default ServiceToken (the quick start, the AWS CDK
 * section), each as `{ logicalId: resource }`, whether the block is a whole template or a fragment of Resources.
 */
function readmeDeclarations(): Record<string, unknown>[] {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] as string);
  return blocks
    .filter((block) => block.includes('Custom::VpcEndpoints') && block.includes(SSM_SERVICE_TOKEN))
    .flatMap((block) => {
      const parsed = parseCfnYaml(block) as Record<string, unknown>;
      const resources = (parsed['Resources'] ?? parsed) as Record<string, { Type?: string; Properties?: Record<string, unknown> }>;
      return Object.entries(resources)
        .filter(([, resource]) => resource.Type === 'Custom::VpcEndpoints' && resource.Properties?.['ServiceToken'] === SSM_SERVICE_TOKEN)
        .map(([logicalId, resource]) => ({ [logicalId]: resource }));
    });
}

const stack = exampleApp().node.findChild('VpcEndpointsExample') as EndpointsStack;
const template = Template.fromStack(stack).toJSON() as {
  Parameters: Record<string, { Type: string }>;
  Resources: Record<string, unknown>;
  Outputs: Record<string, { Value: unknown }>;
};

/** The keys the provider answers for its default services: responseData of an outcome with one endpoint each. */
function answeredKeys(): string[] {
  const endpoint = (service: string, type: 'Interface' | 'Gateway') => {
    const reading = readServiceName(service);
    if (!('name' in reading)) throw new Error(reading.problem);
    return { service, shortName: reading.name.service, type, endpointId: 'vpce-0123456789abcdef0', dnsNames: [], reused: false };
  };
  const data = responseData({
    subnets: [{ azId: 'euw1-az1', subnetId: 'subnet-0123abcd', cidr: '10.0.255.0/28' }],
    securityGroupId: 'sg-0123abcd',
    endpoints: [
      ...DEFAULT_INTERFACE_SERVICES.map((service) => endpoint(service, 'Interface')),
      ...DEFAULT_GATEWAY_SERVICES.map((service) => endpoint(service, 'Gateway')),
    ],
    notes: [],
    writes: 0,
  });
  return Object.keys(data);
}

describe('the example CDK app', () => {
  it('declares the custom resource exactly as every YAML example of the README with the default ServiceToken', () => {
    // Prepare
    const declarations = readmeDeclarations();
    const synthesised = JSON.stringify({ Endpoints: template.Resources['Endpoints'] }, null, 2);

    // Assess: the same logical ID, keys in the same order, the same value types (ServiceTimeout a number).
    expect(declarations.length).toBeGreaterThan(0);
    for (const declared of declarations) expect(synthesised).toBe(JSON.stringify(declared, null, 2));
  });

  it('declares the parameters the quick start refers to, with the types a console offers pickers for', () => {
    expect(template.Parameters['VpcId']?.Type).toBe('AWS::EC2::VPC::Id');
    expect(template.Parameters['AppSubnetIds']?.Type).toBe('List<AWS::EC2::Subnet::Id>');
  });

  it('reads only outputs that the provider answers', () => {
    // Prepare
    const answered = answeredKeys();
    const read = Object.values(template.Outputs).map((output) => output.Value as { 'Fn::GetAtt'?: [string, string] });

    // Assess: every output reads the custom resource, and an attribute the provider puts in its answer.
    expect(read.length).toBeGreaterThan(0);
    for (const value of read) {
      const [logicalId, attribute] = value['Fn::GetAtt'] ?? [];
      expect({ logicalId, attribute, answered: answered.includes(attribute as string) }).toEqual({ logicalId: 'Endpoints', attribute, answered: true });
    }
    expect(read.map((value) => value['Fn::GetAtt']?.[1]).sort()).toEqual(
      ['SubnetIds', 'SecurityGroupId', 'EndpointId.ecr.dkr', 'DnsName.logs', 'GatewayEndpointId.s3', 'PrefixListId.s3', 'Notes'].sort(),
    );
  });
});
