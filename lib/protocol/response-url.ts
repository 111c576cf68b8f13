/**
 * Which ResponseURLs the provider will PUT its answer to.
 *
 * Lambda does not say who invoked the function, so the ResponseURL of an event is whatever the invoker wrote. Sending
 * the answer (stack ID, outputs, reasons naming VPC resources) to any URL would make the provider a messenger to any
 * host. CloudFormation's URLs are presigned URLs of its own S3 buckets, `cloudformation-custom-resource-response-
 * <region without dashes>` (CloudFormation User Guide, "Setting up VPC endpoints for AWS CloudFormation": the custom
 * resource response bucket), so only those are accepted over https, plus loopback http:// for local runs (the demo,
 * the tests): a loopback answer cannot leave the machine the function runs on. Under sam local invoke the function runs
 * in a container and reaches the simulator on its host (host.docker.internal), which is not loopback: an answer may
 * also go to the origin of the local AWS endpoint the operator configured (AWS_ENDPOINT_URL, set only by
 * sam local invoke --env-vars; the template declares it empty, and no parameter can set it) — the host every AWS call already goes to, so nothing new learns anything.
 */
import { partitionOfRegion, REGION_PATTERN, S3_DOMAINS } from './partitions';

/** The S3 bucket CloudFormation answers custom resources through, per region: `useast1`, `cnnorth1`, `usgovwest1`, … */
const RESPONSE_BUCKET = /^cloudformation-custom-resource-response-[a-z]{4,}\d{1,2}$/;

/**
 * S3 endpoints the bucket can be addressed through, in each partition this provider serves (partitions.ts): the global
 * `s3.amazonaws.com`, the legacy dash form `s3-<region>.amazonaws.com` and the dot form `s3.<region>.<domain>` (also
 * dual-stack), where the domain is the Region's partition's: `amazonaws.com` (also GovCloud), China's
 * `amazonaws.com.cn`, the European Sovereign Cloud's `amazonaws.eu`. (Amazon S3 User Guide, "Virtual hosting of
 * buckets" and "Legacy endpoints"; AWS General Reference, "Amazon S3 endpoints"; aws-facts.md, "CloudFormation and
 * partitions")
 */
const S3_ENDPOINT = new RegExp(`^s3(?:[.-](?:dualstack\\.)?(${REGION_PATTERN}))?\\.(amazonaws\\.(?:com(?:\\.cn)?|eu))$`);

/** True for an S3 endpoint of a served partition, with the Region (if named) in the partition its domain belongs to. */
function isS3Endpoint(host: string): boolean {
  const match = S3_ENDPOINT.exec(host);
  if (!match) return false;
  const [, region, domain] = match;
  if (region === undefined) return domain === S3_DOMAINS.aws;
  const partition = partitionOfRegion(region);
  return partition !== undefined && S3_DOMAINS[partition] === domain;
}

/** What {@link responseUrlVerdict} decided. `reason` never quotes the URL (it is a credential). */
export type ResponseUrlVerdict = { accepted: true; kind: 'cloudformation' | 'loopback' | 'local-endpoint' } | { accepted: false; reason: string };

/**
 * Accepts `https://` URLs of CloudFormation's response buckets (virtual-hosted or path-style, any partition) and
 * `http://` or `https://` URLs of a loopback host (127.0.0.0/8, `localhost`, `[::1]`) or of the same origin (scheme,
 * host and port) as `localEndpointUrl` when one is configured; refuses everything else.
 *
 * @example
 * responseUrlVerdict('https://cloudformation-custom-resource-response-euwest1.s3-eu-west-1.amazonaws.com/arn...') // accepted
 * responseUrlVerdict('https://attacker.example/collect') // { accepted: false, reason: 'the host is not ...' }
 */
export function responseUrlVerdict(url: string, localEndpointUrl?: string): ResponseUrlVerdict {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { accepted: false, reason: 'it is not a valid URL' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { accepted: false, reason: `it uses ${parsed.protocol.replace(/:$/, '')}, not https` };
  if (parsed.username !== '' || parsed.password !== '') return { accepted: false, reason: 'it carries user credentials' };
  const host = parsed.hostname.toLowerCase();
  if (isLoopback(host)) return { accepted: true, kind: 'loopback' };
  if (isSameOrigin(parsed, localEndpointUrl)) return { accepted: true, kind: 'local-endpoint' };
  if (parsed.protocol !== 'https:') return { accepted: false, reason: 'only loopback hosts may be answered over plain http' };
  // The URL parser drops a default port (443 for https), so any port left is not S3's.
  if (parsed.port !== '') return { accepted: false, reason: `port ${parsed.port} is not S3's` };
  if (isResponseBucketHost(host) || (isS3Endpoint(host) && RESPONSE_BUCKET.test(firstPathSegment(parsed)))) {
    return { accepted: true, kind: 'cloudformation' };
  }
  return { accepted: false, reason: `the host ${host.length > 80 ? `${host.slice(0, 77)}...` : host} is not a CloudFormation response bucket on S3, nor loopback` };
}

/** `<bucket>.<S3 endpoint>`: virtual-hosted style, how CloudFormation presigns its URLs today. */
function isResponseBucketHost(host: string): boolean {
  const dot = host.indexOf('.');
  return dot > 0 && RESPONSE_BUCKET.test(host.slice(0, dot)) && isS3Endpoint(host.slice(dot + 1));
}

/** The bucket of a path-style URL (`https://s3.amazonaws.com/<bucket>/<key>`). */
function firstPathSegment(url: URL): string {
  return url.pathname.split('/')[1] ?? '';
}

/** True when `endpointUrl` is set (not empty) and `url` has its scheme, host and port. */
function isSameOrigin(url: URL, endpointUrl: string | undefined): boolean {
  if (!endpointUrl) return false;
  try {
    const endpoint = new URL(endpointUrl);
    return (endpoint.protocol === 'http:' || endpoint.protocol === 'https:') && endpoint.origin === url.origin;
  } catch {
    return false;
  }
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '[::1]') return true;
  const octets = host.split('.');
  return octets.length === 4 && octets[0] === '127' && octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255);
}
