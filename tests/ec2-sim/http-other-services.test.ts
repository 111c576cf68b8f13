/**
 * The Route 53, Service Quotas and (on the `npm run sim` server) CloudFormation faces of the HTTP simulator, driven by
 * the real clients: what the bundle pointed at `AWS_ENDPOINT_URL_ROUTE_53` and `AWS_ENDPOINT_URL_SERVICE_QUOTAS`, or at
 * `AWS_ENDPOINT_URL` alone (sam local invoke), sees.
 */
import { CloudFormationClient, DescribeStackResourceCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListHostedZonesByVPCCommand, Route53Client } from '@aws-sdk/client-route-53';
import { GetServiceQuotaCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { Ec2Simulator, WorldBuilder } from '../support/ec2-sim';
import { startEc2HttpServer, type Ec2HttpServer } from '../support/ec2-sim/http';
import { startDemoSimulator, type DemoSimulator } from '../support/ec2-sim/http/demo-server';

const OTHER_ACCOUNT = '210987654321';

describe('ListHostedZonesByVPC over HTTP (Route 53 REST-XML)', () => {
  let sim: Ec2Simulator;
  let server: Ec2HttpServer;
  const clients: Route53Client[] = [];
  const clientFor = (accessKeyId: string) => {
    const client = new Route53Client({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey: 'x' }, maxAttempts: 1 });
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    sim = new Ec2Simulator();
    server = await startEc2HttpServer(sim, { accountForAccessKey: (key) => (key === 'AKIDOTHER' ? OTHER_ACCOUNT : undefined) });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
  });

  it('lists the zones associated with the VPC, paging with NextToken', async () => {
    const world = await new WorldBuilder(sim).vpc('v', { cidr: '10.0.0.0/16' }).build();
    const vpcId = world.id('v');
    const first = sim.admin.createPrivateHostedZone({ name: 'api.ecr.us-east-1.amazonaws.com', vpcIds: [vpcId], ownerAccountId: '444455556666' });
    const second = sim.admin.createPrivateHostedZone({ name: 'dkr.ecr.us-east-1.amazonaws.com', vpcIds: [vpcId] });
    const client = clientFor('AKIDLOCAL');

    const page1 = await client.send(new ListHostedZonesByVPCCommand({ VPCId: vpcId, VPCRegion: 'us-east-1', MaxItems: 1 }));
    const page2 = await client.send(new ListHostedZonesByVPCCommand({ VPCId: vpcId, VPCRegion: 'us-east-1', MaxItems: 1, NextToken: page1.NextToken }));

    expect(page1.HostedZoneSummaries).toEqual([{ HostedZoneId: first, Name: 'api.ecr.us-east-1.amazonaws.com.', Owner: { OwningAccount: '444455556666' } }]);
    expect(page2.HostedZoneSummaries).toEqual([{ HostedZoneId: second, Name: 'dkr.ecr.us-east-1.amazonaws.com.', Owner: { OwningAccount: sim.accountId } }]);
    expect(page2.NextToken).toBeUndefined();
  });

  it('answers AccessDenied as Route 53 does, to the account the access key maps to', async () => {
    sim.route53DeniedAccounts.add(OTHER_ACCOUNT);

    const attempt = clientFor('AKIDOTHER').send(new ListHostedZonesByVPCCommand({ VPCId: 'vpc-0123456789abcdef0', VPCRegion: 'us-east-1' }));

    await expect(attempt).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });
});

