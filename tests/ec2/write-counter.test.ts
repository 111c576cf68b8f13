import { CreateSubnetCommand, CreateTagsCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { countingWrites } from '../../lib/ec2/write-counter';

describe('countingWrites', () => {
  it('counts the writes that succeed, not the reads nor the failed writes', async () => {
    const progress = { writes: 0 };
    let fail = false;
    const client = countingWrites(
      {
        async send() {
          if (fail) throw Object.assign(new Error('no'), { name: 'InvalidSubnet.Conflict' });
          return {};
        },
      },
      progress,
    );

    await client.send(new DescribeSubnetsCommand({}));
    await client.send(new CreateSubnetCommand({ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/28' }));
    await client.send(new CreateTagsCommand({ Resources: ['subnet-1'], Tags: [] }));
    fail = true;
    await client.send(new CreateSubnetCommand({ VpcId: 'vpc-1', CidrBlock: '10.0.0.16/28' })).catch(() => undefined);

    expect(progress.writes).toBe(2);
  });
});
