import { ReadOnlyClient, ReadOnlyEc2Client } from '../../lib/ec2/read-only-client';
import { DEFAULT_LOGICAL_ID, placeholderStackId, previewConvergence } from '../../lib/preview';
import type { FailingPreview, PlanPreview, SucceedingPreview } from '../../lib/preview/types';
import type { Scenario } from '../support/scenario';

/** The preview as the CLI runs it: EC2, Route 53 and Service Quotas of the scenario's simulator, each read-only. */
export function preview(scenario: Scenario, properties: Record<string, unknown>, options: { stackId?: string; oldProperties?: Record<string, unknown> } = {}) {
  return previewConvergence(
    new ReadOnlyEc2Client(scenario.sim.client()),
    {
      properties,
      stackId: options.stackId ?? placeholderStackId(scenario.sim.region),
      logicalResourceId: DEFAULT_LOGICAL_ID,
      ...(options.oldProperties ? { oldProperties: options.oldProperties } : {}),
    },
    {
      route53: new ReadOnlyClient(scenario.sim.route53Client(), 'Route 53'),
      serviceQuotas: new ReadOnlyClient(scenario.sim.serviceQuotasClient(), 'Service Quotas'),
    },
  );
}

export function succeeded(result: PlanPreview): SucceedingPreview {
  if (!result.wouldSucceed) throw new Error(`expected a succeeding preview, got: ${result.reason}`);
  return result;
}

export function failed(result: PlanPreview): FailingPreview {
  if (result.wouldSucceed) throw new Error('expected a failing preview');
  return result;
}
