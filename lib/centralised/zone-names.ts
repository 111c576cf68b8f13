/**
 * Which private hosted zones a hub needs for a service, and which alias records go in each, read from the service's
 * private DNS names as `DescribeVpcEndpointServices` reports them — never from a hand-kept table, because the names do
 * not follow one pattern: ECR's registry names are `*.dkr.ecr.<region>.amazonaws.com` (a wildcard), EKS Auth lives
 * under `api.aws` (aws-facts, "Interface endpoints").
 *
 * A name `a.b.c` gives the zone `a.b.c` with an alias at its apex; `*.a.b.c` gives the same zone with an apex alias and a
 * `*` wildcard alias (the apex answers the bare name, the wildcard every name below it). Names are compared and
 * returned in lower case, without the trailing dot (Route 53 treats names case-insensitively and adds the dot itself).
 *
 * Pure: no I/O, no AWS SDK.
 */
import type { IpAddressType } from '../properties/spec';

/** The records of one zone: where they are (the apex, the wildcard) and their types. */
export interface HubZoneRecords {
  /** The zone's name, lower case, no trailing dot: `dkr.ecr.eu-west-1.amazonaws.com`. */
  readonly zoneName: string;
  /** Fully qualified record names, no trailing dot: the apex first, then `*.<zone>` when the service has a wildcard. */
  readonly recordNames: readonly string[];
  /** `A`, and `AAAA` when the endpoint answers over IPv6 too. */
  readonly recordTypes: readonly ('A' | 'AAAA')[];
}

/** A service whose zones are planned, with the names it was read from. */
export interface ServiceDnsNames {
  /** The service as the user wrote it (`ecr.dkr`), for messages. */
  readonly service: string;
  /** `PrivateDnsNames` (or `PrivateDnsName`) from the catalogue, as reported; empty when the service has none. */
  readonly privateDnsNames: readonly string[];
}

const WILDCARD_PREFIX = '*.';

/**
 * The zones a hub creates for one service: one per distinct name (after taking off a leading `*.`), in the order the
 * catalogue lists them; a name given both bare and as a wildcard is one zone with both records.
 *
 * @example
 * hubZonesFor(['*.dkr.ecr.eu-west-1.amazonaws.com'], 'ipv4')
 * // => [{ zoneName: 'dkr.ecr.eu-west-1.amazonaws.com',
 * //       recordNames: ['dkr.ecr.eu-west-1.amazonaws.com', '*.dkr.ecr.eu-west-1.amazonaws.com'], recordTypes: ['A'] }]
 */
export function hubZonesFor(privateDnsNames: readonly string[], ipAddressType: IpAddressType): HubZoneRecords[] {
  const wildcards = new Map<string, boolean>();
  for (const written of privateDnsNames) {
    const name = written.trim().toLowerCase().replace(/\.$/, '');
    if (name === '' || name === '*') continue;
    const wildcard = name.startsWith(WILDCARD_PREFIX);
    const zoneName = wildcard ? name.slice(WILDCARD_PREFIX.length) : name;
    wildcards.set(zoneName, (wildcards.get(zoneName) ?? false) || wildcard);
  }
  const recordTypes = aliasRecordTypes(ipAddressType);
  return [...wildcards].map(([zoneName, wildcard]) => ({
    zoneName,
    recordNames: wildcard ? [zoneName, `${WILDCARD_PREFIX}${zoneName}`] : [zoneName],
    recordTypes,
  }));
}

/**
 * The alias record types for an endpoint of this IP address type: `A` always (the brief of the hub: an IPv4 client must
 * resolve), and `AAAA` too when the endpoint has IPv6 addresses (`dualstack`, `ipv6`), whose regional DNS name then
 * answers AAAA queries.
 */
export function aliasRecordTypes(ipAddressType: IpAddressType): ('A' | 'AAAA')[] {
  return ipAddressType === 'ipv4' ? ['A'] : ['A', 'AAAA'];
}

/**
 * Why services cannot be centralised: each has no private DNS name in the catalogue, so no zone name can be read
 * for it (DynamoDB's interface endpoint is reported so). Empty when every service has one. One sentence naming them all,
 * for a FAILED before any write.
 *
 * @example
 * servicesWithoutZoneNames([{ service: 'dynamodb', privateDnsNames: [] }])
 * // => ['DnsMode "HostedZones" needs a private DNS name for every interface service, and … "dynamodb" …']
 */
export function servicesWithoutZoneNames(services: readonly ServiceDnsNames[]): string[] {
  const missing = services.filter((entry) => hubZonesFor(entry.privateDnsNames, 'ipv4').length === 0).map((entry) => `"${entry.service}"`);
  if (missing.length === 0) return [];
  return [
    `DnsMode "HostedZones" needs a private DNS name for every interface service, and DescribeVpcEndpointServices reports none for ` +
      `${missing.join(', ')}: no hosted zone can be named for ${missing.length === 1 ? 'it' : 'them'}. Remove ${missing.length === 1 ? 'it' : 'them'} ` +
      'from InterfaceServices (or serve them from a per-VPC resource with DnsMode "PrivateDns").',
  ];
}
