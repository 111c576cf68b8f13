/** One call of the sequence, as both EC2s are sent it. */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';

/** The clients of one target: EC2, and the Route 53 and Service Quotas reads the provider makes beside it. */
export interface Clients {
  readonly ec2: EC2Client;
  readonly route53: Route53Client;
  readonly serviceQuotas: ServiceQuotasClient;
}

/** The labels a target has filled so far, e.g. `vpc` → `vpc-0a1b…`. */
export type Ids = Record<string, string>;

/** What one call came to: the SDK's parsed output, or the error's name (EC2's code). */
export type Outcome = { readonly output: Record<string, unknown> } | { readonly error: string; readonly message: string };

export interface Step {
  /** Unique: known differences name it. */
  readonly name: string;
  /** Sends the call; `ids` are this target's own. */
  readonly send: (clients: Clients, ids: Ids) => Promise<object>;
  /** Records the labels this call's answer defines. */
  readonly keep?: (output: Record<string, unknown>, ids: Ids) => void;
  /**
   * What of the answer is compared by value as well as by shape: a state, a count, whether a retry returned the same
   * ID. Runs on both sides' outcomes; errors are compared by code without it.
   */
  readonly observe?: (outcome: Outcome, ids: Ids) => unknown;
  /** Several things observed apart, each compared on its own (path `observed.<name>`), so that each difference is named once. */
  readonly observations?: Readonly<Record<string, (outcome: Outcome, ids: Ids) => unknown>>;
  /**
   * Before the step, the simulator's clock moves this far (moto has no timelines): long enough for a pending endpoint
   * to be available, or a deleted one's ENIs to be gone.
   */
  readonly simWaitMs?: number;
  /**
   * Where one side did what the other refused (moto creates what EC2 refuses: a DryRun, a duplicate), undoes it on that
   * side, uncompared, so that the two worlds stay alike for the steps after. Runs on a side whose call succeeded while
   * the other's failed, or where `diverged` says so.
   */
  readonly undo?: (ec2: EC2Client, output: Record<string, unknown>) => Promise<unknown>;
  readonly diverged?: (output: Record<string, unknown>, ids: Ids) => boolean;
}
