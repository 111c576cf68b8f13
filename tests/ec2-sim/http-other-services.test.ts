/**
 * The Route 53 and Service Quotas faces of the HTTP simulator, driven by the real clients: what the bundle pointed at
 * `AWS_ENDPOINT_URL_ROUTE_53` and `AWS_ENDPOINT_URL_SERVICE_QUOTAS` sees.
 */
import { ListHostedZonesByVPCCommand, Route53Client } from '@aws-sdk/client-route-53';
import { GetServiceQuotaCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { Ec2Simulator, WorldBuilder } from '../support/ec2-sim';
import { startEc2HttpServer, type Ec2HttpServer } from '../support/ec2-sim/http';

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
