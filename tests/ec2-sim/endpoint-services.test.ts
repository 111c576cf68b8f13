import { DescribeVpcEndpointServicesCommand, type ServiceDetail } from '@aws-sdk/client-ec2';
import { Ec2Simulator } from '../support/ec2-sim';
import { expectCode, svc } from './fixtures';

async function details(sim: Ec2Simulator, names: string[], accountId?: string): Promise<ServiceDetail[]> {
  const out = await sim.client({ accountId }).send(new DescribeVpcEndpointServicesCommand({ ServiceNames: names }));
  return out.ServiceDetails ?? [];
}

describe('endpoint services catalogue', () => {
  it('lists s3 twice, once per ServiceType, with private DNS only on the Interface entry', async () => {
    const sim = new Ec2Simulator();
    const s3 = await details(sim, [svc('s3')]);
    expect(s3.map((detail) => [detail.ServiceType?.[0]?.ServiceType, detail.PrivateDnsName])).toEqual([
      ['Gateway', undefined],
      ['Interface', '*.s3.us-east-1.amazonaws.com'],
    ]);
  });

  // The regional vpce name puts a dotted short name's labels in host order: ecr.dkr -> dkr.ecr (as the service's own
  // host, dkr.ecr.<region>.amazonaws.com; moto's per-service catalogue agrees, docs/moto-conformance.md).
  it.each([
    ['ecr.api', 'api.ecr.us-east-1.amazonaws.com', 'api.ecr'],
    ['ecr.dkr', '*.dkr.ecr.us-east-1.amazonaws.com', 'dkr.ecr'],
    ['logs', 'logs.us-east-1.amazonaws.com', 'logs'],
  ])('describes %s with its private DNS name and the fields the provisioner reads', async (name, dns, vpceLabels) => {
    const [detail] = await details(new Ec2Simulator(), [svc(name)]);
    expect(detail).toMatchObject({
      ServiceName: svc(name),
      ServiceType: [{ ServiceType: 'Interface' }],
      AvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f'],
      Owner: 'amazon',
      BaseEndpointDnsNames: [`${vpceLabels}.us-east-1.vpce.amazonaws.com`],
      PrivateDnsName: dns,
      SupportedIpAddressTypes: ['ipv4', 'ipv6'],
      VpcEndpointPolicySupported: true,
    });
  });

  it('offers ecs-telemetry in every zone but the third, and ec2messages over IPv4 only', async () => {
    const sim = new Ec2Simulator();
    const [telemetry, messages] = await details(sim, [svc('ecs-telemetry'), svc('ec2messages')]).then((list) =>
      [svc('ecs-telemetry'), svc('ec2messages')].map((name) => list.find((detail) => detail.ServiceName === name)),
    );
    expect(telemetry?.AvailabilityZoneIds).not.toContain('use1-az3');
    expect(telemetry?.AvailabilityZones).toHaveLength(5);
    expect(messages?.SupportedIpAddressTypes).toEqual(['ipv4']);
  });

  it('names zones in the caller own mapping', async () => {
    const sim = new Ec2Simulator({ azs: { nameOrderByAccount: { '222222222222': ['use1-az3', 'use1-az1', 'use1-az2', 'use1-az4', 'use1-az5', 'use1-az6'] } } });
    const [mine] = await details(sim, [svc('ecs-telemetry')]);
    const [theirs] = await details(sim, [svc('ecs-telemetry')], '222222222222');
    expect(mine?.AvailabilityZones).not.toContain('us-east-1c');
    expect(theirs?.AvailabilityZones).not.toContain('us-east-1a');
  });

  it('rejects an unknown service name', async () => {
    await expectCode(details(new Ec2Simulator(), [svc('ecr.api'), svc('no-such-service')]), 'InvalidServiceName');
  });

  it.each([
    [[{ Name: 'service-type', Values: ['Gateway'] }], [svc('dynamodb'), svc('s3')]],
    [[{ Name: 'service-name', Values: [svc('s3')] }, { Name: 'service-type', Values: ['Interface'] }], [svc('s3')]],
  ])('filters with %j', async (filters, expected) => {
    const out = await new Ec2Simulator().call('DescribeVpcEndpointServices', { Filters: filters });
    expect(out.ServiceNames).toEqual(expected);
  });

  it('pages with MaxResults and NextToken', async () => {
    const sim = new Ec2Simulator();
    const pages: number[] = [];
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await sim.client().send(new DescribeVpcEndpointServicesCommand({ MaxResults: 7, NextToken: token }));
      pages.push(page.ServiceDetails?.length ?? 0);
      names.push(...(page.ServiceDetails ?? []).map((detail) => detail.ServiceName as string));
      token = page.NextToken;
    } while (token !== undefined);
    // 127 entries (125 names, s3 and dynamodb twice): 18 full pages and one of 1.
    expect(pages).toEqual([...Array<number>(18).fill(7), 1]);
    expect(new Set(names).size).toBe(125);
  });

  it('offers the region’s common interface services by their real names, over a hundred of them', async () => {
    const out = await new Ec2Simulator().call('DescribeVpcEndpointServices', { Filters: [{ Name: 'service-type', Values: ['Interface'] }] });
    const names = out.ServiceNames as string[];
    expect(names.length).toBeGreaterThanOrEqual(100);
    const expected = [
      'ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 'ssmmessages', 'ec2messages', 'ec2', 'ecs', 'ecs-agent',
      'ecs-telemetry', 'sts', 'kms', 'sqs', 'sns', 'monitoring', 'events', 'execute-api', 'elasticloadbalancing',
      'autoscaling', 'lambda', 'states', 'dynamodb', 's3', 'eks', 'eks-auth', 'rds', 'elasticfilesystem', 'kinesis-streams',
      'sagemaker.runtime', 'bedrock-runtime', 'xray', 'codeartifact.repositories', 'git-codecommit', 'email-smtp',
    ];
    expect(expected.filter((name) => !names.includes(svc(name)))).toEqual([]);
  });

  it('names the catalogue after the simulator’s region', async () => {
    const out = await new Ec2Simulator({ region: 'eu-west-1' }).call('DescribeVpcEndpointServices', { ServiceNames: ['com.amazonaws.eu-west-1.ecr.dkr'] });
    expect(out.ServiceDetails).toEqual([
      expect.objectContaining({ ServiceName: 'com.amazonaws.eu-west-1.ecr.dkr', PrivateDnsName: '*.dkr.ecr.eu-west-1.amazonaws.com', AvailabilityZoneIds: ['euw1-az1', 'euw1-az2', 'euw1-az3'] }),
    ]);
  });

  it('lets tests replace the catalogue', async () => {
    const sim = new Ec2Simulator({ services: [{ name: 'only', type: 'Interface', privateDnsName: 'only.example', supportsIpv6: false }] });
    const out = await sim.call('DescribeVpcEndpointServices', {});
    expect(out.ServiceNames).toEqual([svc('only')]);
  });
});
