import { carveIpv6Blocks } from '../../lib/cidr';
import { CidrExhaustedError } from '../../lib/errors';

const VPC_56 = '2600:1f18:abc:de00::/56';
const AZS = ['use1-az1', 'use1-az2', 'use1-az3'];

/** The n-th /64 of the test VPC's /56. */
function slash64(index: number): string {
  return `2600:1f18:abc:de${index.toString(16).padStart(2, '0')}::/64`;
}

describe('carveIpv6Blocks', () => {
  it.each([
    {
      name: 'an empty /56: /64s from the top down',
      vpcBlocks: [VPC_56],
      existingSubnets: [],
      expected: [['use1-az1', '2600:1f18:abc:deff::/64'], ['use1-az2', '2600:1f18:abc:defe::/64'], ['use1-az3', '2600:1f18:abc:defd::/64']],
    },
    {
      name: 'existing /64s are avoided, and a one-/64 hole is filled first',
      vpcBlocks: [VPC_56],
      existingSubnets: [slash64(0), slash64(1), slash64(3), slash64(0xff)],
      expected: [['use1-az1', '2600:1f18:abc:de02::/64'], ['use1-az2', '2600:1f18:abc:defe::/64'], ['use1-az3', '2600:1f18:abc:defd::/64']],
    },
    {
      name: 'upper-case input gives canonical lower-case output',
      vpcBlocks: ['2600:1F18:ABC:DE00::/56'],
      existingSubnets: ['2600:1F18:ABC:DEFF::/64'],
      expected: [['use1-az1', '2600:1f18:abc:defe::/64'], ['use1-az2', '2600:1f18:abc:defd::/64'], ['use1-az3', '2600:1f18:abc:defc::/64']],
    },
    {
      name: 'IPv4 blocks and subnets are ignored',
      vpcBlocks: ['10.0.0.0/16', VPC_56],
      existingSubnets: ['10.0.0.0/24', slash64(0xff), slash64(0xfe)],
      expected: [['use1-az1', '2600:1f18:abc:defd::/64'], ['use1-az2', '2600:1f18:abc:defc::/64'], ['use1-az3', '2600:1f18:abc:defb::/64']],
    },
  ])('$name', ({ vpcBlocks, existingSubnets, expected }) => {
    const blocks = carveIpv6Blocks({ vpcBlocks, existingSubnets, azIds: [...AZS].reverse() });

    expect([...blocks.entries()]).toEqual(expected);
  });

  it('serves exactly the last free /64', () => {
    const taken = Array.from({ length: 256 }, (_, index) => slash64(index)).filter((cidr) => cidr !== slash64(0x42));

    const blocks = carveIpv6Blocks({ vpcBlocks: [VPC_56], existingSubnets: taken, azIds: ['use1-az1'] });

    expect([...blocks.entries()]).toEqual([['use1-az1', '2600:1f18:abc:de42::/64']]);
  });

  it.each([
    ['a VPC without an IPv6 block', ['10.0.0.0/16'], [], 'use1-az1', undefined, /associate an IPv6 CIDR block/],
    ['a /56 with all 256 /64s taken', [VPC_56], Array.from({ length: 256 }, (_, index) => slash64(index)), 'use1-az1', undefined, /no free address space/],
    ['a /56 with two /64s left', [VPC_56], Array.from({ length: 254 }, (_, index) => slash64(index)), 'use1-az3', '2600:1f18:abc:defe::/63', /does not hold one \/64 block per AZ/],
  ])('throws CidrExhaustedError for %s', (_name, vpcBlocks, existingSubnets, failingAz, largest, message) => {
    const carve = () => carveIpv6Blocks({ vpcBlocks, existingSubnets, azIds: AZS });

    expect(carve).toThrow(CidrExhaustedError);
    expect(carve).toThrow(expect.objectContaining({ azId: failingAz, prefixLength: 64, largestFreeBlock: largest }));
    expect(carve).toThrow(message);
    expect(carve).not.toThrow(/SubnetPrefixLength/);
  });
});
