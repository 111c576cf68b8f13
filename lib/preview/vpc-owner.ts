/**
 * The account that owns a VPC (DescribeVpcs `OwnerId`): the account a consumer's preview assumes for its stack when
 * neither --stack-id nor the caller's identity tells (through --endpoint-url, STS is not asked), as the endpoints
 * preview assumes the VPC owner's.
 */
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import type { Ec2Sender } from '../ec2/paced-client';

/**
 * @example
 * await readVpcOwner(new ReadOnlyEc2Client(ec2), 'vpc-0a1b2c3d') // '444455556666'
 */
export async function readVpcOwner(ec2: Ec2Sender, vpcId: string): Promise<string | undefined> {
  const output: { Vpcs?: { OwnerId?: string }[] } = await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
  return output.Vpcs?.[0]?.OwnerId || undefined;
}
