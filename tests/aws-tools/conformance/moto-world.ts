/**
 * An application VPC built in moto through the EC2 API, as a user's account would hold it before the stack exists: the
 * same shape as the simulator's demo VPC (tests/support/ec2-sim/demo-world.ts), trimmed to what a Create needs.
 */
import {
  AssociateRouteTableCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeAvailabilityZonesCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
} from '@aws-sdk/client-ec2';
import { MOTO_CREDENTIALS } from '../../support/moto-server';

/** The VPC a test deploys into. */
export interface MotoAppVpc {
  readonly vpcId: string;
  /** Two per AZ, AZ by AZ. */
  readonly appSubnetIds: string[];
  /** The AZ names used, in order. */
  readonly zoneNames: string[];
  /** The explicit route table of the first AZ's subnets (the others use the main table). */
  readonly routeTableId: string;
}

/** An SDK client for moto's EC2 (any credentials; moto's default account). */
export function motoEc2(url: string, region = 'us-east-1'): EC2Client {
  return new EC2Client({
    endpoint: url,
    region,
    credentials: { accessKeyId: MOTO_CREDENTIALS.AWS_ACCESS_KEY_ID, secretAccessKey: MOTO_CREDENTIALS.AWS_SECRET_ACCESS_KEY },
  });
}

/** 10.0.0.0/16 with DNS support and hostnames on, two /20 app subnets in each of the first three AZs. */
export async function buildMotoAppVpc(ec2: EC2Client): Promise<MotoAppVpc> {
  const { Vpc } = await ec2.send(
    new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'app' }] }] }),
  );
  const vpcId = Vpc?.VpcId as string;
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  const zones = await ec2.send(new DescribeAvailabilityZonesCommand({}));
  const zoneNames = (zones.AvailabilityZones ?? []).slice(0, 3).map((zone) => zone.ZoneName as string);
  const appSubnetIds: string[] = [];
  for (const [zoneIndex, zoneName] of zoneNames.entries()) {
    for (const half of [0, 1]) {
      const block = zoneIndex * 2 + half;
      const { Subnet } = await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          CidrBlock: `10.0.${block * 16}.0/20`,
          AvailabilityZone: zoneName,
          TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'tier', Value: 'app' }] }],
        }),
      );
      appSubnetIds.push(Subnet?.SubnetId as string);
    }
  }
  const { RouteTable } = await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
  const routeTableId = RouteTable?.RouteTableId as string;
  for (const subnetId of appSubnetIds.slice(0, 2)) await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }));
  return { vpcId, appSubnetIds, zoneNames, routeTableId };
}
