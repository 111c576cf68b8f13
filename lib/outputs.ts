import type { ConvergeOutcome } from './reconcile';

/** The `Fn::GetAtt` names that are always answered; kept when the 4096-byte limit forces Data to be trimmed. */
export const ESSENTIAL_OUTPUTS = ['SubnetIds', 'SubnetCidrs', 'SecurityGroupId', 'EndpointIds', 'AvailabilityZoneIds'] as const;

/**
 * The response's Data, read with `Fn::GetAtt`: lists are comma-separated, in AZ-ID order for the subnets and in the order
 * of InterfaceServices then GatewayServices for endpoints. Per service: `EndpointId.<name>` and `DnsName.<name>` for
 * interface endpoints (`<name>` is the short service name, e.g. `ecr.dkr`), `GatewayEndpointId.<name>` for gateways.
 */
export function responseData(outcome: ConvergeOutcome): Record<string, string> {
  const data: Record<string, string> = {
    SubnetIds: outcome.subnets.map((subnet) => subnet.subnetId).join(','),
    SubnetCidrs: outcome.subnets.map((subnet) => subnet.cidr).join(','),
    AvailabilityZoneIds: outcome.subnets.map((subnet) => subnet.azId).join(','),
    SecurityGroupId: outcome.securityGroupId ?? '',
    EndpointIds: outcome.endpoints.filter((endpoint) => !endpoint.reused).map((endpoint) => endpoint.endpointId).join(','),
  };
  // Position for position with SubnetIds: a subnet made while IpAddressType was ipv4 has an empty item, not none.
  if (outcome.subnets.some((subnet) => subnet.ipv6Cidr)) data['SubnetIpv6Cidrs'] = outcome.subnets.map((subnet) => subnet.ipv6Cidr ?? '').join(',');
  for (const endpoint of outcome.endpoints) {
    if (endpoint.type === 'Gateway') {
      data[`GatewayEndpointId.${endpoint.shortName}`] = endpoint.endpointId;
      continue;
    }
    data[`EndpointId.${endpoint.shortName}`] = endpoint.endpointId;
    // The first DNS entry is the regional name, the one clients use when private DNS is off.
    if (endpoint.dnsNames[0]) data[`DnsName.${endpoint.shortName}`] = endpoint.dnsNames[0];
  }
  const reused = outcome.endpoints.filter((endpoint) => endpoint.reused);
  if (reused.length > 0) data['ReusedEndpointIds'] = reused.map((endpoint) => endpoint.endpointId).join(',');
  if (outcome.notes.length > 0) data['Notes'] = outcome.notes.join('; ');
  return data;
}
