import type { DescribeVpcEndpointServicesRequest, ServiceDetail } from '@aws-sdk/client-ec2';
import { serviceName, vpceDomain, type EndpointServiceDefinition } from '../catalogue';
import type { ActionContext } from '../context';
import { Ec2SimError } from '../errors';
import { applyFilters, type FilterSpec } from '../filters';
import { list } from '../input';
import { PAGE_RULES, paginate } from '../pagination';
import { action, type ActionTable } from './action';

export const endpointServiceActions: ActionTable = {
  DescribeVpcEndpointServices: action<DescribeVpcEndpointServicesRequest>((ctx, input) => {
    const names = list(input.ServiceNames);
    const all = ctx.env.services.map((service) => serviceDetailView(ctx, service));
    for (const name of names) {
      if (!all.some((detail) => detail.ServiceName === name)) {
        throw new Ec2SimError('InvalidServiceName', `The Vpc Endpoint Service '${name}' does not exist`);
      }
    }
    const requested = names.length === 0 ? all : all.filter((detail) => names.includes(detail.ServiceName as string));
    // Listed by name; a name offered as both types appears once per ServiceType (aws-facts.md, "Gateway endpoints").
    const sorted = [...requested].sort((a, b) => (a.ServiceName as string).localeCompare(b.ServiceName as string));
    const filters: FilterSpec<ServiceDetail> = {
      fields: {
        'service-name': (detail) => detail.ServiceName,
        'service-type': (detail) => (detail.ServiceType ?? []).map((type) => type.ServiceType),
        owner: (detail) => detail.Owner,
        'service-region': (detail) => detail.ServiceRegion,
        'supported-ip-address-types': (detail) => detail.SupportedIpAddressTypes ?? [],
      },
      tags: () => new Map(),
    };
    const { page, nextToken } = paginate(applyFilters(sorted, input.Filters, filters), input, PAGE_RULES.clamped, ctx.env.faults.maxPageSize);
    const pageNames = [...new Set(page.map((detail) => detail.ServiceName as string))];
    return { ServiceDetails: page, ServiceNames: pageNames, NextToken: nextToken };
  }),
};

/** The SDK's ServiceDetail for a catalogue entry; zone names in the caller's own mapping. */
export function serviceDetailView(ctx: ActionContext, service: EndpointServiceDefinition): ServiceDetail {
  const name = serviceName(ctx.region, service.name);
  const zoneIds = service.zoneIds ?? ctx.env.zones.ids;
  const zones = ctx.env.zones.list(ctx.account).filter((zone) => zoneIds.includes(zone.id));
  const dnsName = service.type === 'Interface' ? service.privateDnsName : undefined;
  return {
    ServiceName: name,
    ServiceId: `vpce-svc-${hashHex(`${name}/${service.type}`)}`,
    ServiceType: [{ ServiceType: service.type }],
    ServiceRegion: ctx.region,
    AvailabilityZones: zones.map((zone) => zone.name),
    AvailabilityZoneIds: zones.map((zone) => zone.id),
    Owner: 'amazon',
    BaseEndpointDnsNames: [vpceDomain(ctx.region, service.name)],
    PrivateDnsName: dnsName,
    PrivateDnsNames: dnsName === undefined ? undefined : [{ PrivateDnsName: dnsName }],
    PrivateDnsNameVerificationState: dnsName === undefined ? undefined : 'verified',
    VpcEndpointPolicySupported: service.policySupported ?? true,
    AcceptanceRequired: false,
    ManagesVpcEndpoints: false,
    SupportedIpAddressTypes: service.supportsIpv6 ? ['ipv4', 'ipv6'] : ['ipv4'],
    Tags: [],
  };
}

/** 17 stable hex digits from a string, for ids that must not change between runs. */
function hashHex(text: string): string {
  let high = 0x811c9dc5;
  let low = 0x01000193;
  for (const char of text) {
    high = Math.imul(high ^ char.charCodeAt(0), 0x01000193) >>> 0;
    low = Math.imul(low ^ char.charCodeAt(0), 0x85ebca6b) >>> 0;
  }
  return `0${high.toString(16).padStart(8, '0')}${low.toString(16).padStart(8, '0')}`;
}
