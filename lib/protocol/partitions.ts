/**
 * The AWS partitions this provider serves: those whose S3 hosts (where CloudFormation's response buckets live) are
 * documented. A stack anywhere else gets no work and no answer (lifecycle.ts), rather than a PUT to a host nobody has
 * vouched for. Pure.
 *
 * | partition    | Regions            | S3 domain           | source                                                      |
 * | ------------ | ------------------ | ------------------- | ----------------------------------------------------------- |
 * | `aws`        | `us-east-1`, …     | `amazonaws.com`     | S3 User Guide, "Virtual hosting of buckets"; AWS General Reference, "Amazon S3 endpoints" |
 * | `aws-us-gov` | `us-gov-west-1`, … | `amazonaws.com`     | GovCloud User Guide, "Amazon S3" endpoints                  |
 * | `aws-cn`     | `cn-north-1`, …    | `amazonaws.com.cn`  | Amazon Web Services in China, "Amazon S3" endpoints         |
 * | `aws-eusc`   | `eusc-de-east-1`   | `amazonaws.eu`      | AWS European Sovereign Cloud (aws-facts.md, "CloudFormation and partitions"); the pinned SDK's partition table agrees (`dnsSuffix` `amazonaws.eu`, Regions `^eusc-(de)-\w+-\d+$`) |
 *
 * Not served: the ISO partitions (`aws-iso` `us-iso-*`, `aws-iso-b` `us-isob-*`, `aws-iso-e` `eu-isoe-*`, `aws-iso-f`
 * `us-isof-*`). The SDK's partition table gives their DNS suffixes (`c2s.ic.gov`, `sc2s.sgov.gov`, `cloud.adc-e.uk`,
 * `csp.hci.ic.gov`), but no public document says where CloudFormation's response buckets live there.
 */

/** A partition this provider serves. */
export type SupportedPartition = 'aws' | 'aws-us-gov' | 'aws-cn' | 'aws-eusc';

/** Each served partition's S3 domain: the response bucket's host ends in it. */
export const S3_DOMAINS: Readonly<Record<SupportedPartition, string>> = Object.freeze({
  aws: 'amazonaws.com',
  'aws-us-gov': 'amazonaws.com',
  'aws-cn': 'amazonaws.com.cn',
  'aws-eusc': 'amazonaws.eu',
});

/** The shape of every Region name: `eu-west-1`, `us-gov-west-1`, `eusc-de-east-1`, `ap-southeast-10`. */
export const REGION_PATTERN = '[a-z]{2,4}(?:-[a-z]+)+-\\d{1,2}';
const REGION = new RegExp(`^${REGION_PATTERN}$`);

/** Regions of the ISO partitions, which this provider does not serve (see the module comment). */
const ISO_REGION = /^(?:us-iso[a-z]?|eu-isoe)-/;

/** True when `partition` is one this provider serves. */
export function isSupportedPartition(partition: string): partition is SupportedPartition {
  return Object.hasOwn(S3_DOMAINS, partition);
}

/**
 * The served partition a Region belongs to, or undefined for a Region of an ISO partition or a name that is not a
 * Region. Regions that are not China's, GovCloud's or the European Sovereign Cloud's are the `aws` partition's, so a
 * new commercial Region needs no change here.
 *
 * @example
 * partitionOfRegion('eusc-de-east-1') // 'aws-eusc'
 * partitionOfRegion('us-iso-east-1') // undefined
 */
export function partitionOfRegion(region: string): SupportedPartition | undefined {
  if (!REGION.test(region) || ISO_REGION.test(region)) return undefined;
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return /^[a-z]{2}-/.test(region) ? 'aws' : undefined;
}
