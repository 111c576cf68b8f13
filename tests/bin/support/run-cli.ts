import type { CliDependencies } from '../../../bin/dependencies';
import { runCli } from '../../../bin/plan-command';
import type { Ec2Simulator } from '../../support/ec2-sim';

/**
 * runCli wired to an in-process simulator (EC2, Route 53, Service Quotas on its clock), its output captured. By
 * default there is no default region, no caller account, no file and no live price: a test overrides what it needs.
 */
export async function runCliAgainst(sim: Ec2Simulator, argv: string[], overrides: Partial<CliDependencies> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    makeEc2: () => sim.client(),
    makeRoute53: () => sim.route53Client(),
    makeServiceQuotas: () => sim.serviceQuotasClient(),
    defaultRegion: async () => undefined,
    callerAccountId: async () => undefined,
    makePriceListReader: () => {
      throw new Error('no live prices in these tests');
    },
    readFile: (path) => {
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
    },
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    clock: sim.clock,
    ...overrides,
  });
  return { code, stdout, stderr };
}
