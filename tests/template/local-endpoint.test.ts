/**
 * template.yaml sets AWS_ENDPOINT_URL_EC2 from LocalEc2EndpointUrl, empty when deployed: the SDK must then call EC2 in
 * the region as if the variable were absent.
 */
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';

/** The host a DescribeVpcs would be sent to with this environment, captured before anything leaves the process. */
async function hostWith(endpointUrl: string | undefined): Promise<string> {
  const saved = process.env['AWS_ENDPOINT_URL_EC2'];
  if (endpointUrl === undefined) delete process.env['AWS_ENDPOINT_URL_EC2'];
  else process.env['AWS_ENDPOINT_URL_EC2'] = endpointUrl;
  const client = new EC2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }, maxAttempts: 1 });
  client.middlewareStack.add(
    (_next, _context) => async (args) => {
      throw Object.assign(new Error('captured'), { host: (args.request as { hostname?: string }).hostname });
    },
    { step: 'finalizeRequest', name: 'captureHost' },
  );
  try {
    await client.send(new DescribeVpcsCommand({}));
    throw new Error('the request was not captured');
  } catch (error) {
    return (error as { host?: string }).host ?? '';
  } finally {
    client.destroy();
    if (saved === undefined) delete process.env['AWS_ENDPOINT_URL_EC2'];
    else process.env['AWS_ENDPOINT_URL_EC2'] = saved;
  }
}

describe('AWS_ENDPOINT_URL_EC2', () => {
  it('empty, as deployed, leaves EC2 at its regional endpoint', async () => {
    expect(await hostWith('')).toBe('ec2.eu-west-1.amazonaws.com');
    expect(await hostWith(undefined)).toBe('ec2.eu-west-1.amazonaws.com');
  });

  it('set, as for sam local invoke, sends EC2 calls there', async () => {
    expect(await hostWith('http://host.docker.internal:4566')).toBe('host.docker.internal');
  });
});