describe('GetServiceQuota over HTTP (Service Quotas awsJson1_1)', () => {
  let sim: Ec2Simulator;
  let server: Ec2HttpServer;
  const clients: ServiceQuotasClient[] = [];
  const clientFor = (accessKeyId: string) => {
    const client = new ServiceQuotasClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey: 'x' }, maxAttempts: 1 });
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    sim = new Ec2Simulator();
    server = await startEc2HttpServer(sim, { accountForAccessKey: (key) => (key === 'AKIDOTHER' ? OTHER_ACCOUNT : undefined) });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
  });

  it('answers the applied value of a VPC quota', async () => {
    sim.admin.setQuota('interfaceEndpointsPerVpc', 120);

    const output = await clientFor('AKIDLOCAL').send(new GetServiceQuotaCommand({ ServiceCode: 'vpc', QuotaCode: 'L-29B6F2EB' }));

    expect(output.Quota).toMatchObject({ QuotaCode: 'L-29B6F2EB', QuotaName: 'Interface VPC endpoints per VPC', Value: 120 });
  });

  it('answers AccessDeniedException and NoSuchResourceException as Service Quotas does', async () => {
    sim.serviceQuotasDeniedAccounts.add(OTHER_ACCOUNT);

    await expect(clientFor('AKIDOTHER').send(new GetServiceQuotaCommand({ ServiceCode: 'vpc', QuotaCode: 'L-29B6F2EB' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(clientFor('AKIDLOCAL').send(new GetServiceQuotaCommand({ ServiceCode: 'vpc', QuotaCode: 'L-00000000' }))).rejects.toMatchObject({
      name: 'NoSuchResourceException',
    });
  });
});

describe('DescribeStacks and DescribeStackResource on the npm run sim server (CloudFormation Query)', () => {
  const EXAMPLE_STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/vpce-demo/214057f0-2c35-4bc7-aa20-870e57f2b6c8';
  let demo: DemoSimulator;
  let cloudFormation: CloudFormationClient;

  beforeAll(async () => {
    demo = await startDemoSimulator();
    cloudFormation = new CloudFormationClient({ endpoint: demo.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'x' }, maxAttempts: 1 });
  });

  afterAll(async () => {
    cloudFormation.destroy();
    await demo.close();
  });

  it.each([EXAMPLE_STACK_ID, 'vpce-demo'])('plays the stack of events/*.json as being created, found by %s', async (stackName) => {
    const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));

    expect(Stacks).toHaveLength(1);
    expect(Stacks?.[0]).toMatchObject({ StackId: EXAMPLE_STACK_ID, StackName: 'vpce-demo', StackStatus: 'CREATE_IN_PROGRESS' });
  });

  it('plays the events’ logical ID as a custom resource of that stack', async () => {
    const { StackResourceDetail } = await cloudFormation.send(new DescribeStackResourceCommand({ StackName: EXAMPLE_STACK_ID, LogicalResourceId: 'VpcEndpoints' }));

    expect(StackResourceDetail).toMatchObject({ LogicalResourceId: 'VpcEndpoints', ResourceType: 'Custom::VpcEndpoints', ResourceStatus: 'CREATE_IN_PROGRESS' });
  });

  it.each([
    { case: 'another stack', command: () => new DescribeStacksCommand({ StackName: 'arn:aws:cloudformation:us-east-1:123456789012:stack/other/0b9c1a52-7d3e-4f60-9a1b-2c3d4e5f6a7b' }), message: 'Stack with id arn:aws:cloudformation:us-east-1:123456789012:stack/other/0b9c1a52-7d3e-4f60-9a1b-2c3d4e5f6a7b does not exist' },
    { case: 'another logical ID', command: () => new DescribeStackResourceCommand({ StackName: EXAMPLE_STACK_ID, LogicalResourceId: 'Vpc' }), message: 'Resource Vpc does not exist for stack vpce-demo' },
  ])('answers ValidationError for $case, as CloudFormation does for what does not exist', async ({ command, message }) => {
    const failure = (await cloudFormation.send(command() as never).catch((error: unknown) => error)) as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };

    expect(failure).toMatchObject({ name: 'ValidationError', message, $metadata: { httpStatusCode: 400 } });
  });

  it('still answers EC2 on the same URL: requests are told apart by the service they are signed for', async () => {
    const ec2 = new EC2Client({ endpoint: demo.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'x' }, maxAttempts: 1 });
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({ VpcIds: [demo.world.vpcId] }));
    ec2.destroy();

    expect(Vpcs?.map((vpc) => vpc.VpcId)).toEqual([demo.world.vpcId]);
    expect(demo.stacks.calls.map((call) => call.action)).not.toContain('DescribeVpcs');
  });
});
