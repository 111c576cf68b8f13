import { cidrContains, cidrSize, cidrsOverlap, compareCidrs, formatCidr, isAligned, parseCidr, type IpVersion } from '../../lib/cidr';

describe('cidrSize', () => {
  it.each([
    ['10.0.0.0/28', 16n],
    ['10.0.0.0/16', 65_536n],
    ['0.0.0.0/0', 4_294_967_296n],
    ['10.0.0.1/32', 1n],
    ['2600:1f18:abc:de00::/56', 1n << 72n],
    ['2600:1f18:abc:de00::/64', 1n << 64n],
  ])('%s has %s addresses', (text, size) => {
    expect(cidrSize(parseCidr(text))).toBe(size);
  });
});

describe('cidrContains', () => {
  it.each([
    ['10.0.0.0/16', '10.0.2.0/23', true],
    ['10.0.0.0/16', '10.0.0.0/16', true],
    ['0.0.0.0/0', '255.255.255.255/32', true],
    ['10.0.2.0/23', '10.0.3.240/28', true],
    // String-comparison regressions: "10.0.2" is a textual prefix of "10.0.20", not a numeric one.
    ['10.0.2.0/23', '10.0.20.0/24', false],
    ['10.0.2.0/24', '10.0.20.0/24', false],
    ['10.0.2.0/24', '10.0.2.0/23', false],
    ['10.0.0.0/8', '11.0.0.0/8', false],
    ['10.0.0.0/16', '10.1.0.0/28', false],
    // An inner block that starts below the outer one but ends inside it.
    ['10.0.1.0/24', '10.0.0.0/24', false],
    ['10.0.1.0/24', '10.0.0.0/23', false],
    ['2600:1f18:abc:de00::/56', '2600:1f18:abc:deff::/64', true],
    ['2600:1f18:abc:de00::/56', '2600:1f18:abc:df00::/64', false],
    // Families never contain each other, even where the numbers would.
    ['::/0', '10.0.0.0/8', false],
    ['0.0.0.0/0', '::/128', false],
  ])('%s contains %s: %s', (outer, inner, expected) => {
    expect(cidrContains(parseCidr(outer), parseCidr(inner))).toBe(expected);
  });
});

describe('cidrsOverlap', () => {
  it.each([
    ['10.0.2.0/23', '10.0.3.0/24', true],
    ['10.0.0.0/8', '10.1.0.0/16', true],
    ['10.0.0.0/24', '10.0.0.0/24', true],
    ['10.0.2.0/23', '10.0.20.0/24', false],
    ['10.0.2.0/24', '10.0.3.0/24', false],
    ['10.0.0.240/28', '10.0.1.0/28', false],
    ['2600:1f18:abc:de00::/56', '2600:1f18:abc:de80::/57', true],
    ['2600:1f18:abc:de00::/64', '2600:1f18:abc:de01::/64', false],
    ['::/0', '0.0.0.0/0', false],
  ])('%s and %s overlap: %s (either way round)', (a, b, expected) => {
    expect(cidrsOverlap(parseCidr(a), parseCidr(b))).toBe(expected);
    expect(cidrsOverlap(parseCidr(b), parseCidr(a))).toBe(expected);
  });
});

describe('isAligned', () => {
  const ipv6Vpc = 0x2600_1f18_0abc_de00n << 64n;
  it.each<[string, bigint, number, IpVersion, boolean]>([
    ['10.0.0.16 as a /28', 0x0a00_0010n, 28, 4, true],
    ['10.0.0.16 as a /27', 0x0a00_0010n, 27, 4, false],
    ['10.0.2.0 as a /23', 0x0a00_0200n, 23, 4, true],
    ['10.0.2.0 as a /22', 0x0a00_0200n, 22, 4, false],
    ['0.0.0.0 as a /0', 0n, 0, 4, true],
    ['0.0.0.1 as a /0', 1n, 0, 4, false],
    ['any address as a /32', 0x0a00_0001n, 32, 4, true],
    ['a prefix above 32 for IPv4', 0n, 33, 4, false],
    ['a negative prefix', 0n, -1, 4, false],
    ['a fractional prefix', 0n, 27.5, 4, false],
    ['a negative address', -16n, 28, 4, false],
    ['2^32 as IPv4', 1n << 32n, 32, 4, false],
    ['2^32 as an IPv6 /96', 1n << 32n, 96, 6, true],
    ['2^32 as an IPv6 /97', 1n << 32n, 97, 6, true],
    ['2^32 as an IPv6 /95', 1n << 32n, 95, 6, false],
    ['the /56 of a VPC', ipv6Vpc, 56, 6, true],
    ['the /56 of a VPC as a /54', ipv6Vpc, 54, 6, false],
    ['2^128 as IPv6', 1n << 128n, 0, 6, false],
  ])('%s: %s', (_label, network, prefixLength, version, expected) => {
    expect(isAligned(network, prefixLength, version)).toBe(expected);
  });
});

describe('compareCidrs', () => {
  it('sorts numerically, larger block first on the same address, IPv4 before IPv6', () => {
    const input = ['10.0.20.0/24', '::/0', '10.0.3.0/24', '10.0.2.0/24', '9.0.0.0/8', '10.0.2.0/23', '10.0.0.0/16', '100.64.0.0/16'];

    const sorted = input.map(parseCidr).sort(compareCidrs).map(formatCidr);

    expect(sorted).toEqual(['9.0.0.0/8', '10.0.0.0/16', '10.0.2.0/23', '10.0.2.0/24', '10.0.3.0/24', '10.0.20.0/24', '100.64.0.0/16', '::/0']);
  });

  it.each([
    ['10.0.2.0/23', '10.0.20.0/24', -1],
    ['10.0.20.0/24', '10.0.3.0/24', 1],
    ['10.0.0.0/16', '10.0.0.0/24', -1],
    ['10.0.0.0/24', '10.0.0.0/24', 0],
    ['255.255.255.255/32', '::/0', -1],
  ])('compares %s with %s as %i', (a, b, sign) => {
    expect(Math.sign(compareCidrs(parseCidr(a), parseCidr(b)))).toBe(sign);
    expect(Math.sign(compareCidrs(parseCidr(b), parseCidr(a)))).toBe(0 - sign);
  });
});
