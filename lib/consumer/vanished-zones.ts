/**
 * A hub zone gone from under its hub: the hub still has an interface endpoint for a service (behind its group), and no
 * zone of its own serves that service. Route 53 deletes a zone with its associations (docs/simulator.md), so whoever
 * deleted it (a person, or an older hub that deleted zones in use) left the consumers without the names; a consumer that
 * carried on would report success for names that do not resolve. Checked before any write, beside checks.ts.
 *
 * Pure: no AWS SDK.
 */
import { isSameService, readServiceName } from '../properties/service-names';
import type { ObservedHub } from './observation';
import type { ConsumerSpec } from './properties';
import { selectZones } from './zones';

/**
 * One problem per service the consumer wants (every service of the hub when `Services` is not given) for which the hub
 * has an endpoint and no zone; empty when the hub's endpoints were not read.
 *
 * @example
 * vanishedZoneProblems({ ...hub, zones: [], endpointServiceNames: ['com.amazonaws.eu-west-1.logs'] }, { ...spec, services: undefined })
 * // => ['The hub arn:… has an endpoint for "logs" but no hosted zone for it: …']
 */
export function vanishedZoneProblems(hub: Pick<ObservedHub, 'zones' | 'endpointServiceNames'>, spec: Pick<ConsumerSpec, 'hubId' | 'services'>): string[] {
  const problems: string[] = [];
  for (const serviceName of [...(hub.endpointServiceNames ?? [])].sort()) {
    const reading = readServiceName(serviceName);
    if (!('name' in reading)) continue;
    const wanted = spec.services === undefined || spec.services.some((name) => isSameService(name, reading.name));
    if (!wanted || selectZones(hub.zones, [reading.name]).zones.length > 0) continue;
    const service = reading.name.service;
    problems.push(
      `The hub ${spec.hubId} has an endpoint for "${service}" but no hosted zone for it: the zone was deleted outside the hub's stack, or the hub's stack is still making it. ` +
        `Nothing was changed. If the hub's stack is done, update the hub (a change to any of its properties makes it create its missing zones), then retry; ` +
        `or leave "${service}" out of Services.`,
    );
  }
  return problems;
}
