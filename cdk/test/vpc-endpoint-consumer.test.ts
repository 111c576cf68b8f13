import { App, Duration, Fn, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { VpcEndpointConsumer, VpcEndpoints, type VpcEndpointConsumerProps } from '../src';

const VPC = 'vpc-0123abcd';
const HUB_ID = 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0f0e0d0c';

function synth(props: VpcEndpointConsumerProps): { template: Template; consumer: VpcEndpointConsumer } {
  const stack = new Stack(new App(), 'Spoke');
  const consumer = new VpcEndpointConsumer(stack, 'Consumer', props);
  return { template: Template.fromStack(stack), consumer };
}

/** The one consumer resource's Properties, as written to the template. */
function properties(template: Template): Record<string, unknown> {
  const resources = Object.values(template.findResources('Custom::VpcEndpointConsumer'));
  expect(resources).toHaveLength(1);
  return (resources[0] as { Properties: Record<string, unknown> }).Properties;
}

describe('VpcEndpointConsumer: the properties it declares', () => {
  it('declares only VpcId and HubId, with the default ServiceToken and ServiceTimeout, when nothing else is given', () => {
    // Act
    const { template } = synth({ vpcId: VPC, hubId: HUB_ID });

    // Assess: in the README's YAML order.
    expect(JSON.stringify(properties(template))).toBe(
      JSON.stringify({ ServiceToken: '{{resolve:ssm:/vpce-provisioner/service-token}}', ServiceTimeout: 1800, VpcId: VPC, HubId: HUB_ID }),
    );
  });

  it('declares Services, Tags as Key/Value, a given ServiceToken and ServiceTimeout', () => {
    // Act
    const { template } = synth({ vpcId: VPC, hubId: HUB_ID, services: ['logs', 'ecr.dkr'], tags: [{ key: 'team', value: 'payments' }], serviceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:p', serviceTimeout: Duration.minutes(10) });

    // Assess
    expect(properties(template)).toStrictEqual({
      ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:p',
      ServiceTimeout: 600,
      VpcId: VPC,
      HubId: HUB_ID,
      Services: ['logs', 'ecr.dkr'],
      Tags: [{ Key: 'team', Value: 'payments' }],
    });
  });

  it('takes the hub’s ID from a hub construct’s attrHubId, as Fn::GetAtt', () => {
    // Prepare
    const stack = new Stack(new App(), 'Both');
    const hub = new VpcEndpoints(stack, 'Hub', { vpcId: 'vpc-0f0e0d0c', subnetIds: ['subnet-0123abcd'], dnsMode: 'HostedZones' });

    // Act
    new VpcEndpointConsumer(stack, 'Consumer', { vpcId: VPC, hubId: hub.attrHubId });

    // Assess
    expect(properties(Template.fromStack(stack))['HubId']).toStrictEqual({ 'Fn::GetAtt': [stack.getLogicalId(hub.resource), 'HubId'] });
  });

  it('refuses gateway services at synth, saying where they go instead', () => {
    expect(() => synth({ vpcId: VPC, hubId: HUB_ID, gatewayServices: ['s3'] })).toThrow(
      "Spoke/Consumer: gatewayServices ['s3']: a consumer does not make gateway endpoints (the provider refuses them). Gateway endpoints are per VPC and free: add a VpcEndpoints on the spoke VPC with interfaceServices: [] and these gatewayServices.",
    );
  });

  it('passes a gateway list known only at deploy time through, for the provider to judge', () => {
    // Act
    const { template } = synth({ vpcId: VPC, hubId: HUB_ID, gatewayServices: Fn.split(',', Fn.importValue('gateways')) });

    // Assess
    expect(properties(template)['GatewayServices']).toBeDefined();
  });

  it('refuses a ServiceTimeout beyond CloudFormation’s hour', () => {
    expect(() => synth({ vpcId: VPC, hubId: HUB_ID, serviceTimeout: Duration.minutes(61) })).toThrow('serviceTimeout must be 1 second to 60 minutes');
  });
});

describe('VpcEndpointConsumer: its outputs', () => {
  it('reads each output with Fn::GetAtt on the resource', () => {
    // Prepare
    const { consumer } = synth({ vpcId: VPC, hubId: HUB_ID });
    const resolve = (token: string) => Stack.of(consumer).resolve(token);
    const logicalId = Stack.of(consumer).getLogicalId(consumer.resource);

    // Assess
    expect(resolve(consumer.attrHubId)).toStrictEqual({ 'Fn::GetAtt': [logicalId, 'HubId'] });
    expect(resolve(consumer.attrAssociatedZoneIds)).toStrictEqual({ 'Fn::GetAtt': [logicalId, 'AssociatedZoneIds'] });
    expect(resolve(consumer.attrIngressCidrs)).toStrictEqual({ 'Fn::GetAtt': [logicalId, 'IngressCidrs'] });
    expect(resolve(consumer.attrNotes)).toStrictEqual({ 'Fn::GetAtt': [logicalId, 'Notes'] });
  });
});
