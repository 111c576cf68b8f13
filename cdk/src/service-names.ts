/**
 * The short form of a VPC endpoint service name, as the provider uses it in its output keys (`EndpointId.ecr.dkr`):
 * `ecr.dkr` for both `ecr.dkr` and `com.amazonaws.eu-west-1.ecr.dkr`. The same rule as the provider's
 * `lib/properties/service-names.ts`; `test/drift.test.ts` compares the two on a table of names.
 */

const LABELS = '[a-z0-9]+(?:[.-][a-z0-9]+)*';
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d{1,2}';
const FULL_NAME = new RegExp(`^(?:(?:cn\\.)?com\\.amazonaws(?:\\.vpce)?|aws\\.[a-z0-9-]+)\\.${REGION}\\.(${LABELS})$`);

/**
 * The short name of a service name given short or full; a name of neither form is returned as it is (the provider
 * rejects it at deploy time, naming the problem).
 *
 * @example
 * shortServiceName('com.amazonaws.eu-west-1.ecr.dkr') // => 'ecr.dkr'
 * shortServiceName('logs') // => 'logs'
 */
export function shortServiceName(name: string): string {
  const full = FULL_NAME.exec(name);
  return full === null ? name : (full[1] as string);
}

/**
 * The type-level {@link shortServiceName}: `ShortServiceName<'com.amazonaws.eu-west-1.ecr.dkr'>` is `'ecr.dkr'`.
 * Regions contain no dot, so the first `${string}` after the namespace is the region.
 */
export type ShortServiceName<S extends string> = S extends `com.amazonaws.vpce.${string}.${infer Service}`
  ? Service
  : S extends `cn.com.amazonaws.${string}.${infer Service}`
    ? Service
    : S extends `com.amazonaws.${string}.${infer Service}`
      ? Service
      : S extends `aws.${string}.${string}.${infer Service}`
        ? Service
        : S;
