import { runCliAgainst as plan } from '../bin/support/run-cli';
import { Ec2Simulator } from '../support/ec2-sim';

describe('readable details', () => {
  it('lists the application CIDRs in numeric order, never as text, in the text and the JSON', async () => {
    const sim = new Ec2Simulator();
    const vpc = (await sim.call('CreateVpc', { CidrBlock: '10.2.0.0/24' })) as { Vpc: { VpcId: string } };
    const subnetIds: string[] = [];
    // Given in the order text sorting would put them: 0, 128, 64.
    for (const [cidr, azId] of [['10.2.0.0/26', 'use1-az1'], ['10.2.0.128/26', 'use1-az2'], ['10.2.0.64/26', 'use1-az4']]) {
      const created = (await sim.call('CreateSubnet', { VpcId: vpc.Vpc.VpcId, CidrBlock: cidr, AvailabilityZoneId: azId })) as { Subnet: { SubnetId: string } };
      subnetIds.push(created.Subnet.SubnetId);
    }
    const argv = ['plan', '--vpc', vpc.Vpc.VpcId, '--subnets', subnetIds.join(','), '--interface-services', 'logs', '--gateway-services', '', '--private-dns', 'false', '--region', 'us-east-1'];

    const text = await plan(sim, argv);
    const json = await plan(sim, [...argv, '--json']);

    expect(text.code).toBe(0);
    expect(text.stdout).toContain('TCP 443 from 10.2.0.0/26, 10.2.0.64/26, 10.2.0.128/26');
    expect(text.stdout).not.toContain('10.2.0.128/26, 10.2.0.64/26');
    const document = JSON.parse(json.stdout) as { securityGroup: { httpsIngressCidrs: string[] } };
    expect(document.securityGroup.httpsIngressCidrs).toEqual(['10.2.0.0/26', '10.2.0.64/26', '10.2.0.128/26']);
  });
});
