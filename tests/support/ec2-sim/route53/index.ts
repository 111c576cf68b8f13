/**
 * The simulator's Route 53: hosted zones, record sets, changes, tags and VPC associations across accounts, answered
 * through `sim.route53Call` / `sim.route53Client()` and the HTTP simulator's REST-XML face. Every behaviour and its
 * source is listed in docs/simulator.md ("Route 53").
 */
import { associationActions } from './associations';
import { changeActions } from './changes';
import type { Route53Action } from './model';
import { recordSetActions } from './record-sets';
import { tagActions } from './tags';
import { zoneActions } from './zones';

export { conflictingHostedZone } from './conflicts';
export { newZoneRecord } from './zones';
export { resolveName, type NameAnswer } from './resolver';
export { DEFAULT_ROUTE53_SETTINGS, ROUTE53_EVENTUAL_CONSISTENCY, type Route53Settings, type Route53ThrottlingMode } from './settings';
export type { Route53Action, Route53Context } from './model';

/** Every Route 53 action the simulator answers. */
export const route53Actions: Readonly<Record<string, Route53Action>> = {
  ...zoneActions,
  ...recordSetActions,
  ...changeActions,
  ...tagActions,
  ...associationActions,
};
