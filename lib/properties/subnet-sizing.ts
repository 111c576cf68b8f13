/**
 * SubnetPrefixLength and CidrRange: how big each endpoint subnet is, and where it may be carved.
 */
import { RESERVED_ADDRESSES_PER_SUBNET } from './spec';
import { describeValue } from './describe-value';
import { readIpv4Cidr, type Ipv4Cidr } from './ipv4-cidr';
import { INVALID, readInteger, readText, valid, type Parsed, type Report } from './readers';

/** EC2 subnet sizes run from /16 to /28. */
export const MIN_SUBNET_PREFIX_LENGTH = 16;
export const MAX_SUBNET_PREFIX_LENGTH = 28;

/**
 * Reads SubnetPrefixLength; `undefined` when not given.
 *
 * @example
 * readSubnetPrefixLength('SubnetPrefixLength', '27', report) // => valid(27)
 */
export function readSubnetPrefixLength(property: string, raw: unknown, report: Report): Parsed<number | undefined> {
  const expected = `an integer from ${MIN_SUBNET_PREFIX_LENGTH} to ${MAX_SUBNET_PREFIX_LENGTH}`;
  const prefixLength = readInteger(property, raw, report, expected);
  if (!prefixLength.ok || prefixLength.value === undefined) return prefixLength;
  if (prefixLength.value >= MIN_SUBNET_PREFIX_LENGTH && prefixLength.value <= MAX_SUBNET_PREFIX_LENGTH) return prefixLength;
  report(`${property} must be ${expected} (EC2 subnet sizes run from /16 to /28); got ${describeValue(raw)}.`);
  return INVALID;
}

/** Addresses left for endpoint network interfaces in one subnet of this prefix length. */
export function usableAddresses(prefixLength: number): number {
  return 2 ** (32 - prefixLength) - RESERVED_ADDRESSES_PER_SUBNET;
}

/**
 * The longest prefix (smallest subnet) that still leaves one address per interface endpoint, or
 * undefined when even the largest subnet is too small.
 */
export function longestFittingPrefix(endpointCount: number): number | undefined {
  for (let prefixLength = MAX_SUBNET_PREFIX_LENGTH; prefixLength >= MIN_SUBNET_PREFIX_LENGTH; prefixLength--) {
    if (usableAddresses(prefixLength) >= endpointCount) return prefixLength;
  }
  return undefined;
}

/**
 * Each interface endpoint takes one address in every endpoint subnet: reports a prefix too long for
 * the number of interface services, naming the prefix that would fit.
 *
 * @param given whether the user set the prefix (otherwise the message says it is the default).
 */
export function checkRoomForEndpoints(
  property: string,
  prefixLength: number,
  given: boolean,
  interfaceEndpointCount: number,
  report: Report,
): void {
  const usable = usableAddresses(prefixLength);
  if (usable >= interfaceEndpointCount) return;
  const fitting = longestFittingPrefix(interfaceEndpointCount);
  report(
    `${property} ${given ? prefixLength : `(not given, so the default ${prefixLength})`} leaves ${usable} usable addresses ` +
      `per endpoint subnet (${RESERVED_ADDRESSES_PER_SUBNET} are reserved by AWS), too few for ${interfaceEndpointCount} interface endpoints; ` +
      (fitting === undefined ? 'list fewer InterfaceServices.' : `set it to ${fitting} or lower.`),
  );
}

/** A CidrRange as written, with its parsed form. */
export interface CidrRange extends Ipv4Cidr {
  readonly text: string;
}

/**
 * Reads CidrRange: a canonical IPv4 CIDR; `undefined` when not given.
 *
 * @example
 * readCidrRange('CidrRange', '10.0.240.0/20', report) // => valid({ text: '10.0.240.0/20', address: 167833600, prefixLength: 20 })
 */
export function readCidrRange(property: string, raw: unknown, report: Report): Parsed<CidrRange | undefined> {
  const text = readText(property, raw, report, 'an IPv4 CIDR block');
  if (!text.ok) return INVALID;
  if (text.value === undefined) return valid(undefined);
  const reading = readIpv4Cidr(text.value);
  if ('cidr' in reading) return valid({ text: text.value, ...reading.cidr });
  report(`${property} ${describeValue(text.value)} ${reading.problem}.`);
  return INVALID;
}

/**
 * The range must hold at least one endpoint subnet.
 *
 * @example
 * checkRangeHoldsSubnet('CidrRange', { text: '10.0.0.0/29', address: 167772160, prefixLength: 29 }, 28, report) // reports
 */
export function checkRangeHoldsSubnet(property: string, range: CidrRange, subnetPrefixLength: number, report: Report): void {
  if (range.prefixLength <= subnetPrefixLength) return;
  const remedy =
    range.prefixLength <= MAX_SUBNET_PREFIX_LENGTH
      ? `use a range of /${subnetPrefixLength} or larger, or set SubnetPrefixLength to ${range.prefixLength}`
      : `use a range of /${subnetPrefixLength} or larger (the smallest subnet EC2 allows is /${MAX_SUBNET_PREFIX_LENGTH})`;
  report(`${property} ${describeValue(range.text)} is smaller than one endpoint subnet (/${subnetPrefixLength}): ${remedy}.`);
}
