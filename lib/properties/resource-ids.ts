/**
 * Formats of the EC2 resource IDs the properties name. EC2 IDs are a type prefix and 8 (older
 * resources) or 17 lower-case hexadecimal digits.
 */
import { describeValue } from './describe-value';
import { countingReport, INVALID, readText, readTextList, rejectRepeats, valid, type Parsed, type Report } from './readers';

/** A kind of EC2 resource ID: its prefix, its name in messages and the accepted digit counts. */
export interface ResourceIdFormat {
  readonly prefix: string;
  readonly noun: string;
  /** The noun with its article: "a VPC ID", "an IPAM pool ID". */
  readonly nounPhrase: string;
  readonly digits: string;
  readonly pattern: RegExp;
}

function format(prefix: string, article: 'a' | 'an', noun: string, digits: string, hexPattern: string): ResourceIdFormat {
  return { prefix, noun, nounPhrase: `${article} ${noun}`, digits, pattern: new RegExp(`^${prefix}${hexPattern}$`) };
}

/** The resource ID formats, by what the ID names. */
export const RESOURCE_ID_FORMATS = {
  vpc: format('vpc-', 'a', 'VPC ID', '8 or 17', '(?:[0-9a-f]{8}|[0-9a-f]{17})'),
  subnet: format('subnet-', 'a', 'subnet ID', '8 or 17', '(?:[0-9a-f]{8}|[0-9a-f]{17})'),
  securityGroup: format('sg-', 'a', 'security group ID', '8 or 17', '(?:[0-9a-f]{8}|[0-9a-f]{17})'),
  // Real pool IDs have 17 digits; the brief only promises "hex", so any length from 8 to 17 passes.
  ipamPool: format('ipam-pool-', 'an', 'IPAM pool ID', '8 to 17', '[0-9a-f]{8,17}'),
} as const;

/**
 * The problem with `text` as an ID of the given format, or undefined when it is well formed.
 *
 * @param label how the value is named in the message (`SubnetIds[0]`).
 * @example
 * resourceIdProblem(RESOURCE_ID_FORMATS.vpc, 'VpcId', 'vpc-12') // => 'VpcId "vpc-12" is not a VPC ID: …'
 */
export function resourceIdProblem(idFormat: ResourceIdFormat, label: string, text: string): string | undefined {
  if (idFormat.pattern.test(text)) return undefined;
  const lowerCase = text.toLowerCase();
  // EC2 IDs are case-sensitive in API calls; an upper-case copy-paste is a common slip worth naming.
  const hint = lowerCase !== text && idFormat.pattern.test(lowerCase) ? ` IDs are lower-case: did you mean ${describeValue(lowerCase)}?` : '';
  return (
    `${label} ${describeValue(text)} is not ${idFormat.nounPhrase}: expected "${idFormat.prefix}" followed by ` +
    `${idFormat.digits} lower-case hexadecimal digits.${hint}`
  );
}

/**
 * A single-ID property (VpcId, Ipv4IpamPoolId); `undefined` when not given.
 *
 * @example
 * readResourceId('VpcId', 'vpc-0123abcd', RESOURCE_ID_FORMATS.vpc, report) // => valid('vpc-0123abcd')
 */
export function readResourceId(
  property: string,
  raw: unknown,
  idFormat: ResourceIdFormat,
  report: Report,
): Parsed<string | undefined> {
  const text = readText(property, raw, report, idFormat.nounPhrase);
  if (!text.ok || text.value === undefined) return text;
  const problem = resourceIdProblem(idFormat, property, text.value);
  if (problem === undefined) return text;
  report(problem);
  return INVALID;
}

/**
 * A list-of-IDs property (SubnetIds, SecurityGroupIds); `undefined` when not given.
 *
 * @param repeats `reject` reports a repeated ID as a problem; `drop` keeps the first silently.
 */
export function readResourceIdList(
  property: string,
  raw: unknown,
  idFormat: ResourceIdFormat,
  report: Report,
  repeats: 'reject' | 'drop',
): Parsed<readonly string[] | undefined> {
  const read = readTextList(property, raw, report, `${idFormat.noun}s`);
  if (!read.ok) return INVALID;
  if (read.value === undefined) return valid(undefined);
  const items = read.value;
  const counted = countingReport(report);
  for (const item of items) {
    const problem = resourceIdProblem(idFormat, item.label, item.text);
    if (problem !== undefined) counted.report(problem);
  }
  const distinct =
    repeats === 'reject'
      ? rejectRepeats(items, counted.report, idFormat.noun.replace(/ ID$/, ''))
      : items.filter((item, index) => items.findIndex((earlier) => earlier.text === item.text) === index);
  return counted.count() === 0 ? valid(distinct.map((item) => item.text)) : INVALID;
}
