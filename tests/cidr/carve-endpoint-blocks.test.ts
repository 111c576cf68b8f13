import { carveEndpointBlocks } from '../../lib/cidr';
import { CidrExhaustedError, InvalidPropertiesError } from '../../lib/errors';

interface Case {
  name: string;
  vpcBlocks: string[];
  existingSubnets: string[];
  prefixLength: number;
  azIds: string[];
  within?: string;
  preferredBlocks?: string[];
  /** azId -> CIDR, in serving order. */
  expected: [string, string][];
}

const AZS = ['use1-az1', 'use1-az2', 'use1-az3'];

// Every expected block was worked out by hand from the strategy: smallest gap that holds the block, ties to the
// higher gap, block at the highest aligned position of the gap.
const cases: Case[] = [
  {
    name: 'an empty VPC: blocks stack downward from the top',
    vpcBlocks: ['10.0.0.0/16'],
    existingSubnets: [],
    prefixLength: 28,
    azIds: AZS,
    expected: [['use1-az1', '10.0.255.240/28'], ['use1-az2', '10.0.255.224/28'], ['use1-az3', '10.0.255.208/28']],
  },
  {
    name: 'subnets at the bottom leave the top alone',
    vpcBlocks: ['10.0.0.0/16'],
    existingSubnets: ['10.0.0.0/24', '10.0.1.0/24'],
    prefixLength: 26,
    azIds: ['use1-az1', 'use1-az2'],
    expected: [['use1-az1', '10.0.255.192/26'], ['use1-az2', '10.0.255.128/26']],
  },
  {
    name: 'a fragmented VPC: a /27 hole is filled before the large free run is cut',
    vpcBlocks: ['10.0.0.0/16'],
    existingSubnets: ['10.0.0.0/24', '10.0.1.32/27', '10.0.1.64/26', '10.0.1.128/25'],
    prefixLength: 28,
    azIds: AZS,
    expected: [['use1-az1', '10.0.1.16/28'], ['use1-az2', '10.0.1.0/28'], ['use1-az3', '10.0.255.240/28']],
  },
  {
    name: 'two equal holes: the higher one first, then what is left of it, then the lower one',
    vpcBlocks: ['10.0.0.0/24'],
    existingSubnets: ['10.0.0.0/27', '10.0.0.64/26', '10.0.0.128/27', '10.0.0.192/26'],
    prefixLength: 28,
    azIds: AZS,
    expected: [['use1-az1', '10.0.0.176/28'], ['use1-az2', '10.0.0.160/28'], ['use1-az3', '10.0.0.48/28']],
  },
  {
    name: 'an unaligned gap: the block goes to the only aligned position in it',
    vpcBlocks: ['10.0.0.0/24'],
    existingSubnets: ['10.0.0.0/28', '10.0.0.64/26', '10.0.0.128/25'],
    prefixLength: 27,
    azIds: ['use1-az1'],
    expected: [['use1-az1', '10.0.0.32/27']],
  },
  {
    name: 'a secondary block serves when the primary is full',
    vpcBlocks: ['10.0.0.0/24', '100.64.0.0/26'],
    existingSubnets: ['10.0.0.0/24'],
    prefixLength: 28,
    azIds: ['use1-az1', 'use1-az2'],
    expected: [['use1-az1', '100.64.0.48/28'], ['use1-az2', '100.64.0.32/28']],
  },
  {
    name: 'best fit across blocks: the smaller secondary block before the roomy primary',
    vpcBlocks: ['10.0.0.0/16', '100.64.0.0/27'],
    existingSubnets: [],
    prefixLength: 28,
    azIds: AZS,
    expected: [['use1-az1', '100.64.0.16/28'], ['use1-az2', '100.64.0.0/28'], ['use1-az3', '10.0.255.240/28']],
  },
  {
    name: 'an exact fit: the VPC is one /28',
    vpcBlocks: ['10.0.0.0/28'],
    existingSubnets: [],
    prefixLength: 28,
    azIds: ['use1-az1'],
    expected: [['use1-az1', '10.0.0.0/28']],
  },
  {
    name: 'an exact fit: the last free /28 of a full VPC',
    vpcBlocks: ['10.0.0.0/24'],
    existingSubnets: ['10.0.0.0/25', '10.0.0.128/26', '10.0.0.192/27', '10.0.0.224/28'],
    prefixLength: 28,
    azIds: ['use1-az1'],
    expected: [['use1-az1', '10.0.0.240/28']],
  },
  {
    name: 'an exact fit: a /16 endpoint subnet fills a /16 VPC',
    vpcBlocks: ['10.0.0.0/16'],
    existingSubnets: [],
    prefixLength: 16,
    azIds: ['use1-az1'],
    expected: [['use1-az1', '10.0.0.0/16']],
  },
  {
    name: 'within: the top of the range, not of the VPC',
    vpcBlocks: ['10.0.0.0/16'],
    existingSubnets: [],
    prefixLength: 28,
    within: '10.0.128.0/20',
    azIds: ['use1-az1', 'use1-az2'],
    expected: [['use1-az1', '10.0.143.240/28'], ['use1-az2', '10.0.143.224/28']],
  },
  {
    name: 'within: subnets inside the range are avoided',
    vpcBlocks: ['10.0.0.0/16'],
    existingSubnets: ['10.0.143.0/24', '10.0.255.0/24'],
    prefixLength: 28,
    within: '10.0.128.0/20',
    azIds: ['use1-az1'],
    expected: [['use1-az1', '10.0.142.240/28']],
  },
  {
    name: 'within: a range larger than the VPC is clipped to the VPC blocks',
    vpcBlocks: ['10.0.0.0/24'],
    existingSubnets: [],
    prefixLength: 28,
    within: '10.0.0.0/8',
    azIds: ['use1-az1'],
    expected: [['use1-az1', '10.0.0.240/28']],
  },
  {
    name: 'within: a range inside a secondary block',
    vpcBlocks: ['10.0.0.0/16', '10.1.0.0/16'],
    existingSubnets: [],
    prefixLength: 28,
    within: '10.1.0.0/24',
    azIds: ['use1-az1'],
    expected: [['use1-az1', '10.1.0.240/28']],
  },
  {
    // Sorted as text, "10.0.20.0/24" comes before "10.0.3.0/24"; a sweep over that order would see phantom gaps.
    name: 'regression: subnets are ordered by number, not by text',
    vpcBlocks: ['10.0.0.0/19'],
    existingSubnets: [
      '10.0.3.0/24', '10.0.20.0/24', '10.0.0.0/23', '10.0.4.0/22', '10.0.8.0/21',
      '10.0.16.0/22', '10.0.21.0/24', '10.0.22.0/23', '10.0.24.0/21',
    ],
    prefixLength: 24,
    azIds: ['use1-az1'],
    expected: [['use1-az1', '10.0.2.0/24']],
  },
  {
    name: 'regression: 10.0.2.0/23 does not contain 10.0.20.0/24, so the /24 beside it is free',
    vpcBlocks: ['10.0.0.0/19'],
    existingSubnets: ['10.0.0.0/23', '10.0.2.0/23', '10.0.4.0/22', '10.0.8.0/21', '10.0.16.0/22', '10.0.21.0/24', '10.0.22.0/23', '10.0.24.0/21'],
    prefixLength: 24,
    azIds: ['use1-az1'],
    expected: [['use1-az1', '10.0.20.0/24']],
  },
  {
    name: 'IPv6 VPC blocks and subnets are ignored',
    vpcBlocks: ['2600:1f18:abc:de00::/56', '10.0.0.0/24'],
    existingSubnets: ['2600:1f18:abc:deff::/64', '10.0.0.0/25'],
    prefixLength: 28,
    azIds: ['use1-az1'],
    expected: [['use1-az1', '10.0.0.240/28']],
  },
  {
    name: 'duplicate AZ ids get one block',
    vpcBlocks: ['10.0.0.0/24'],
    existingSubnets: [],
    prefixLength: 28,
    azIds: ['use1-az1', 'use1-az1'],
    expected: [['use1-az1', '10.0.0.240/28']],
  },
  {
    name: 'preferred: the application subnets\' primary block, not the roomier-looking secondary one',
    vpcBlocks: ['10.0.0.0/16', '100.64.0.0/22'],
    existingSubnets: ['10.0.0.0/20', '10.0.16.0/20'],
    prefixLength: 28,
    preferredBlocks: ['10.0.0.0/16'],
    azIds: AZS,
    expected: [['use1-az1', '10.0.255.240/28'], ['use1-az2', '10.0.255.224/28'], ['use1-az3', '10.0.255.208/28']],
  },
  {
    name: 'preferred: best fit inside the preferred blocks only (the small secondary hole waits)',
    vpcBlocks: ['10.0.0.0/16', '100.64.0.0/27'],
    existingSubnets: [],
    prefixLength: 28,
    preferredBlocks: ['10.0.0.0/16'],
    azIds: ['use1-az1'],
    expected: [['use1-az1', '10.0.255.240/28']],
  },
  {
    name: 'preferred: a full application block sends the later AZs (sorted) to the other blocks',
    vpcBlocks: ['10.0.0.0/24', '100.64.0.0/22'],
    existingSubnets: ['10.0.0.0/25', '10.0.0.128/26', '10.0.0.192/27'],
    prefixLength: 28,
    preferredBlocks: ['10.0.0.0/24'],
    azIds: AZS,
    expected: [['use1-az1', '10.0.0.240/28'], ['use1-az2', '10.0.0.224/28'], ['use1-az3', '100.64.3.240/28']],
  },
  {
    name: 'preferred: several application blocks are one pool, best fit across them',
    vpcBlocks: ['10.0.0.0/16', '10.1.0.0/24', '100.64.0.0/22'],
    existingSubnets: ['10.1.0.0/25'],
    prefixLength: 28,
    preferredBlocks: ['10.1.0.0/24', '10.0.0.0/16'],
    azIds: ['use1-az1'],
    expected: [['use1-az1', '10.1.0.240/28']],
  },
  {
    name: 'preferred: ignored when CidrRange (within) is given',
    vpcBlocks: ['10.0.0.0/16', '100.64.0.0/22'],
    existingSubnets: [],
    prefixLength: 28,
    within: '100.64.0.0/24',
    preferredBlocks: ['10.0.0.0/16'],
    azIds: ['use1-az1'],
    expected: [['use1-az1', '100.64.0.240/28']],
  },
  {
    name: 'preferred: a block not in the VPC is ignored',
    vpcBlocks: ['10.0.0.0/24'],
    existingSubnets: [],
    prefixLength: 28,
    preferredBlocks: ['192.168.0.0/16'],
    azIds: ['use1-az1'],
    expected: [['use1-az1', '10.0.0.240/28']],
  },
  {
    name: 'no AZs: nothing to carve, even in a full VPC',
    vpcBlocks: ['10.0.0.0/24'],
    existingSubnets: ['10.0.0.0/24'],
    prefixLength: 28,
    azIds: [],
    expected: [],
  },
];

