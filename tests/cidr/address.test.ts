import { formatCidr, parseCidr, tryParseCidr, type Cidr } from '../../lib/cidr';

const IPV6_VPC_NETWORK = 0x2600_1f18_0abc_de00n << 64n;

describe('parseCidr', () => {
  it.each<[string, Cidr]>([
    ['10.0.0.0/16', { version: 4, network: 0x0a00_0000n, prefixLength: 16 }],
    ['0.0.0.0/0', { version: 4, network: 0n, prefixLength: 0 }],
    ['255.255.255.255/32', { version: 4, network: 0xffff_ffffn, prefixLength: 32 }],
    ['192.168.1.128/25', { version: 4, network: 0xc0a8_0180n, prefixLength: 25 }],
    ['100.64.0.0/10', { version: 4, network: 0x6440_0000n, prefixLength: 10 }],
    ['2600:1f18:abc:de00::/56', { version: 6, network: IPV6_VPC_NETWORK, prefixLength: 56 }],
    ['2600:1F18:0ABC:DE00:0000:0000:0000:0000/56', { version: 6, network: IPV6_VPC_NETWORK, prefixLength: 56 }],
    ['::/0', { version: 6, network: 0n, prefixLength: 0 }],
    ['::1/128', { version: 6, network: 1n, prefixLength: 128 }],
    ['1:2:3:4:5:6:7::/128', { version: 6, network: 0x0001_0002_0003_0004_0005_0006_0007_0000n, prefixLength: 128 }],
    ['::2:3:4:5:6:7:8/128', { version: 6, network: 0x0000_0002_0003_0004_0005_0006_0007_0008n, prefixLength: 128 }],
    ['::ffff:10.0.0.0/104', { version: 6, network: 0xffff_0a00_0000n, prefixLength: 104 }],
    ['64:ff9b::192.0.2.0/120', { version: 6, network: (0x0064_ff9bn << 96n) | 0xc000_0200n, prefixLength: 120 }],
  ])('parses %s', (text, expected) => {
    expect(parseCidr(text)).toEqual(expected);
    expect(tryParseCidr(text)).toEqual(expected);
  });

  it.each([
    ['', 'empty text'],
    ['10.0.0.0', 'no prefix'],
    ['10.0.0.0/', 'empty prefix'],
    ['/16', 'empty address'],
    ['10.0.0/16', 'three octets'],
    ['10.0.0.0.0/16', 'five octets'],
    ['256.0.0.0/8', 'octet above 255'],
    ['010.0.0.0/8', 'leading zero in an octet'],
    ['10.0.0.0/33', 'IPv4 prefix above 32'],
    ['10.0.0.0/016', 'leading zero in the prefix'],
    ['10.0.0.0/-1', 'negative prefix'],
    ['10.0.0.0/1e1', 'prefix in exponent notation'],
    [' 10.0.0.0/16', 'leading space'],
    ['10.0.0.0/16 ', 'trailing space'],
    ['10.0.0.0/16/1', 'two slashes'],
    ['a.b.c.d/8', 'letters in IPv4'],
    ['1:2:3:4:5:6:7:8:9/128', 'nine groups'],
    ['1:2:3:4:5:6:7/128', 'seven groups without ::'],
    ['1:2:3:4:5:6:7:8::/128', 'eight groups and ::'],
    ['1::2::3/128', 'two ::'],
    ['12345::/16', 'group of five digits'],
    ['g::/16', 'non-hex group'],
    [':1::/16', 'single leading colon'],
    ['1:/16', 'single trailing colon'],
    ['::/129', 'IPv6 prefix above 128'],
    ['fe80::1%eth0/128', 'zone index'],
    ['1.2.3.4::/128', 'embedded IPv4 before ::'],
    ['::1.2.3.4:5/128', 'embedded IPv4 not last'],
    ['::256.0.0.0/128', 'embedded IPv4 octet above 255'],
  ])('rejects %j (%s)', (text) => {
    expect(() => parseCidr(text)).toThrow(TypeError);
    expect(tryParseCidr(text)).toBeUndefined();
  });

  it.each([
    ['10.0.0.1/24', '10.0.0.0/24'],
    ['10.0.2.0/22', '10.0.0.0/22'],
    ['10.0.0.16/27', '10.0.0.0/27'],
    ['2600:1f18::1/64', '2600:1f18::/64'],
    ['2600:1f18:abc:de01::/56', '2600:1f18:abc:de00::/56'],
  ])('rejects %s because host bits are set, suggesting %s', (text, suggestion) => {
    expect(() => parseCidr(text)).toThrow(/host bits/);
    expect(() => parseCidr(text)).toThrow(suggestion);
    expect(tryParseCidr(text)).toBeUndefined();
  });

  it('names the text in its error', () => {
    expect(() => parseCidr('10.0.0/16')).toThrow('"10.0.0/16"');
  });

  it('rejects a value that is not a string', () => {
    expect(() => parseCidr(42 as unknown as string)).toThrow(TypeError);
  });

  // The explanation ends up in a FAILED reason when a template's CIDR is wrong: each says what to fix.
  it.each([
    [42, 'Invalid CIDR 42: not a string.'],
    ['10.0.0.0', 'Invalid CIDR "10.0.0.0": expected an address, a slash and a prefix length.'],
    ['10.0.0/16', 'Invalid CIDR "10.0.0/16": "10.0.0" is not a valid IPv4 address.'],
    ['2600:g::/56', 'Invalid CIDR "2600:g::/56": "2600:g::" is not a valid IPv6 address.'],
    ['10.0.0.0/33', 'Invalid CIDR "10.0.0.0/33": "33" is not a prefix length between 0 and 32.'],
    ['2600::/129', 'Invalid CIDR "2600::/129": "129" is not a prefix length between 0 and 128.'],
    ['10.0.0.1/24', 'Invalid CIDR "10.0.0.1/24": host bits are set below /24 (did you mean 10.0.0.0/24?).'],
  ])('explains %j exactly', (text, message) => {
    expect(() => parseCidr(text as string)).toThrow(new TypeError(message));
  });

  it('reads an embedded IPv4 address that closes a full eight-group address (no ::)', () => {
    expect(parseCidr('0:0:0:0:0:ffff:10.0.0.0/104')).toEqual({ version: 6, network: 0xffff_0a00_0000n, prefixLength: 104 });
  });
});

