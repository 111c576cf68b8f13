/**
 * The InterfaceServices and GatewayServices properties: lists of service names, each valid, none
 * repeated (not even as a short and a full name of the same service), order kept.
 */
import { describeValue } from './describe-value';
import { countingReport, INVALID, readTextList, rejectRepeats, valid, type Parsed, type Report } from './readers';
import { GATEWAY_SERVICES, isSameService, offersGatewayEndpoint, readServiceName, type ServiceName } from './service-names';

/** The per-VPC quota of interface endpoints: more services than this can never be provisioned. */
export const MAX_INTERFACE_SERVICES = 50;

/**
 * Reads InterfaceServices; `undefined` when not given (the caller applies the default).
 *
 * @example
 * readInterfaceServices('InterfaceServices', 'ecr.api,ecr.dkr', report)
 * // => valid([{ written: 'ecr.api', service: 'ecr.api' }, { written: 'ecr.dkr', service: 'ecr.dkr' }])
 */
export function readInterfaceServices(property: string, raw: unknown, report: Report): Parsed<readonly ServiceName[] | undefined> {
  const counted = countingReport(report);
  const names = readServiceList(property, raw, counted.report, () => undefined);
  if (names.ok && names.value !== undefined && names.value.length > MAX_INTERFACE_SERVICES) {
    counted.report(
      `${property} lists ${names.value.length} services; a VPC allows at most ${MAX_INTERFACE_SERVICES} interface endpoints.`,
    );
  }
  return counted.count() === 0 ? names : INVALID;
}

/**
 * Reads GatewayServices; `undefined` when not given. Only `s3` and `dynamodb` offer Gateway endpoints.
 *
 * @example
 * readGatewayServices('GatewayServices', ['s3'], report) // => valid([{ written: 's3', service: 's3' }])
 */
export function readGatewayServices(property: string, raw: unknown, report: Report): Parsed<readonly ServiceName[] | undefined> {
  return readServiceList(property, raw, report, (name) =>
    offersGatewayEndpoint(name)
      ? undefined
      : `does not offer a Gateway endpoint: only ${GATEWAY_SERVICES.map((service) => `"${service}"`).join(' and ')} do ` +
        '(short or full names); list other services under InterfaceServices',
  );
}

/** A list of service names; `extraRule` returns a problem for a valid name that this list cannot take. */
function readServiceList(
  property: string,
  raw: unknown,
  report: Report,
  extraRule: (name: ServiceName) => string | undefined,
): Parsed<readonly ServiceName[] | undefined> {
  const read = readTextList(property, raw, report, 'service names');
  if (!read.ok) return INVALID;
  if (read.value === undefined) return valid(undefined);
  const items = read.value;
  const counted = countingReport(report);
  const names = new Map<string, ServiceName>();
  for (const item of items) {
    const reading = readServiceName(item.text);
    const problem = 'problem' in reading ? reading.problem : extraRule(reading.name);
    if (problem !== undefined) counted.report(`${item.label} ${describeValue(item.text)} ${problem}.`);
    else if ('name' in reading) names.set(item.text, reading.name);
  }
  // Repeats are judged among the valid names only, so one bad name is not reported twice.
  const validItems = items.filter((item) => names.has(item.text));
  const nameOf = (text: string): ServiceName => names.get(text) as ServiceName;
  const distinct = rejectRepeats(validItems, counted.report, 'service', (a, b) => isSameService(nameOf(a), nameOf(b)));
  return counted.count() === 0 ? valid(distinct.map((item) => nameOf(item.text))) : INVALID;
}