describe('carveEndpointBlocks', () => {
  it.each(cases)('$name', ({ vpcBlocks, existingSubnets, prefixLength, azIds, within, preferredBlocks, expected }) => {
    const blocks = carveEndpointBlocks({ vpcBlocks, existingSubnets, prefixLength, azIds, within, preferredBlocks });

    expect([...blocks.entries()]).toEqual(expected);
  });

  it('serves AZs in sorted order whatever order they are given in', () => {
    const input = { vpcBlocks: ['10.0.0.0/16'], existingSubnets: [], prefixLength: 28 };

    const blocks = carveEndpointBlocks({ ...input, azIds: ['use1-az3', 'use1-az1', 'use1-az2'] });

    expect([...blocks.entries()]).toEqual([
      ['use1-az1', '10.0.255.240/28'],
      ['use1-az2', '10.0.255.224/28'],
      ['use1-az3', '10.0.255.208/28'],
    ]);
  });

  // DescribeVpcs names the primary block both in CidrBlock and in CidrBlockAssociationSet: a duplicate must not make
  // room twice, or two AZs would get the same block (and the second CreateSubnet would fail on the overlap).
  it('never hands out one block twice when a VPC block is listed twice', () => {
    const input = { vpcBlocks: ['10.0.0.0/26', '10.0.0.0/26'], existingSubnets: ['10.0.0.0/27', '10.0.0.32/28'], prefixLength: 28 };

    expect([...carveEndpointBlocks({ ...input, azIds: ['use1-az1'] }).entries()]).toEqual([['use1-az1', '10.0.0.48/28']]);
    expect(() => carveEndpointBlocks({ ...input, azIds: AZS.slice(0, 2) })).toThrow(CidrExhaustedError);
  });

  it('gives the same blocks for the same VPC described in another order', () => {
    const vpcBlocks = ['10.0.0.0/16', '100.64.0.0/24', '10.1.0.0/20'];
    const existingSubnets = ['100.64.0.0/26', '10.0.3.0/24', '10.1.15.0/24', '10.0.20.0/24', '100.64.0.128/28'];

    const forward = carveEndpointBlocks({ vpcBlocks, existingSubnets, prefixLength: 27, azIds: AZS });
    const backward = carveEndpointBlocks({
      vpcBlocks: [...vpcBlocks].reverse(),
      existingSubnets: [...existingSubnets].reverse(),
      prefixLength: 27,
      azIds: [...AZS].reverse(),
    });

    expect([...backward.entries()]).toEqual([...forward.entries()]);
  });
});

