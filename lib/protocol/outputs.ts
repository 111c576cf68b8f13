import type { ConvergeOutcome } from '../reconcile';

/**
 * Every output the README documents, as written in its Outputs table; `<service>` stands for a requested service's
 * short name. Each is answered on every SUCCESS (an empty string when there is nothing to say), so `Fn::GetAtt` on any
 * of them never fails a stack — unless the 4096-byte limit forces trimming, in the order of {@link trimOrder}.
 */
export const DOCUMENTED_OUTPUTS = [
  'SubnetIds',
  'SubnetCidrs',
  'SubnetIpv6Cidrs',
  'AvailabilityZoneIds',
  'SecurityGroupId',
  'EndpointIds',
  'EndpointId.<service>',
  'DnsName.<service>',
  'GatewayEndpointId.<service>',
  'PrefixListId.<service>',
  'ReusedEndpointIds',
  'HubId',
  'HostedZoneId.<service>',
  'Notes',
] as const;

/**
 * The outputs kept longest when the answer must be trimmed, most important first: the lists a template wires into
 * other resources. They are bounded (one subnet per AZ, at most 50 interface endpoints), so they always fit.
 */
export const ESSENTIAL_OUTPUTS = [
  'SubnetIds',
  'SubnetCidrs',
  'SecurityGroupId',
  'EndpointIds',
  'AvailabilityZoneIds',
  'SubnetIpv6Cidrs',
  'ReusedEndpointIds',
  'HubId',
] as const;

/**
 * The response's Data, read with `Fn::GetAtt`: lists are comma-separated, in AZ-ID order for the subnets and in the order
 * of InterfaceServices then GatewayServices for endpoints. Per requested service (`<name>` is the short service name,
 * e.g. `ecr.dkr`): `EndpointId.<name>` and `DnsName.<name>` for interface services (a reused endpoint's too),
 * `GatewayEndpointId.<name>` and `PrefixListId.<name>` for gateway services; `HostedZoneId.<name>` (a hub's zone for the
 * service) for interface services and `HubId` once (a hub's ID). Every key is present; a value is empty
 * when there is nothing (no IPv6, no notes, no reused endpoint, a service without an endpoint or DNS name).
 */
export function responseData(outcome: ConvergeOutcome): Record<string, string> {
  const hasIpv6 = outcome.subnets.some((subnet) => subnet.ipv6Cidr);
  const data: Record<string, string> = {
    SubnetIds: outcome.subnets.map((subnet) => subnet.subnetId).join(','),
    SubnetCidrs: outcome.subnets.map((subnet) => subnet.cidr).join(','),
    // Position for position with SubnetIds: a subnet made while IpAddressType was ipv4 has an empty item, not none.
    SubnetIpv6Cidrs: hasIpv6 ? outcome.subnets.map((subnet) => subnet.ipv6Cidr ?? '').join(',') : '',
    AvailabilityZoneIds: outcome.subnets.map((subnet) => subnet.azId).join(','),
    SecurityGroupId: outcome.securityGroupId ?? '',
    EndpointIds: outcome.endpoints
      .filter((endpoint) => !endpoint.reused && endpoint.endpointId !== '')
      .map((endpoint) => endpoint.endpointId)
      .join(','),
  };
  for (const endpoint of outcome.endpoints) {
    if (endpoint.type === 'Gateway') {
      data[`GatewayEndpointId.${endpoint.shortName}`] = endpoint.endpointId;
      data[`PrefixListId.${endpoint.shortName}`] = endpoint.prefixListId ?? '';
      continue;
    }
    data[`EndpointId.${endpoint.shortName}`] = endpoint.endpointId;
    // The first DNS entry is the regional name, the one clients use when private DNS is off.
    data[`DnsName.${endpoint.shortName}`] = endpoint.dnsNames[0] ?? '';
    // A hub's zone for the service: the first one when its catalogue entry names several (S3: the bucket names and
    // s3-control …); empty for a service that is not the hub's or not in HostedZones mode.
    if (!endpoint.reused) data[`HostedZoneId.${endpoint.shortName}`] = outcome.hub?.zoneIdsByService.get(endpoint.service)?.[0] ?? '';
  }
  data['HubId'] = outcome.hub?.hubId ?? '';
  data['ReusedEndpointIds'] = outcome.endpoints
    .filter((endpoint) => endpoint.reused)
    .map((endpoint) => endpoint.endpointId)
    .join(',');
  data['Notes'] = outcome.notes.join('; ');
  return data;
}

/**
 * The order in which outputs are dropped when the answer exceeds 4096 bytes, first to go first: `Notes`; then the
 * `DnsName.*` keys, then the `EndpointId.*` keys, then the `PrefixListId.*` and `GatewayEndpointId.*` keys (each group
 * from the last service in the list to the first, so the services listed first keep theirs longest); then, should even
 * that not fit, the essential outputs from the least important ({@link ESSENTIAL_OUTPUTS} reversed). Keys of `data` in
 * none of these groups go before all of them.
 *
 * @example trimOrder(responseData(outcome)) // ['Notes', 'DnsName.logs', 'DnsName.ecr.dkr', …, 'SubnetIds']
 */
export function trimOrder(data: Readonly<Record<string, string>>): string[] {
  const keys = Object.keys(data);
  const lastFirst = (prefixes: readonly string[]) =>
    keys.filter((key) => prefixes.some((prefix) => key.startsWith(prefix))).reverse();
  const essential = [...ESSENTIAL_OUTPUTS].reverse().filter((key) => key in data);
  const ordered = [
    ...keys.filter((key) => key === 'Notes'),
    ...lastFirst(['DnsName.']),
    ...lastFirst(['HostedZoneId.']),
    ...lastFirst(['EndpointId.']),
    // Interleaved per service (its PrefixListId before its GatewayEndpointId), since data lists them side by side.
    ...lastFirst(['GatewayEndpointId.', 'PrefixListId.']),
    ...essential,
  ];
  const unknown = keys.filter((key) => !ordered.includes(key));
  return [...unknown, ...ordered];
}
