/**
 * Resolving the service names users write (`ecr.dkr`) to the region's full names (`com.amazonaws.eu-west-1.ecr.dkr`),
 * by matching against the catalogue EC2 returns rather than by templating a prefix, so that every partition works
 * (`cn.com.amazonaws.cn-north-1.ecr.dkr`).
 */
import { nearestName } from '../properties/nearest-name';
import { readServiceName } from '../properties/service-names';
import { compareText } from '../compare-text';

/**
 * True for names that are not short names, by the same grammar the properties are validated with: a well-formed full
 * name, or anything else that is not a valid short name (never resolved by suffix).
 */
export function isFullServiceName(name: string): boolean {
  const reading = readServiceName(name);
  return !('name' in reading) || reading.name.namespace !== undefined;
}

/**
 * The catalogue name that `requested` refers to in `region`, or undefined. A short name matches names ending in
 * `.<region>.<short>`; among several, AWS's own `com.amazonaws`/`cn.com.amazonaws` prefixes win, then the shortest name.
 */
export function resolveServiceName(requested: string, region: string, catalogue: Iterable<string>): string | undefined {
  const names = [...catalogue];
  if (names.includes(requested)) return requested;
  if (isFullServiceName(requested)) return undefined;
  const suffix = `.${region}.${requested}`;
  const matches = names.filter((name) => name.endsWith(suffix));
  const rank = (name: string) => (/^(com\.amazonaws|cn\.com\.amazonaws|eu\.amazonaws)\./.test(name) ? 0 : 1);
  matches.sort((a, b) => rank(a) - rank(b) || a.length - b.length || compareText(a, b));
  return matches[0];
}

/** The short name of a full service name in its region (`com.amazonaws.us-east-1.ecr.dkr` → `ecr.dkr`). */
export function shortServiceName(serviceName: string, region: string): string {
  const marker = `.${region}.`;
  const index = serviceName.indexOf(marker);
  return index >= 0 ? serviceName.slice(index + marker.length) : serviceName;
}

/**
 * The "Did you mean …?" for a name that resolves to nothing: the closest service of `region` in `catalogue`, written
 * the way the user wrote theirs (short or full), or undefined when none is a plausible typo (see nearestName).
 *
 * @example
 * nearestServiceName('secretmanager', 'eu-west-1', ['com.amazonaws.eu-west-1.secretsmanager']) // 'secretsmanager'
 */
export function nearestServiceName(requested: string, region: string, catalogue: Iterable<string>): string | undefined {
  const inRegion = [...catalogue].filter((name) => name.includes(`.${region}.`));
  const fullNames = new Map(inRegion.map((name) => [shortServiceName(name, region), name]));
  const full = requested.includes(`.${region}.`);
  const nearest = nearestName(full ? shortServiceName(requested, region) : requested, [...fullNames.keys()]);
  return nearest === undefined || !full ? nearest : fullNames.get(nearest);
}
