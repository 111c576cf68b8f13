/**
 * Regions other than us-east-1: their real AZ IDs, and the demo world and a plan working in them.
 */
import { DescribeAvailabilityZonesCommand } from '@aws-sdk/client-ec2';
import { DEFAULT_LOGICAL_ID, placeholderStackId, previewConvergence } from '../../lib/preview';
import { Route53Client } from '@aws-sdk/client-route-53';
import { GetServiceQuotaCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { ReadOnlyClient, ReadOnlyEc2Client } from '../../lib/ec2/read-only-client';
import { Ec2Simulator, VirtualClock } from '../support/ec2-sim';
import { startDemoSimulator, type DemoSimulator } from '../support/ec2-sim/http/demo-server';
import { signingRegionOf } from '../support/ec2-sim/http/credentials';
import { localEc2Client } from '../support/ec2-sim/http/fixtures/recording-core';

/** Route 53 and Service Quotas at the demo's URL (it answers all three services), read-only, as the CLI builds them. */
function readersAt(url: string, region: string) {
  const config = { endpoint: url, region, credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' }, maxAttempts: 1 };
  return { route53: new ReadOnlyClient(new Route53Client(config), 'Route 53'), serviceQuotas: new ReadOnlyClient(new ServiceQuotasClient(config), 'Service Quotas') };
}

describe('zones by region', () => {
  it.each([
    ['us-east-1', ['use1-az1', 'use1-az2', 'use1-az3', 'use1-az4', 'use1-az5', 'use1-az6']],
    ['eu-west-1', ['euw1-az1', 'euw1-az2', 'euw1-az3']],
    ['us-west-2', ['usw2-az1', 'usw2-az2', 'usw2-az3', 'usw2-az4']],
    ['us-west-1', ['usw1-az1', 'usw1-az3']],
    ['ap-southeast-2', ['apse2-az1', 'apse2-az2', 'apse2-az3']],
    ['ap-northeast-1', ['apne1-az1', 'apne1-az2', 'apne1-az4']],
    ['eu-central-1', ['euc1-az1', 'euc1-az2', 'euc1-az3']],
    // A region the simulator does not list: three zones named from the region.
    ['mx-central-1', ['mxc1-az1', 'mxc1-az2', 'mxc1-az3']],
  ])('%s has zone IDs %j, named <region>a, b, c…', async (region, zoneIds) => {
    const out = await new Ec2Simulator({ region }).client().send(new DescribeAvailabilityZonesCommand({}));
    expect(out.AvailabilityZones?.map((zone) => zone.ZoneId)).toEqual(zoneIds);
    expect(out.AvailabilityZones?.map((zone) => zone.ZoneName)).toEqual(zoneIds.map((_, index) => `${region}${String.fromCharCode(97 + index)}`));
  });
});

describe('the demo world in eu-west-1, over HTTP', () => {
  let demo: DemoSimulator;
  beforeAll(async () => {
    demo = await startDemoSimulator({ region: 'eu-west-1', clock: new VirtualClock() });
  });
  afterAll(() => demo.close());

  it('puts the demo VPC in the region’s three AZs', () => {
    expect(Object.keys(demo.world.appSubnetIdsByAz)).toEqual(['euw1-az1', 'euw1-az2', 'euw1-az3']);
    expect(demo.world.dualStack.appSubnetIds).toHaveLength(3);
  });

  it('previews a Create with a client for eu-west-1: the region’s catalogue and AZ IDs resolve', async () => {
    const ec2 = new ReadOnlyEc2Client(localEc2Client(demo.url, { region: 'eu-west-1' }));

    const preview = await previewConvergence(ec2, {
      properties: { VpcId: demo.world.vpcId, SubnetIds: demo.world.appSubnetIds, InterfaceServices: ['ecr.api', 'ecr.dkr', 'logs', 'ecs-telemetry'] },
      stackId: placeholderStackId('eu-west-1'),
      logicalResourceId: DEFAULT_LOGICAL_ID,
    }, readersAt(demo.url, 'eu-west-1'));

    expect(preview).toMatchObject({ wouldSucceed: true, region: 'eu-west-1' });
    if (!preview.wouldSucceed) throw new Error(preview.reason);
    expect(preview.endpointSubnets.map((subnet) => subnet.azId)).toEqual(['euw1-az1', 'euw1-az2', 'euw1-az3']);
    // The catalogue's per-AZ gap follows the region: ecs-telemetry is missing from its third zone.
    expect(preview.notes).toEqual(['ecs-telemetry is not offered in euw1-az3; its endpoint serves the other AZs']);
  });
});

describe('the default demo server, asked by a client of another region', () => {
  let demo: DemoSimulator;
  beforeAll(async () => {
    demo = await startDemoSimulator({ clock: new VirtualClock() });
  });
  afterAll(() => demo.close());

  it('answers from that region’s EC2, where the demo world has the same IDs (EC2 is regional)', async () => {
    demo.sim.resetCallLog();
    const ec2 = new ReadOnlyEc2Client(localEc2Client(demo.url, { region: 'eu-west-1' }));

    const preview = await previewConvergence(ec2, {
      properties: { VpcId: demo.world.vpcId, SubnetIds: demo.world.appSubnetIds },
      stackId: placeholderStackId('eu-west-1'),
      logicalResourceId: DEFAULT_LOGICAL_ID,
    }, readersAt(demo.url, 'eu-west-1'));

    if (!preview.wouldSucceed) throw new Error(preview.reason);
    expect(preview.region).toBe('eu-west-1');
    expect(preview.endpointSubnets.map((subnet) => subnet.azId)).toEqual(['euw1-az1', 'euw1-az2', 'euw1-az3']);
    // The us-east-1 simulator saw none of it but the Route 53 lookup: Route 53 is global (its VPCRegion names the region).
    expect(demo.sim.calls.map((call) => [call.action, call.input['VPCRegion']])).toEqual([['ListHostedZonesByVPC', 'eu-west-1']]);
  });

  it('answers Service Quotas per region: a quota raised in us-east-1 is not applied in eu-west-1', async () => {
    demo.sim.admin.setQuota('interfaceEndpointsPerVpc', 120);
    const quotaIn = async (region: string) => {
      const client = new ServiceQuotasClient({ endpoint: demo.url, region, credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' }, maxAttempts: 1 });
      try {
        return (await client.send(new GetServiceQuotaCommand({ ServiceCode: 'vpc', QuotaCode: 'L-29B6F2EB' }))).Quota?.Value;
      } finally {
        client.destroy();
      }
    };

    expect(await quotaIn('us-east-1')).toBe(120);
    expect(await quotaIn('eu-west-1')).toBe(50);
  });

  it('keeps answering the default region from the simulator it was started with', async () => {
    const out = await localEc2Client(demo.url).send(new DescribeAvailabilityZonesCommand({}));
    expect(out.AvailabilityZones?.map((zone) => zone.ZoneId)).toEqual(['use1-az1', 'use1-az2', 'use1-az3', 'use1-az4', 'use1-az5', 'use1-az6']);
  });
});


describe('signingRegionOf', () => {
  it.each([
    ['a SigV4 Authorization header', 'AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/ec2/aws4_request, SignedHeaders=host, Signature=00', undefined, 'eu-west-1'],
    ['a presigned URL', undefined, 'AKID/20260101/ap-southeast-2/ec2/aws4_request', 'ap-southeast-2'],
    ['an unsigned request', undefined, null, undefined],
    ['a scope without a region', 'AWS4-HMAC-SHA256 Credential=AKID, Signature=00', undefined, undefined],
  ])('reads the region from %s', (_what, authorization, credential, expected) => {
    expect(signingRegionOf(authorization, credential)).toBe(expected);
  });
});
