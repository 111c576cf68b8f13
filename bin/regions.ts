/**
 * The Regions `--region` accepts, by partition, so that a typo (`us-est-1`) is refused with the nearest real Region
 * instead of sending the preview to a host that does not exist (or, with --endpoint-url, to a simulator that invents
 * zones for it). The list is the Route 53 `VPCRegion` enum of the pinned SDK (@aws-sdk/client-route-53 3.1169.0), which
 * names every Region a VPC can live in; a test keeps the two equal, so an SDK upgrade that adds a Region fails until it
 * is added here. A Region newer than the pinned SDK is refused: upgrading the SDK is what makes the CLI know it.
 */
import { nearestName } from '../lib/properties/nearest-name';

export const REGIONS_BY_PARTITION: Readonly<Record<string, readonly string[]>> = {
  aws: [
    'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
    'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
    'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2',
    'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1',
    'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  'aws-eusc': ['eusc-de-east-1'],
  'aws-iso': ['us-iso-east-1', 'us-iso-west-1'],
  'aws-iso-b': ['us-isob-east-1', 'us-isob-west-1'],
  'aws-iso-e': ['eu-isoe-west-1'],
  'aws-iso-f': ['us-isof-east-1', 'us-isof-south-1'],
};

/** The partition a Region is in, or undefined for a name no partition has. */
export function partitionOfRegion(region: string): string | undefined {
  return Object.entries(REGIONS_BY_PARTITION).find(([, regions]) => regions.includes(region))?.[0];
}

/**
 * Undefined when `region` is a Region; else the sentence that says it is not, with the nearest one.
 *
 * @example regionProblem('us-est-1') // '"us-est-1" is not an AWS Region. Did you mean us-east-1?'
 */
export function regionProblem(region: string): string | undefined {
  if (partitionOfRegion(region) !== undefined) return undefined;
  const suggestion = nearestName(region, Object.values(REGIONS_BY_PARTITION).flat());
  return `${JSON.stringify(region)} is not an AWS Region.${suggestion === undefined ? ' Regions look like us-east-1 or eu-west-1.' : ` Did you mean ${suggestion}?`}`;
}
