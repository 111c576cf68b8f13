import { freeBlocks } from '../../lib/cidr';
import { InvalidPropertiesError } from '../../lib/errors';

describe('freeBlocks', () => {
  it.each([
    {
      name: 'the VPC blocks themselves when nothing is taken, largest first then by address',
      vpcBlocks: ['100.64.0.0/24', '10.1.0.0/16', '10.0.0.0/16'],
      existingSubnets: [],
      within: undefined,
      expected: ['10.0.0.0/16', '10.1.0.0/16', '100.64.0.0/24'],
    },
    {
      name: 'the halves left beside a subnet',
      vpcBlocks: ['10.0.0.0/24'],
      existingSubnets: ['10.0.0.0/26'],
      within: undefined,
      expected: ['10.0.0.128/25', '10.0.0.64/26'],
    },
    {
      name: 'an unaligned gap split into maximal aligned blocks',
      vpcBlocks: ['10.0.0.0/24'],
      existingSubnets: ['10.0.0.0/28'],
      within: undefined,
      expected: ['10.0.0.128/25', '10.0.0.64/26', '10.0.0.32/27', '10.0.0.16/28'],
    },
    {
      name: 'nothing in a full VPC',
      vpcBlocks: ['10.0.0.0/24'],
      existingSubnets: ['10.0.0.0/25', '10.0.0.128/25'],
      within: undefined,
      expected: [],
    },
    {
      name: 'adjacent VPC blocks stay separate (a subnet cannot span two)',
      vpcBlocks: ['10.0.128.0/17', '10.0.0.0/17'],
      existingSubnets: [],
      within: undefined,
      expected: ['10.0.0.0/17', '10.0.128.0/17'],
    },
    {
      name: 'overlapping and nested subnets count once',
      vpcBlocks: ['10.0.0.0/24'],
      existingSubnets: ['10.0.0.0/25', '10.0.0.0/26', '10.0.0.64/26'],
      within: undefined,
      expected: ['10.0.0.128/25'],
    },
    {
      name: 'regression: 10.0.20.0/24 is not inside 10.0.2.0/23',
      vpcBlocks: ['10.0.0.0/19'],
      existingSubnets: ['10.0.2.0/23', '10.0.0.0/23', '10.0.4.0/22', '10.0.8.0/21', '10.0.16.0/20'],
      within: undefined,
      expected: [],
    },
    {
      name: 'subnets outside every VPC block change nothing',
      vpcBlocks: ['10.0.0.0/24'],
      existingSubnets: ['10.1.0.0/24', '9.255.255.240/28'],
      within: undefined,
      expected: ['10.0.0.0/24'],
    },
    {
      name: 'within: only the part of the range inside the VPC',
      vpcBlocks: ['10.0.0.0/16'],
      existingSubnets: ['10.0.128.0/22'],
      within: '10.0.128.0/20',
      expected: ['10.0.136.0/21', '10.0.132.0/22'],
    },
    {
      name: 'within: IPv6 space is left out',
      vpcBlocks: ['10.0.0.0/24', '2600:1f18:abc:de00::/56'],
      existingSubnets: [],
      within: '10.0.0.0/16',
      expected: ['10.0.0.0/24'],
    },
    {
      name: 'IPv6 after IPv4, decomposed down to the free /64',
      vpcBlocks: ['2600:1f18:abc:de00::/56', '10.0.0.0/24'],
      existingSubnets: ['2600:1f18:abc:de00::/64'],
      within: undefined,
      expected: [
        '10.0.0.0/24',
        '2600:1f18:abc:de80::/57',
        '2600:1f18:abc:de40::/58',
        '2600:1f18:abc:de20::/59',
        '2600:1f18:abc:de10::/60',
        '2600:1f18:abc:de08::/61',
        '2600:1f18:abc:de04::/62',
        '2600:1f18:abc:de02::/63',
        '2600:1f18:abc:de01::/64',
      ],
    },
  ])('$name', ({ vpcBlocks, existingSubnets, within, expected }) => {
    expect(freeBlocks(vpcBlocks, existingSubnets, within)).toEqual(expected);
  });

  it('lists only IPv4 blocks when a range to stay within is given, even in a dual-stack VPC', () => {
    expect(freeBlocks(['10.0.0.0/16', '2600:1f18:abc:de00::/56'], [], '10.0.128.0/20')).toEqual(['10.0.128.0/20']);
  });

  it('decomposes a block that starts at address zero into itself', () => {
    expect(freeBlocks(['0.0.0.0/16'], ['0.0.255.0/24'])).toEqual(['0.0.0.0/17', '0.0.128.0/18', '0.0.192.0/19', '0.0.224.0/20', '0.0.240.0/21', '0.0.248.0/22', '0.0.252.0/23', '0.0.254.0/24']);
  });

  it('counts a VPC block listed twice, or one inside another, once', () => {
    expect(freeBlocks(['10.0.0.0/24', '10.0.0.0/24', '10.0.0.128/25'], ['10.0.0.0/25'])).toEqual(['10.0.0.128/25']);
  });

  it('rejects an IPv6 range to stay within', () => {
    expect(() => freeBlocks(['10.0.0.0/16'], [], '2600::/56')).toThrow(InvalidPropertiesError);
  });
});
