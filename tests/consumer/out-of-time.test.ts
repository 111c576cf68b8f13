/**
 * A consumer that runs out of its invocation's time while listing hosted zones (many consumers waiting on one hub
 * account's Route 53) hands the request over: the ports rethrow the paced client's OutOfTimeError as it was, rather than
 * the listing's "could not list" failure, which the lifecycle would answer FAILED.
 */
import { AwsHubAccountPort, AwsSpokeAccountPort } from '../../lib/consumer-aws/aws-ports';
import type { Ec2Sender } from '../../lib/ec2/paced-client';
import { actionNameOf } from '../../lib/ec2/paced-client';
import { OutOfTimeError, StillPendingError } from '../../lib/errors';

const HUB = { accountId: '111122223333', region: 'us-east-1', vpcId: 'vpc-0a1b2c3d4e5f67890', partition: 'aws' };

/** EC2 that knows the hub's group and nothing else. */
const ec2: Ec2Sender = {
  async send(command: object) {
    switch (actionNameOf(command)) {
      case 'DescribeSecurityGroups':
        return { SecurityGroups: [{ GroupId: 'sg-0a1b2c3d4e5f67890', Tags: [] }] };
      case 'DescribeSecurityGroupRules':
        return { SecurityGroupRules: [] };
      case 'DescribeVpcs':
        return { Vpcs: [{ VpcId: HUB.vpcId, CidrBlockAssociationSet: [] }] };
      default:
        return {};
    }
  },
};

/** Route 53 whose paced client ran out of the invocation's time before ListHostedZonesByVPC. */
const route53OutOfTime: Ec2Sender = {
  async send(command: object) {
    throw new OutOfTimeError(actionNameOf(command));
  },
};

/** Route 53 that refuses ListHostedZonesByVPC outright. */
const route53Denied: Ec2Sender = {
  async send() {
    throw Object.assign(new Error('not authorized'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  },
};

describe('consumer ports out of time', () => {
  it('the hub side rethrows running out of time while listing its zones, to be handed over', async () => {
    // Prepare
    const port = new AwsHubAccountPort({ ec2, route53: route53OutOfTime });

    // Act
    const observed = port.observeHub(HUB, 'arn:aws:ec2:us-east-1:111122223333:vpc/vpc-0a1b2c3d4e5f67890');

    // Assess
    await expect(observed).rejects.toBeInstanceOf(StillPendingError);
    await expect(observed).rejects.toMatchObject({ message: 'Ran out of working time before ListHostedZonesByVPC' });
  });

  it('the spoke side rethrows running out of time while listing the spoke’s zones, to be handed over', async () => {
    // Prepare
    const port = new AwsSpokeAccountPort({ ec2, route53: route53OutOfTime }, 'us-east-1');

    // Act
    const listed = port.listHostedZonesByVpc('vpc-0f9e8d7c6b5a43210', 'us-east-1');

    // Assess
    await expect(listed).rejects.toBeInstanceOf(OutOfTimeError);
  });

  it('a listing that fails otherwise still refuses with what AWS answered', async () => {
    // Prepare
    const port = new AwsSpokeAccountPort({ ec2, route53: route53Denied }, 'us-east-1');

    // Act
    const listed = port.listHostedZonesByVpc('vpc-0f9e8d7c6b5a43210', 'us-east-1');

    // Assess
    await expect(listed).rejects.toThrow("Could not list the spoke VPC's hosted zones (ListHostedZonesByVPC)");
    await expect(listed).rejects.not.toBeInstanceOf(StillPendingError);
  });
});
