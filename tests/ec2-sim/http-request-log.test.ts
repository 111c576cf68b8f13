/** `npm run sim -- --log-requests`: the HTTP simulator tells of every request it answered, per service. */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DeleteSubnetCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListHostedZonesByVPCCommand, Route53Client } from '@aws-sdk/client-route-53';
import { GetServiceQuotaCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { startDemoSimulator, type DemoSimulator } from '../support/ec2-sim/http/demo-server';
import { formatRequestLogEntry, type RequestLogEntry } from '../support/ec2-sim/http/server';

const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' };

describe('the HTTP simulator’s request log', () => {
  let demo: DemoSimulator;
  const entries: RequestLogEntry[] = [];
  beforeEach(async () => {
    entries.length = 0;
    demo = await startDemoSimulator({ onRequest: (entry) => entries.push(entry) });
  });
  afterEach(() => demo.close());

  it('has one entry per request, naming the service, the action, the signed region, the status and an error’s code', async () => {
    // Prepare
    const client = { endpoint: demo.url, credentials, maxAttempts: 1 };
    const ec2 = new EC2Client({ ...client, region: 'us-east-1' });

    // Act
    await ec2.send(new DescribeVpcsCommand({}));
    await expect(ec2.send(new DeleteSubnetCommand({ SubnetId: 'subnet-0000000000000dead' }))).rejects.toThrow();
    await new EC2Client({ ...client, region: 'eu-west-1' }).send(new DescribeVpcsCommand({}));
    await new Route53Client({ ...client, region: 'us-east-1' }).send(new ListHostedZonesByVPCCommand({ VPCId: demo.world.vpcId, VPCRegion: 'us-east-1' }));
    await new ServiceQuotasClient({ ...client, region: 'us-east-1' }).send(new GetServiceQuotaCommand({ ServiceCode: 'vpc', QuotaCode: 'L-29B6F2EB' }));
    await expect(new CloudFormationClient({ ...client, region: 'us-east-1' }).send(new DescribeStacksCommand({ StackName: 'nope' }))).rejects.toThrow();

    // Assess
    expect(entries.map(({ ms: _ms, ...entry }) => entry)).toEqual([
      { service: 'EC2', action: 'DescribeVpcs', region: 'us-east-1', status: 200 },
      { service: 'EC2', action: 'DeleteSubnet', region: 'us-east-1', status: 400, errorCode: 'InvalidSubnetID.NotFound' },
      { service: 'EC2', action: 'DescribeVpcs', region: 'eu-west-1', status: 200 },
      { service: 'Route 53', action: 'ListHostedZonesByVPC', region: 'us-east-1', status: 200 },
      { service: 'Service Quotas', action: 'GetServiceQuota', region: 'us-east-1', status: 200 },
      { service: 'CloudFormation', action: 'DescribeStacks', region: 'us-east-1', status: 400, errorCode: 'ValidationError' },
    ]);
    for (const entry of entries) expect(entry.ms).toBeGreaterThanOrEqual(0);
  });

  it('prints one line per entry', () => {
    const at = new Date('2026-12-06T12:04:05.123Z');

    expect(formatRequestLogEntry({ service: 'EC2', action: 'CreateVpcEndpoint', region: 'us-east-1', status: 200, ms: 4 }, at)).toBe('12:04:05.123 EC2 CreateVpcEndpoint us-east-1 200 4 ms');
    expect(formatRequestLogEntry({ service: 'Service Quotas', action: 'GetServiceQuota', status: 400, errorCode: 'NoSuchResourceException', ms: 1 }, at)).toBe(
      '12:04:05.123 Service Quotas GetServiceQuota - 400 NoSuchResourceException 1 ms',
    );
  });
});
