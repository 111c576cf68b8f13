/**
 * Who is calling. The server checks no signature (any credentials are accepted), but the access key
 * id in the SigV4 credential scope is how a test speaks as a different AWS account.
 */

/**
 * The access key id of a SigV4-signed request: from the `Authorization` header
 * (`AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/ec2/aws4_request, …`) or, for a presigned
 * URL, the `X-Amz-Credential` query parameter. `undefined` for an unsigned request.
 *
 * @example
 * accessKeyIdOf('AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0', undefined); // 'AKID'
 */
export function accessKeyIdOf(authorization: string | undefined, presignedCredential: string | null | undefined): string | undefined {
  const scope = /Credential=([^,\s]+)/.exec(authorization ?? '')?.[1] ?? presignedCredential ?? undefined;
  const accessKeyId = scope?.split('/')[0];
  return accessKeyId ? accessKeyId : undefined;
}

/**
 * The region a SigV4-signed request was signed for, from the same credential scope
 * (`AKID/20260101/eu-west-1/ec2/aws4_request`); `undefined` for an unsigned request.
 *
 * @example
 * signingRegionOf('AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/ec2/aws4_request, SignedHeaders=host, Signature=0', undefined); // 'eu-west-1'
 */
export function signingRegionOf(authorization: string | undefined, presignedCredential: string | null | undefined): string | undefined {
  const scope = /Credential=([^,\s]+)/.exec(authorization ?? '')?.[1] ?? presignedCredential ?? undefined;
  const region = scope?.split('/')[2];
  return region ? region : undefined;
}

/**
 * The service a SigV4-signed request was signed for, from the same credential scope
 * (`AKID/20260101/us-east-1/cloudformation/aws4_request`); `undefined` for an unsigned request. One URL answering
 * several Query-protocol services (EC2 and CloudFormation) tells them apart by it, as AWS does by hostname.
 *
 * @example
 * signingServiceOf('AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/cloudformation/aws4_request, SignedHeaders=host, Signature=0', undefined); // 'cloudformation'
 */
export function signingServiceOf(authorization: string | undefined, presignedCredential: string | null | undefined): string | undefined {
  const scope = /Credential=([^,\s]+)/.exec(authorization ?? '')?.[1] ?? presignedCredential ?? undefined;
  const service = scope?.split('/')[3];
  return service ? service : undefined;
}