describe('carveEndpointBlocks when space runs out', () => {
  it.each([
    {
      name: 'a full VPC has no free block at all',
      vpcBlocks: ['10.0.0.0/24'],
      existingSubnets: ['10.0.0.0/25', '10.0.0.128/25'],
      prefixLength: 28,
      azIds: ['use1-az1'],
      within: undefined,
      failingAz: 'use1-az1',
      largest: undefined,
    },
    {
      name: 'only smaller blocks are free',
      vpcBlocks: ['10.0.0.0/24'],
      existingSubnets: ['10.0.0.0/25', '10.0.0.128/26', '10.0.0.224/27'],
      prefixLength: 26,
      azIds: ['use1-az1'],
      within: undefined,
      failingAz: 'use1-az1',
      largest: '10.0.0.192/27',
    },
    {
      name: 'a gap as long as the block but not aligned for it',
      vpcBlocks: ['10.0.0.0/24'],
      existingSubnets: ['10.0.0.0/28', '10.0.0.48/28', '10.0.0.64/26', '10.0.0.128/25'],
      prefixLength: 27,
      azIds: ['use1-az1'],
      within: undefined,
      failingAz: 'use1-az1',
      largest: '10.0.0.16/28',
    },
    {
      name: 'the third AZ (in sorted order) when only two blocks fit',
      vpcBlocks: ['10.0.0.0/26'],
      existingSubnets: ['10.0.0.0/27'],
      prefixLength: 28,
      azIds: ['use1-az3', 'use1-az1', 'use1-az2'],
      within: undefined,
      failingAz: 'use1-az3',
      largest: '10.0.0.32/27',
    },
    {
      name: 'the second AZ after the first took the remnant of an unaligned gap',
      vpcBlocks: ['10.0.0.0/24'],
      existingSubnets: ['10.0.0.0/28', '10.0.0.64/26', '10.0.0.128/25'],
      prefixLength: 27,
      azIds: ['use1-az1', 'use1-az2'],
      within: undefined,
      failingAz: 'use1-az2',
      largest: '10.0.0.32/27',
    },
    {
      name: 'a block never straddles two adjacent VPC blocks',
      vpcBlocks: ['10.0.0.0/17', '10.0.128.0/17'],
      existingSubnets: [],
      prefixLength: 16,
      azIds: ['use1-az1'],
      within: undefined,
      failingAz: 'use1-az1',
      largest: '10.0.0.0/17',
    },
    {
      name: 'within a range that is full, although the VPC has room elsewhere',
      vpcBlocks: ['10.0.0.0/16'],
      existingSubnets: ['10.0.128.0/24'],
      prefixLength: 28,
      azIds: ['use1-az1'],
      within: '10.0.128.0/24',
      failingAz: 'use1-az1',
      largest: undefined,
    },
    {
      name: 'within a range outside every VPC block',
      vpcBlocks: ['10.0.0.0/16'],
      existingSubnets: [],
      prefixLength: 28,
      azIds: ['use1-az1'],
      within: '192.168.0.0/16',
      failingAz: 'use1-az1',
      largest: undefined,
    },
  ])('names the AZ and the largest free block: $name', ({ vpcBlocks, existingSubnets, prefixLength, azIds, within, failingAz, largest }) => {
    const carve = () => carveEndpointBlocks({ vpcBlocks, existingSubnets, prefixLength, azIds, within });

    expect(carve).toThrow(CidrExhaustedError);
    expect(carve).toThrow(expect.objectContaining({ azId: failingAz, prefixLength, largestFreeBlock: largest }));
    expect(carve).toThrow(failingAz);
  });

  it.each([
    ['10.0.0.0/24', ['10.0.0.0/24'], 28, 'no free address space at all'],
    ['10.0.0.0/24', ['10.0.0.0/25', '10.0.0.128/26', '10.0.0.224/27'], 26, 'the largest free block is 10.0.0.192/27. Set SubnetPrefixLength to /27 or longer'],
    ['10.0.0.0/27', [], 28, 'the free space (largest block 10.0.0.0/27) does not hold one /28 block per AZ'],
  ])('explains what the user can do (VPC %s, subnets %j, /%i)', (vpcBlock, existingSubnets, prefixLength, advice) => {
    const carve = () => carveEndpointBlocks({ vpcBlocks: [vpcBlock], existingSubnets, prefixLength, azIds: AZS });

    expect(carve).toThrow(advice);
  });

  it('is a terminal user-input error', () => {
    const carve = () => carveEndpointBlocks({ vpcBlocks: ['10.0.0.0/28'], existingSubnets: ['10.0.0.0/28'], prefixLength: 28, azIds: AZS });

    expect(carve).toThrow(expect.objectContaining({ terminal: true, name: 'CidrExhaustedError' }));
  });
});

