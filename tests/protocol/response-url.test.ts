import { responseUrlVerdict } from '../../lib/protocol/response-url';

const KEY = '/arn%3Aaws%3Acloudformation%3Aeu-west-1%3A111122223333%3Astack/net/6c2b%7CEndpoints%7Creq?X-Amz-Signature=s3cr3t';

describe('responseUrlVerdict', () => {
  it.each([
    ['the us-east-1 bucket on the global endpoint', `https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com${KEY}`],
    ['a regional bucket on the legacy dash endpoint', `https://cloudformation-custom-resource-response-euwest1.s3-eu-west-1.amazonaws.com${KEY}`],
    ['a regional bucket on the dot endpoint', `https://cloudformation-custom-resource-response-apsoutheast2.s3.ap-southeast-2.amazonaws.com${KEY}`],
    ['a regional bucket on the dual-stack endpoint', `https://cloudformation-custom-resource-response-uswest2.s3.dualstack.us-west-2.amazonaws.com${KEY}`],
    ['a China bucket', `https://cloudformation-custom-resource-response-cnnorthwest1.s3.cn-northwest-1.amazonaws.com.cn${KEY}`],
    ['a bucket in a region numbered past 9 (none is yet)', `https://cloudformation-custom-resource-response-apsoutheast10.s3.ap-southeast-10.amazonaws.com${KEY}`],
    ['a GovCloud bucket', `https://cloudformation-custom-resource-response-usgovwest1.s3.us-gov-west-1.amazonaws.com${KEY}`],
    ['a path-style URL of a response bucket', `https://s3.eu-central-1.amazonaws.com/cloudformation-custom-resource-response-eucentral1${KEY}`],
    ['a European Sovereign Cloud bucket (S3 under amazonaws.eu)', `https://cloudformation-custom-resource-response-euscdeeast1.s3.eusc-de-east-1.amazonaws.eu${KEY}`],
    ['a European Sovereign Cloud bucket, path-style', `https://s3.eusc-de-east-1.amazonaws.eu/cloudformation-custom-resource-response-euscdeeast1${KEY}`],
    ['a China bucket, path-style', `https://s3.cn-north-1.amazonaws.com.cn/cloudformation-custom-resource-response-cnnorth1${KEY}`],
    ['an explicit port 443', `https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com:443${KEY}`],
    ['an upper-case host', `https://CloudFormation-Custom-Resource-Response-USEast1.S3.AmazonAWS.com${KEY}`],
  ])('accepts %s over https', (_label, url) => {
    expect(responseUrlVerdict(url)).toEqual({ accepted: true, kind: 'cloudformation' });
  });

  it.each([
    ['127.0.0.1 with a port', 'http://127.0.0.1:40123/responses/1?X-Amz-Signature=s3cr3t'],
    ['another address of 127.0.0.0/8', 'http://127.8.9.10/responses/1'],
    ['localhost', 'http://localhost:3000/responses/1'],
    ['IPv6 loopback', 'http://[::1]:3000/responses/1'],
    ['loopback over https', 'https://127.0.0.1:8443/responses/1'],
    ['the last address of 127.0.0.0/8', 'http://127.255.255.255/responses/1'],
  ])('accepts loopback: %s', (_label, url) => {
    expect(responseUrlVerdict(url)).toEqual({ accepted: true, kind: 'loopback' });
  });

  it.each([
    ['a host of someone else', 'https://collector.example.com/cfn?X-Amz-Signature=s3cr3t', 'not a CloudFormation response bucket'],
    ['a response bucket over plain http', `http://cloudformation-custom-resource-response-useast1.s3.amazonaws.com${KEY}`, 'plain http'],
    ['another S3 bucket', `https://my-bucket.s3.eu-west-1.amazonaws.com${KEY}`, 'not a CloudFormation response bucket'],
    ['a look-alike bucket name', `https://cloudformation-custom-resource-response-useast1-evil.s3.amazonaws.com${KEY}`, 'not a CloudFormation response bucket'],
    ['the bucket name under a foreign domain', 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com.evil.example/k', 'not a CloudFormation response bucket'],
    ['a path-style bucket on a foreign host', 'https://evil.example/cloudformation-custom-resource-response-useast1/k', 'not a CloudFormation response bucket'],
    ['a non-S3 AWS host', 'https://cloudformation-custom-resource-response-useast1.ec2.amazonaws.com/k', 'not a CloudFormation response bucket'],
    ['another port on S3', `https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com:8443${KEY}`, 'port 8443'],
    ['user credentials in the URL', `https://user:pw@cloudformation-custom-resource-response-useast1.s3.amazonaws.com${KEY}`, 'user credentials'],
    ['a user name alone', `https://user@cloudformation-custom-resource-response-useast1.s3.amazonaws.com${KEY}`, 'user credentials'],
    ['a password alone', `https://:pw@cloudformation-custom-resource-response-useast1.s3.amazonaws.com${KEY}`, 'user credentials'],
    ['a bucket name that only ends like a response bucket', `https://my-cloudformation-custom-resource-response-useast1.s3.amazonaws.com${KEY}`, 'not a CloudFormation response bucket'],
    ['a path-style bucket that only ends like a response bucket', `https://s3.amazonaws.com/my-cloudformation-custom-resource-response-useast1${KEY}`, 'not a CloudFormation response bucket'],
    // S3 would read the bucket as `cloudformation-custom-resource-response-useast1.attacker`, a name anyone may create.
    ['a dotted bucket name that starts like a response bucket', `https://cloudformation-custom-resource-response-useast1.attacker.s3.amazonaws.com${KEY}`, 'not a CloudFormation response bucket'],
    ['a host name whose first label is 127', 'http://127.attacker.example.com/r', 'plain http'],
    ['labels that read as numbers but make no address', 'http://127.1e2.1e2.1e2/r', 'plain http'],
    ['a private address over http', 'http://10.0.0.5/responses/1', 'plain http'],
    ['the instance metadata service', 'http://169.254.169.254/latest/meta-data/', 'plain http'],
    ['a name that only starts like localhost', 'http://localhost.evil.example/r', 'plain http'],
    ['127.x as a hostname label', 'https://127.0.0.1.evil.example/r', 'not a CloudFormation response bucket'],
    ['a European Sovereign Cloud Region under amazonaws.com', `https://cloudformation-custom-resource-response-euscdeeast1.s3.eusc-de-east-1.amazonaws.com${KEY}`, 'not a CloudFormation response bucket'],
    ['a commercial Region under amazonaws.eu', `https://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.eu${KEY}`, 'not a CloudFormation response bucket'],
    ['a China Region under amazonaws.com', `https://cloudformation-custom-resource-response-cnnorth1.s3.cn-north-1.amazonaws.com${KEY}`, 'not a CloudFormation response bucket'],
    ['amazonaws.eu without a Region', `https://cloudformation-custom-resource-response-euscdeeast1.s3.amazonaws.eu${KEY}`, 'not a CloudFormation response bucket'],
    // ISO partitions: the SDK knows their DNS suffixes, but no public document says where CloudFormation answers there.
    ['an ISO bucket (c2s.ic.gov)', `https://cloudformation-custom-resource-response-usisoeast1.s3.us-iso-east-1.c2s.ic.gov${KEY}`, 'not a CloudFormation response bucket'],
    ['an ISO Region under amazonaws.com', `https://cloudformation-custom-resource-response-usisoeast1.s3.us-iso-east-1.amazonaws.com${KEY}`, 'not a CloudFormation response bucket'],
    ['ftp', 'ftp://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/k', 'uses ftp'],
    ['not a URL', 'not a url X-Amz-Signature=s3cr3t', 'not a valid URL'],
  ])('refuses %s, saying why without quoting the URL', (_label, url, why) => {
    const verdict = responseUrlVerdict(url);

    expect(verdict.accepted).toBe(false);
    expect(verdict.accepted === false && verdict.reason).toContain(why);
    expect(JSON.stringify(verdict)).not.toContain('s3cr3t');
  });

  describe('with a local AWS endpoint configured (AWS_ENDPOINT_URL set by sam local invoke --env-vars)', () => {
    const LOCAL_ENDPOINT = 'http://host.docker.internal:4566';

    it.each([
      ['the endpoint host and port', 'http://host.docker.internal:4566/responses/create?X-Amz-Signature=local-invoke'],
      ['the same origin in another case', 'http://HOST.docker.internal:4566/responses/delete'],
    ])('accepts a ResponseURL on %s', (_label, url) => {
      expect(responseUrlVerdict(url, LOCAL_ENDPOINT)).toEqual({ accepted: true, kind: 'local-endpoint' });
    });

    it('accepts the origin of an https endpoint', () => {
      expect(responseUrlVerdict('https://localstack.internal:4566/responses/create', 'https://localstack.internal:4566')).toEqual({ accepted: true, kind: 'local-endpoint' });
    });

    it.each([
      ['another port of that host', 'http://host.docker.internal:8080/responses/create', LOCAL_ENDPOINT],
      ['https where the endpoint is http', 'https://host.docker.internal:4566/responses/create', LOCAL_ENDPOINT],
      ['another host', 'http://10.0.0.5:4566/responses/create', LOCAL_ENDPOINT],
      ['any host when the endpoint is empty, as deployed', 'http://host.docker.internal:4566/responses/create', ''],
      ['any host when the endpoint is not a URL', 'http://host.docker.internal:4566/responses/create', 'host.docker.internal:4566'],
      // A blob: URL's origin is that of the URL inside it; only an http(s) endpoint is an endpoint.
      ['the origin inside a blob: endpoint', 'http://host.docker.internal:4566/responses/create', 'blob:http://host.docker.internal:4566/x'],
    ])('refuses %s', (_label, url, endpoint) => {
      expect(responseUrlVerdict(url, endpoint).accepted).toBe(false);
    });
  });
});
