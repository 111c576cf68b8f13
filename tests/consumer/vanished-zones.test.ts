import { readServiceName, type ServiceName } from '../../lib/properties/service-names';
import { vanishedZoneProblems } from '../../lib/consumer/vanished-zones';
import { hub, spec, ZONES, HUB_ID } from './support/fixtures';

const LOGS = 'com.amazonaws.eu-west-1.logs';
const ECR_DKR = 'com.amazonaws.eu-west-1.ecr.dkr';
const names = (...written: string[]): ServiceName[] => written.map((text) => (readServiceName(text) as { name: ServiceName }).name);
const withoutLogsZone = ZONES.filter((zone) => zone.service !== 'logs');

describe('vanishedZoneProblems', () => {
  it('is empty when every service the hub has an endpoint for has its zone', () => {
    expect(vanishedZoneProblems(hub({ endpointServiceNames: [LOGS, ECR_DKR] }), spec())).toStrictEqual([]);
  });

  it('is empty when the hub’s endpoints were not read', () => {
    expect(vanishedZoneProblems(hub({ zones: withoutLogsZone }), spec())).toStrictEqual([]);
  });

  it('names a service with an endpoint and no zone, for a consumer of every service, and says to update the hub', () => {
    expect(vanishedZoneProblems(hub({ zones: withoutLogsZone, endpointServiceNames: [LOGS, ECR_DKR] }), spec())).toStrictEqual([
      `The hub ${HUB_ID} has an endpoint for "logs" but no hosted zone for it: the zone was deleted outside the hub's stack, or the hub's stack is still making it. ` +
        'Nothing was changed. If the hub\'s stack is done, update the hub (a change to any of its properties makes it create its missing zones), then retry; or leave "logs" out of Services.',
    ]);
  });

  it('names it for a consumer that asks for it by its short or full name', () => {
    const observed = hub({ zones: withoutLogsZone, endpointServiceNames: [LOGS] });

    expect(vanishedZoneProblems(observed, spec({ services: names('logs') }))).toHaveLength(1);
    expect(vanishedZoneProblems(observed, spec({ services: names(LOGS) }))).toHaveLength(1);
  });

  it('leaves it alone for a consumer that does not ask for it', () => {
    expect(vanishedZoneProblems(hub({ zones: withoutLogsZone, endpointServiceNames: [LOGS, ECR_DKR] }), spec({ services: names('ecr.dkr') }))).toStrictEqual([]);
  });
});