describe('carveEndpointBlocks input validation', () => {
  const vpc = { vpcBlocks: ['10.0.0.0/16'], existingSubnets: [], azIds: AZS };

  it.each([15, 29, 32, 0, 27.5, Number.NaN])('rejects prefix length %p as outside the AWS subnet sizes', (prefixLength) => {
    const carve = () => carveEndpointBlocks({ ...vpc, prefixLength });

    expect(carve).toThrow(InvalidPropertiesError);
    expect(carve).toThrow(/SubnetPrefixLength must be an integer from 16 to 28/);
  });

  it.each([
    ['2600:1f18:abc:de00::/56', /CidrRange must be an IPv4 CIDR block/],
    ['10.0.0.1/24', /CidrRange must be an IPv4 CIDR block without host bits/],
    ['not a cidr', /CidrRange must be an IPv4 CIDR block/],
    ['10.0.0.0/29', /CidrRange "10.0.0.0\/29" is smaller than one \/28 endpoint subnet/],
  ])('rejects within %s', (within, message) => {
    const carve = () => carveEndpointBlocks({ ...vpc, prefixLength: 28, within });

    expect(carve).toThrow(InvalidPropertiesError);
    expect(carve).toThrow(message);
  });

  it('lists every problem at once', () => {
    const carve = () => carveEndpointBlocks({ ...vpc, prefixLength: 30, within: '2600::/64' });

    expect(carve).toThrow(expect.objectContaining({ problems: [expect.stringContaining('SubnetPrefixLength'), expect.stringContaining('CidrRange')] }));
  });

  it.each([
    [{ ...vpc, vpcBlocks: ['10.0.0.0/33'] }],
    [{ ...vpc, existingSubnets: ['10.0.0.1/24'] }],
  ])('throws TypeError on malformed observed CIDRs', (input) => {
    expect(() => carveEndpointBlocks({ ...input, prefixLength: 28 })).toThrow(TypeError);
  });
});
