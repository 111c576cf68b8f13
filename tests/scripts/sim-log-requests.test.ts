/** `npm run sim -- --log-requests` as a user runs it: one line per request it answers. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

describe('npm run sim -- --log-requests', () => {
  it('prints a line for each request it answers, EC2 error codes included', async () => {
    // Prepare
    const child = spawn(resolve(ROOT, 'node_modules/.bin/tsx'), ['scripts/sim.ts', '--log-requests'], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '' } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const exited = new Promise((done) => child.on('exit', done));
    const waitFor = async (pattern: RegExp): Promise<RegExpExecArray> => {
      for (let waited = 0; waited < 20_000; waited += 100) {
        const match = pattern.exec(stdout);
        if (match) return match;
        await new Promise((wait) => setTimeout(wait, 100));
      }
      throw new Error(`no ${pattern} in: ${stdout}`);
    };
    try {
      const port = (await waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/))[1];
      await waitFor(/npm run plan -- .*\n/);
      const post = (body: string) =>
        fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

      // Act
      await post('Action=DescribeVpcs&Version=2016-11-15');
      await post('Action=DeleteVpcEndpoints&Version=2016-11-15&VpcEndpointId.1=vpce-0000000000000dead');
      await post('Action=DescribeSubnets&Version=2016-11-15&SubnetId.1=subnet-0000000000000dead');

      // Assess
      await waitFor(/DescribeSubnets .*\n/);
      const requestLines = stdout.split('\n').filter((line) => /^\d\d:\d\d:\d\d\.\d{3} /.test(line));
      expect(requestLines).toHaveLength(3);
      expect(requestLines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} EC2 DescribeVpcs - 200 \d+ ms$/);
      // DeleteVpcEndpoints reports a missing ID in Unsuccessful, not as an error (EC2 API reference).
      expect(requestLines[1]).toMatch(/ EC2 DeleteVpcEndpoints - 200 \d+ ms$/);
      expect(requestLines[2]).toMatch(/ EC2 DescribeSubnets - 400 InvalidSubnetID\.NotFound \d+ ms$/);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 40_000);
});
