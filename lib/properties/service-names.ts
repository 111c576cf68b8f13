/**
 * VPC endpoint service names as users write them: short (`ecr.dkr`) or full
 * (`com.amazonaws.eu-west-1.ecr.dkr`, `cn.com.amazonaws.cn-north-1.ecr.dkr`,
 * `aws.sagemaker.us-east-1.notebook`, `com.amazonaws.vpce.us-east-1.vpce-svc-…`).
 * EC2 compares service names case-sensitively, and every real one is lower-case.
 */
import { describeValue } from './describe-value';

/** A syntactically valid service name, split into its parts. */
export interface ServiceName {
  /** Exactly as the user wrote it. */
  readonly written: string;
  /** The service part: `ecr.dkr` for both `ecr.dkr` and `com.amazonaws.eu-west-1.ecr.dkr`. */
  readonly service: string;
  /** `com.amazonaws`, `cn.com.amazonaws`, `aws.sagemaker`, `com.amazonaws.vpce`; absent for short names. */
  readonly namespace?: string;
  /** The region inside a full name. */
  readonly region?: string;
}

/** Services that offer a Gateway endpoint. */
export const GATEWAY_SERVICES: readonly string[] = ['s3', 'dynamodb'];

/**
 * The namespaces that AWS's own services use (the others name PrivateLink or SageMaker services). The European
 * Sovereign Cloud (`eusc-de-east-1`) names some services `eu.amazonaws.<region>.<service>` (ecr.api, ecr.dkr,
 * execute-api, securityhub) and others `com.amazonaws.<region>.<service>` (ecs), as the AWS CDK's
 * InterfaceVpcEndpointAwsService has it; no AWS page lists which is which, so short names are the safe way there.
 */
const AWS_SERVICE_NAMESPACES: readonly string[] = ['com.amazonaws', 'cn.com.amazonaws', 'eu.amazonaws'];

const LABELS = '[a-z0-9]+(?:[.-][a-z0-9]+)*';
const SHORT_NAME = new RegExp(`^${LABELS}$`);
/** `eu-west-1`, `us-gov-west-1`, and the European Sovereign Cloud's `eusc-de-east-1`. */
const REGION = '[a-z]{2,4}(?:-[a-z]+)+-\\d{1,2}';
const FULL_NAME = new RegExp(`^((?:cn\\.)?com\\.amazonaws(?:\\.vpce)?|eu\\.amazonaws|aws\\.[a-z0-9-]+)\\.(${REGION})\\.(${LABELS})$`);
/** A name that starts like a full name must be a well-formed full name, not a short name by accident. */
const FULL_NAME_START = /^(?:(?:cn\.)?com\.amazonaws|eu\.amazonaws|aws)\./;

const EXPECTED =
  'expected a short name such as "ecr.dkr" (lower-case letters, digits, "." and "-") or a full name such as ' +
  '"com.amazonaws.eu-west-1.ecr.dkr"';

/** Either the parsed name, or the problem with it (a sentence starting after the value). */
export type ServiceNameReading = { readonly name: ServiceName } | { readonly problem: string };

/**
 * Parses one service name.
 *
 * @example
 * readServiceName('com.amazonaws.eu-west-1.logs')
 * // => { name: { written: 'com.amazonaws.eu-west-1.logs', service: 'logs', namespace: 'com.amazonaws', region: 'eu-west-1' } }
 */
export function readServiceName(text: string): ServiceNameReading {
  const full = FULL_NAME.exec(text);
  if (full !== null) {
    const [, namespace, region, service] = full as unknown as [string, string, string, string];
    return { name: { written: text, service, namespace, region } };
  }
  if (FULL_NAME_START.test(text) && SHORT_NAME.test(text)) {
    return { problem: 'looks like a full service name but is not of the form "com.amazonaws.<region>.<service>"' };
  }
  if (SHORT_NAME.test(text)) return { name: { written: text, service: text } };
  const lowerCase = text.toLowerCase();
  const hint = lowerCase !== text && readsAsName(lowerCase) ? ` (service names are case-sensitive: did you mean ${describeValue(lowerCase)}?)` : '';
  return { problem: `is not a service name: ${EXPECTED}${hint}` };
}

function readsAsName(text: string): boolean {
  return 'name' in readServiceName(text);
}

/**
 * Whether two names denote the same endpoint service: `logs` and `com.amazonaws.eu-west-1.logs` do
 * (a short name means the stack's region); names in two different regions do not.
 */
export function isSameService(a: ServiceName, b: ServiceName): boolean {
  if (a.written === b.written) return true;
  if (!isAwsServiceName(a) || !isAwsServiceName(b)) return false;
  const regionsAgree = a.region === undefined || b.region === undefined || a.region === b.region;
  return a.service === b.service && regionsAgree;
}

/** A short name, or a full name in one of AWS's own service namespaces. */
function isAwsServiceName(name: ServiceName): boolean {
  return name.namespace === undefined || AWS_SERVICE_NAMESPACES.includes(name.namespace);
}

/**
 * Whether the service offers a Gateway endpoint (`s3`, `dynamodb`, or their full names).
 *
 * @example
 * offersGatewayEndpoint({ written: 's3', service: 's3' }) // => true
 */
export function offersGatewayEndpoint(name: ServiceName): boolean {
  return isAwsServiceName(name) && GATEWAY_SERVICES.includes(name.service);
}

/** Whether the name denotes Amazon S3 (short or full). */
export function isS3(name: ServiceName): boolean {
  return isAwsServiceName(name) && name.service === 's3';
}
