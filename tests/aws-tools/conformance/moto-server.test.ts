import { MOTO_CREDENTIALS, startMotoServer } from '../../support/moto-server';

describe('the moto_server the aws-tools suites run against', () => {
  it('answers EC2 on loopback, forgets everything on reset, and is gone after stop', async () => {
    const moto = await startMotoServer();
    try {
      const auth = { ...MOTO_CREDENTIALS };
      const query = (action: string) =>
        fetch(moto.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `AWS4-HMAC-SHA256 Credential=${auth.AWS_ACCESS_KEY_ID}/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0`,
          },
          body: `Action=${action}&Version=2016-11-15`,
        }).then((answer) => answer.text());
      await query('CreateVpc&CidrBlock=10.9.0.0%2F16');
      expect(await query('DescribeVpcs')).toContain('10.9.0.0/16');
      await moto.reset();
      expect(await query('DescribeVpcs')).not.toContain('10.9.0.0/16');
    } finally {
      await moto.stop();
    }
    await expect(fetch(`${moto.url}/moto-api/`)).rejects.toThrow();
  });
});