describe('formatCidr', () => {
  it.each([
    ['10.0.0.0/16', '10.0.0.0/16'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['255.255.255.240/28', '255.255.255.240/28'],
    ['2600:1F18:0ABC:DE00:0000:0000:0000:0000/56', '2600:1f18:abc:de00::/56'],
    ['2001:0db8:0000:0000:0000:0000:0000:0000/32', '2001:db8::/32'],
    ['0:0:0:0:0:0:0:0/0', '::/0'],
    ['0:0:0:0:0:0:0:1/128', '::1/128'],
    ['1:0:0:0:0:0:0:0/16', '1::/16'],
    // The longest zero run is compressed, not the first one.
    ['2001:db8:0:0:1:0:0:0/128', '2001:db8:0:0:1::/128'],
    // On a tie the first run is compressed.
    ['2001:db8:0:0:1:0:0:1/128', '2001:db8::1:0:0:1/128'],
    // A single zero group is never compressed.
    ['2001:db8:0:1:1:1:1:1/128', '2001:db8:0:1:1:1:1:1/128'],
    ['1:2:3:4:5:6:7::/128', '1:2:3:4:5:6:7:0/128'],
    ['::ffff:10.0.0.0/104', '::ffff:a00:0/104'],
  ])('formats %s as %s', (input, canonical) => {
    expect(formatCidr(parseCidr(input))).toBe(canonical);
  });
});
