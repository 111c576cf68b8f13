import { inspect } from 'node:util';
import { REDACTED, redact, redactText } from '../../lib/protocol/redact';

const sigV4Url =
  'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012%3Astack/vpce-demo/guid%7CVpcEndpoints%7Creq?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20260101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Expires=7199&X-Amz-Credential=AKIA6EXAMPLE%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
const sigV2Url = 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/key?AWSAccessKeyId=AKIAEXAMPLE&Expires=1767225600&Signature=c2VjcmV0LXNpZw%3D%3D';
const SECRETS = ['0f1e2d3c4b5a69788796a5b4c3d2e1f0', 'AKIA6EXAMPLE', 'AKIAEXAMPLE', 'c2VjcmV0LXNpZw'];

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('redactText', () => {
  it.each([
    ['a SigV4 presigned URL', `PUT ${sigV4Url} failed`, `PUT ${REDACTED} failed`],
    ['a SigV2 presigned URL', `url=${sigV2Url}`, `url=${REDACTED}`],
    ['a URL in quotes', `"${sigV4Url}"`, `"${REDACTED}"`],
    ['two URLs', `${sigV2Url} then ${sigV4Url}`, `${REDACTED} then ${REDACTED}`],
    ['a plain URL', 'see https://docs.aws.amazon.com/vpc/ for details', 'see https://docs.aws.amazon.com/vpc/ for details'],
    ['text without URLs', 'Subnet subnet-123 has no free /28 block', 'Subnet subnet-123 has no free /28 block'],
  ])('handles %s', (_label, text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it.each([
    ['a URL cut before its host ends', `...X-Amz-Signature=0f1e2d3c4b5a69788796a5b4c3d2e1f0&x=1`],
    ['a URL nested and percent-encoded in another', `https://example.com/?next=${encodeURIComponent(sigV4Url)}`],
    ['a JSON-escaped query', sigV4Url.replace(/&/g, '\\u0026')],
    ['a SigV2 query without a scheme', 'key?AWSAccessKeyId=AKIAEXAMPLE&Signature=c2VjcmV0LXNpZw%3D%3D'],
  ])('removes the signing values from %s', (_label, text) => {
    expectNoSecret(redactText(text));
  });

  // Each parameter alone makes a URL a credential, or is one: a URL holding only that one is redacted whole, and the
  // parameter's value is redacted in text that is not a whole URL.
  it.each(['X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token', 'Signature', 'AWSAccessKeyId', 'x-amz-security-token'])(
    'treats %s as a secret, in a URL and on its own',
    (parameter) => {
      expect(redactText(`PUT https://bucket.s3.amazonaws.com/key?${parameter}=t0ken failed`)).toBe(`PUT ${REDACTED} failed`);
      expect(redactText(`query ...&${parameter}=t0ken&x=1`)).toBe(`query ...&${parameter}=${REDACTED}&x=1`);
    },
  );

  it('redacts a presigned URL over plain http as well', () => {
    expect(redactText('PUT http://127.0.0.1:4566/key?X-Amz-Signature=t0ken failed')).toBe(`PUT ${REDACTED} failed`);
  });
});

describe('redact', () => {
  const event = {
    RequestType: 'Create',
    ResponseURL: sigV4Url,
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/vpce-demo/guid',
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f', SubnetIds: ['subnet-1', 'subnet-2'] },
  };

  it('replaces ResponseURL in a nested event and leaves everything else equal', () => {
    const original = structuredClone(event);

    const copy = redact({ invocation: { events: [event] } });

    expect(copy).toEqual({ invocation: { events: [{ ...event, ResponseURL: REDACTED }] } });
    expect(event).toEqual(original);
  });

  it('replaces a ResponseURL field whatever its case and whatever it holds', () => {
    expect(redact({ responseUrl: 'not even a URL', responseURL: 42 })).toEqual({ responseUrl: REDACTED, responseURL: REDACTED });
  });

  it('redacts URLs inside error messages, stacks and causes, and keeps them errors', () => {
    const cause = new Error(`connect ECONNRESET while sending to ${sigV4Url}`);
    const error = Object.assign(new TypeError(`PUT ${sigV2Url} failed`, { cause }), { code: 'E_PUT', request: { url: sigV4Url } });

    const copy = redact(error);

    expect(copy).toBeInstanceOf(TypeError);
    expect(copy.message).toBe(`PUT ${REDACTED} failed`);
    expect((copy.cause as Error).message).toContain(REDACTED);
    expect(copy.code).toBe('E_PUT');
    expectNoSecret(inspect(copy, { depth: 10 }));
    expectNoSecret(copy.stack ?? '');
    expect(error.message).toContain(sigV2Url);
  });

  it('copies Maps, Sets and Dates and redacts inside them', () => {
    const when = new Date(0);

    const copy = redact({ map: new Map([['url', sigV4Url]]), set: new Set([sigV2Url]), when });

    expect(copy.map.get('url')).toBe(REDACTED);
    expect([...copy.set]).toEqual([REDACTED]);
    expect(copy.when).toEqual(when);
    expect(copy.when).not.toBe(when);
  });

  it('replaces cycles instead of recursing forever', () => {
    const node: Record<string, unknown> = { name: 'root' };
    node['self'] = node;

    expect(redact(node)).toEqual({ name: 'root', self: '[circular]' });
  });

  it('keeps shared, non-cyclic references', () => {
    const shared = { id: 'subnet-1' };

    expect(redact({ a: shared, b: shared })).toEqual({ a: shared, b: shared });
  });

  it.each([null, undefined, 42, true, 'plain text'])('passes %p through', (value) => {
    expect(redact(value)).toBe(value);
  });
});
