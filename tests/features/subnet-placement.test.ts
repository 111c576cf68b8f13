import { ReadOnlyClient, ReadOnlyEc2Client } from '../../lib/ec2/read-only-client';
import { DEFAULT_LOGICAL_ID, placeholderStackId, previewConvergence } from '../../lib/preview';
import { startScenario, writesOf, type Scenario } from '../support/scenario';
import { cidrsOfSubnets, dataOf, isInside, listOf, prefixOf, writeInputs } from './support';

describe('SubnetPrefixLength and CidrRange: where endpoint subnets go and how big they are', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  /** An app subnet in a fourth AZ of the demo VPC, as another team would add it. */
  async function addAppSubnetInAz6(): Promise<string> {
    const created = await scenario.sim.call('CreateSubnet', { VpcId: scenario.world.vpcId, CidrBlock: '10.0.96.0/20', AvailabilityZoneId: 'use1-az6' });
    // Made a while before the stack update: past EC2's eventual-consistency window.
    await scenario.clock.sleep(60_000);
    return (created.Subnet as { SubnetId: string }).SubnetId;
  }

  describe('which VPC block', () => {
    it('carves from the block that holds the application subnets, not the secondary 100.64.0.0/22', async () => {
      const created = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

      expect(created?.body?.Status).toBe('SUCCESS');
      expect(listOf(created, 'SubnetCidrs')).toEqual(['10.0.255.240/28', '10.0.255.224/28', '10.0.255.208/28']);
      expect(dataOf(created)['Notes']).toBe('');
    });

    it('carves in another VPC block only for the AZs the application block has no room for, and says so in Notes', async () => {
      // Fill 10.0.0.0/16 (app subnets hold 10.0.0.0-10.0.95.255) but for one /27: room for two /28s, not three.
      const fillers = ['10.0.96.0/19', '10.0.128.0/18', '10.0.192.0/19', '10.0.224.0/20', '10.0.240.0/21', '10.0.248.0/22', '10.0.252.0/23', '10.0.254.0/24', '10.0.255.0/25', '10.0.255.128/26', '10.0.255.192/27'];
      for (const cidr of fillers) await scenario.sim.call('CreateSubnet', { VpcId: scenario.world.vpcId, CidrBlock: cidr, AvailabilityZoneId: 'use1-az6' });

      const created = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

      expect(created?.body?.Status).toBe('SUCCESS');
      expect(listOf(created, 'AvailabilityZoneIds')).toEqual(['use1-az1', 'use1-az2', 'use1-az4']);
      expect(listOf(created, 'SubnetCidrs')).toEqual(['10.0.255.240/28', '10.0.255.224/28', '100.64.3.240/28']);
      expect(dataOf(created)['Notes']).toBe(
        "100.64.3.240/28 (use1-az4) carved outside the application subnets' CIDR blocks (10.0.0.0/16), which have no free /28 left; set CidrRange to choose the range",
      );
    });

    it('in the demo world’s tight VPC: two AZs in the application block, the third in the pod range, said in Notes', async () => {
      const { tight } = scenario.world;

      const created = await scenario.invoke(scenario.cfn.createEvent({ VpcId: tight.vpcId, SubnetIds: tight.appSubnetIds }));

      expect(created?.body?.Status).toBe('SUCCESS');
      expect(listOf(created, 'SubnetCidrs')).toEqual(['10.2.0.240/28', '10.2.0.224/28', '100.64.15.240/28']);
      expect(dataOf(created)['Notes']).toContain('100.64.15.240/28 (use1-az4) carved outside the application subnets');
    });

    it('says the same in the plan preview before anything is created', async () => {
      const { tight } = scenario.world;

      const preview = await previewConvergence(new ReadOnlyEc2Client(scenario.sim.client()), {
        properties: { VpcId: tight.vpcId, SubnetIds: tight.appSubnetIds },
        stackId: placeholderStackId(scenario.sim.region),
        logicalResourceId: DEFAULT_LOGICAL_ID,
      }, { route53: new ReadOnlyClient(scenario.sim.route53Client(), 'Route 53'), serviceQuotas: new ReadOnlyClient(scenario.sim.serviceQuotasClient(), 'Service Quotas') });

      if (!preview.wouldSucceed) throw new Error(preview.reason);
      expect(preview.endpointSubnets.map((subnet) => subnet.cidr)).toEqual(['10.2.0.240/28', '10.2.0.224/28', '100.64.15.240/28']);
      expect(preview.notes).toEqual([
        "100.64.15.240/28 (use1-az4) carved outside the application subnets' CIDR blocks (10.2.0.0/24), which have no free /28 left; set CidrRange to choose the range",
      ]);
    });
  });

  describe('SubnetPrefixLength changed on Update', () => {
    it('keeps the existing endpoint subnets and their size: zero writes', async () => {
      const properties = scenario.properties();
      const created = await scenario.invoke(scenario.cfn.createEvent(properties));
      const physicalId = created?.body?.PhysicalResourceId as string;
      scenario.sim.resetCallLog();
      const larger = { ...properties, SubnetPrefixLength: '26' };

      const update = await scenario.invoke(scenario.cfn.updateEvent(physicalId, larger, properties));

      expect(update?.body?.Status).toBe('SUCCESS');
      expect(listOf(update, 'SubnetIds')).toEqual(listOf(created, 'SubnetIds'));
      expect(listOf(update, 'SubnetCidrs').map(prefixOf)).toEqual([28, 28, 28]);
      expect(writesOf(scenario.sim)).toEqual([]);
      // The Update must not read as applied: Notes names the subnets that kept their size.
      const notes = dataOf(update)['Notes'] ?? '';
      expect(notes).toContain('SubnetPrefixLength 26');
      expect(listOf(created, 'SubnetIds')).toHaveLength(3);
      for (const subnetId of listOf(created, 'SubnetIds')) expect(notes).toContain(subnetId);
      expect(dataOf(created)['Notes']).toBe('');
    });

    it('gives a new AZ the new size while the existing subnets keep theirs', async () => {
      const properties = scenario.properties();
      const created = await scenario.invoke(scenario.cfn.createEvent(properties));
      const physicalId = created?.body?.PhysicalResourceId as string;
      const az6Subnet = await addAppSubnetInAz6();
      scenario.sim.resetCallLog();
      const widened = { ...properties, SubnetIds: [...scenario.world.appSubnetIds, az6Subnet], SubnetPrefixLength: '26' };

      const update = await scenario.invoke(scenario.cfn.updateEvent(physicalId, widened, properties));

      expect(update?.body?.Status).toBe('SUCCESS');
      const azIds = listOf(update, 'AvailabilityZoneIds');
      const cidrs = listOf(update, 'SubnetCidrs');
      const sizeByAz = Object.fromEntries(azIds.map((azId, index) => [azId, prefixOf(cidrs[index] as string)]));
      expect(sizeByAz).toEqual({ 'use1-az1': 28, 'use1-az2': 28, 'use1-az4': 28, 'use1-az6': 26 });
      expect(listOf(update, 'SubnetIds').filter((id) => listOf(created, 'SubnetIds').includes(id))).toHaveLength(3);
      expect(writeInputs(scenario.sim, 'CreateSubnet')).toHaveLength(1);
      expect((await cidrsOfSubnets(scenario.sim, listOf(update, 'SubnetIds'))).ipv4).toEqual(cidrs);
    });
  });

  describe('CidrRange', () => {
    it.each([
      ['inside the primary block', '10.0.240.0/24'],
      ['the secondary block', '100.64.0.0/22'],
      ['a range that also holds app subnets (carved from its free part)', '10.0.64.0/18'],
    ])('carves every endpoint subnet inside a CidrRange that is %s', async (_label, range) => {
      const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ CidrRange: range })));

      expect(response?.body?.Status).toBe('SUCCESS');
      const cidrs = listOf(response, 'SubnetCidrs');
      expect(cidrs).toHaveLength(3);
      for (const cidr of cidrs) expect(isInside(range, cidr)).toBe(true);
      expect(writeInputs(scenario.sim, 'CreateSubnet').map((input) => input['CidrBlock'])).toEqual(expect.arrayContaining(cidrs));
    });

    it('answers FAILED naming a CidrRange outside the VPC and the VPC\'s blocks, with zero writes', async () => {
      const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ CidrRange: '192.168.0.0/24' })));

      expect(response?.body?.Status).toBe('FAILED');
      for (const fragment of ['CidrRange', '192.168.0.0/24', scenario.world.vpcId, '10.0.0.0/16']) expect(response?.body?.Reason).toContain(fragment);
      expect(writesOf(scenario.sim)).toEqual([]);
    });

    it.each([
      // A /27 holds two /28s; the demo's app subnets span three AZs.
      ['holds fewer free blocks than there are AZs', '10.0.240.0/27', 'its largest free block is 10.0.240.0/27'],
      ['is wholly taken by app subnets', '10.0.0.0/20', 'existing subnets fill it'],
    ])('answers FAILED before any write when the CidrRange %s, blaming the range and not the VPC', async (_label, range, why) => {
      const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ CidrRange: range })));

      expect(response?.body?.Status).toBe('FAILED');
      for (const fragment of [`No free /28 block is left in CidrRange ${range}`, why, 'Widen CidrRange']) expect(response?.body?.Reason).toContain(fragment);
      // A /28 is already the smallest subnet, and the VPC itself has room: neither remedy applies.
      expect(response?.body?.Reason).not.toContain('SubnetPrefixLength');
      expect(response?.body?.Reason).not.toContain('no free address space');
      expect(writesOf(scenario.sim)).toEqual([]);
    });

    it('suggests smaller subnets when the exhausted CidrRange was asked for larger ones', async () => {
      const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ CidrRange: '10.0.240.0/24', SubnetPrefixLength: '25' })));

      expect(response?.body?.Status).toBe('FAILED');
      expect(response?.body?.Reason).toContain('larger SubnetPrefixLength');
    });

    it('keeps existing endpoint subnets where they are when CidrRange changes on Update, and says so in Notes', async () => {
      const properties = scenario.properties({ CidrRange: '10.0.240.0/24' });
      const created = await scenario.invoke(scenario.cfn.createEvent(properties));
      const physicalId = created?.body?.PhysicalResourceId as string;
      scenario.sim.resetCallLog();
      const moved = { ...properties, CidrRange: '100.64.0.0/22' };

      const update = await scenario.invoke(scenario.cfn.updateEvent(physicalId, moved, properties));

      expect(update?.body?.Status).toBe('SUCCESS');
      expect(listOf(update, 'SubnetCidrs')).toEqual(listOf(created, 'SubnetCidrs'));
      expect(writesOf(scenario.sim)).toEqual([]);
      const notes = dataOf(update)['Notes'] ?? '';
      expect(notes).toContain('CidrRange 100.64.0.0/22');
      expect(listOf(created, 'SubnetCidrs')).toHaveLength(3);
      for (const cidr of listOf(created, 'SubnetCidrs')) expect(notes).toContain(cidr);
    });
  });
});
