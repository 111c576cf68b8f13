/**
 * An example CDK app using the VpcEndpoints construct: the README's YAML quick start, written in CDK, plus outputs
 * wired from the typed accessors.
 *
 * In this repository it imports the construct's sources and takes aws-cdk-lib from cdk/node_modules
 * (`npm --prefix cdk ci` first); `npx cdk synth` here runs it (cdk.json). In your own app, import from the package
 * (`vpce-provisioner-cdk`) instead.
 */
import { App, CfnOutput, CfnParameter, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { VpcEndpoints } from '../../cdk/src';

/** A stack with the quick start's parameters, its one custom resource, and outputs read through typed accessors. */
export class EndpointsStack extends Stack {
  /** The construct, for tests. */
  readonly endpoints: VpcEndpoints;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const vpcId = new CfnParameter(this, 'VpcId', { type: 'AWS::EC2::VPC::Id', description: 'The VPC to add endpoints to.' });
    const appSubnetIds = new CfnParameter(this, 'AppSubnetIds', {
      type: 'List<AWS::EC2::Subnet::Id>',
      description: 'The private application subnets; one endpoint subnet is carved in each of their AZs.',
    });

    // The defaults: ServiceToken from the SSM parameter the provider's deployment writes, ServiceTimeout 1800 s,
    // InterfaceServices ecr.api, ecr.dkr and logs, GatewayServices s3.
    const endpoints = new VpcEndpoints(this, 'Endpoints', {
      vpcId: vpcId.valueAsString,
      subnetIds: appSubnetIds.valueAsList,
    });
    // The YAML quick start's logical ID: a stack moved from that template to this app keeps its resource.
    endpoints.resource.overrideLogicalId('Endpoints');
    this.endpoints = endpoints;

    new CfnOutput(this, 'EndpointSubnetIds', { value: endpoints.attrSubnetIds, description: 'The endpoint subnets, in AZ-ID order.' });
    new CfnOutput(this, 'EndpointSecurityGroupId', {
      value: endpoints.attrSecurityGroupId,
      description: 'The security group of the interface endpoints.',
    });
    new CfnOutput(this, 'EcrDkrEndpointId', { value: endpoints.endpointId('ecr.dkr'), description: 'The ECR (Docker) endpoint.' });
    new CfnOutput(this, 'LogsDnsName', { value: endpoints.dnsName('logs'), description: 'The CloudWatch Logs endpoint\'s regional DNS name.' });
    new CfnOutput(this, 'S3GatewayEndpointId', { value: endpoints.gatewayEndpointId('s3'), description: 'The S3 gateway endpoint.' });
    new CfnOutput(this, 'S3PrefixListId', { value: endpoints.prefixListId('s3'), description: 'The S3 prefix list, for egress rules.' });
    new CfnOutput(this, 'Notes', { value: endpoints.attrNotes, description: 'What the provider wants a person to know.' });
  }
}

/** The example app with its one stack. */
export function exampleApp(outdir?: string): App {
  const app = new App(outdir === undefined ? {} : { outdir });
  new EndpointsStack(app, 'VpcEndpointsExample', {
    description: 'vpce-provisioner example: ECR, CloudWatch Logs and S3 endpoints for private subnets, from the AWS CDK.',
  });
  return app;
}

if (require.main === module) exampleApp().synth();
