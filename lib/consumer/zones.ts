/**
 * Which of the hub's zones a consumer wants, and how zone names compare with the names a spoke already serves.
 *
 * Pure: no AWS SDK.
 */
import { isSameService, readServiceName, type ServiceName } from '../properties/service-names';
import type { ObservedHubZone, ObservedSpoke } from './observation';

/** The zones chosen for the requested services, and the requested services the hub has no zone for. */
export interface ZoneSelection {
  readonly zones: readonly ObservedHubZone[];
  readonly missingServices: readonly ServiceName[];
}

/**
 * The hub's zones for `services` (every zone of the hub when undefined). A service may have several zones (one per
 * private DNS name); a zone's service tag is compared as a service name (`logs` is `com.amazonaws.<region>.logs`).
 *
 * @example
 * selectZones(hubZones, undefined) // every zone, ordered by name
 */
export function selectZones(hubZones: readonly ObservedHubZone[], services: readonly ServiceName[] | undefined): ZoneSelection {
  const byName = [...hubZones].sort((a, b) => a.name.localeCompare(b.name));
  if (services === undefined) return { zones: byName, missingServices: [] };
  const servesAny = (zone: ObservedHubZone) => services.some((service) => zoneServes(zone, service));
  const missingServices = services.filter((service) => !hubZones.some((zone) => zoneServes(zone, service)));
  return { zones: byName.filter(servesAny), missingServices };
}

/** Whether the zone serves the service, by its service tag. */
function zoneServes(zone: ObservedHubZone, service: ServiceName): boolean {
  const tagged = readServiceName(zone.service);
  return 'name' in tagged && isSameService(tagged.name, service);
}

/**
 * A DNS name as zones are compared: lower-case, no trailing dot, and a private DNS name's leading `*.` removed (the
 * wildcard lives in a zone named for the rest).
 *
 * @example
 * zoneNameOf('*.dkr.ecr.eu-west-1.amazonaws.com.') // 'dkr.ecr.eu-west-1.amazonaws.com'
 */
export function zoneNameOf(dnsName: string): string {
  return dnsName.trim().toLowerCase().replace(/\.$/, '').replace(/^\*\./, '');
}

/** Whether the spoke is associated with the zone already (as ListHostedZonesByVPC reports it). */
export function isAssociated(spoke: Pick<ObservedSpoke, 'associatedZones'>, zone: Pick<ObservedHubZone, 'zoneId'>): boolean {
  return spoke.associatedZones.some((associated) => associated.zoneId === zone.zoneId);
}
