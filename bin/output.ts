/** What `vpce-provisioner plan` prints: the preview (text or the JSON document), the usage, and its errors. */
import type { CostEstimate } from '../lib/pricing/estimate';
import { formatPreview } from '../lib/preview/format';
import type { PlanPreview } from '../lib/preview/types';
import { formatConsumerPreview } from '../lib/preview/consumer-format';
import type { ConsumerPlanPreview } from '../lib/preview/consumer-types';
import { consumerPlanDocument } from './consumer-document';
import type { CliDependencies } from './dependencies';
import { planDocument, type DocumentError } from './document';
import { EXIT_CODES, type Outcome } from './exit-codes';
import { version } from '../package.json';
import { USAGE, USAGE_HINT } from './usage';
import { describeError } from '../lib/ec2/errors';
import { hintFor, type CallContext } from './hints';

type Terminal = Pick<CliDependencies, 'stdout' | 'stderr'>;

export function writeUsage(terminal: Terminal): void {
  terminal.stdout(`${USAGE}\n`);
}

export function writeVersion(terminal: Terminal): void {
  terminal.stdout(`vpce-provisioner ${version}\n`);
}

/** The preview: as text, or as the one JSON document on stdout. */
export function writePreview(
  terminal: Terminal,
  input: { preview: PlanPreview; cost?: CostEstimate; callerAccountId?: string; json: boolean; exitCode: number },
): void {
  const { preview } = input;
  if (!input.json) {
    terminal.stdout(formatPreview(preview, input.cost ? { cost: input.cost } : {}));
    return;
  }
  const outcome: Outcome = !preview.wouldSucceed ? 'would-fail' : preview.changes.length > 0 ? 'changes' : 'no-changes';
  const document = planDocument({
    version,
    outcome,
    exitCode: input.exitCode,
    preview,
    ...(input.cost ? { cost: input.cost } : {}),
    ...(input.callerAccountId ? { callerAccountId: input.callerAccountId } : {}),
  });
  terminal.stdout(`${JSON.stringify(document, null, 2)}\n`);
}

/** A consumer's preview: as text, or as the one JSON document on stdout. */
export function writeConsumerPreview(terminal: Terminal, input: { preview: ConsumerPlanPreview; callerAccountId?: string; json: boolean; exitCode: number }): void {
  const { preview } = input;
  if (!input.json) {
    terminal.stdout(formatConsumerPreview(preview));
    return;
  }
  const outcome: Outcome = !preview.wouldSucceed ? 'would-fail' : preview.changes.length > 0 ? 'changes' : 'no-changes';
  const document = consumerPlanDocument({ version, outcome, exitCode: input.exitCode, preview, ...(input.callerAccountId ? { callerAccountId: input.callerAccountId } : {}) });
  terminal.stdout(`${JSON.stringify(document, null, 2)}\n`);
}

/**
 * No preview because AWS itself answered with an error (credentials, permissions, network): what it said and one hint
 * (./hints.ts), nothing changed. Returns the exit code, 1.
 */
export function writeAwsFailure(terminal: Terminal, input: { json: boolean; error: unknown; where: CallContext; callerAccountId?: string }): number {
  const name = input.error instanceof Error ? input.error.name : 'Error';
  const message = input.error instanceof Error ? input.error.message : describeError(input.error);
  const error: DocumentError = { kind: 'aws', name, message, hint: hintFor(input.error, input.where) };
  writeFailure(terminal, { json: input.json, exitCode: EXIT_CODES.couldNotPreview, region: input.where.region, ...(input.callerAccountId ? { callerAccountId: input.callerAccountId } : {}), error });
  return EXIT_CODES.couldNotPreview;
}

/**
 * No preview: a usage error, credentials of another account, or AWS answering an error. The message and its one hint
 * line go to stderr; with --json the same error goes to stdout inside the document, so a pipeline always gets one.
 */
export function writeFailure(
  terminal: Terminal,
  input: { json: boolean; exitCode: number; error: DocumentError; region?: string; callerAccountId?: string },
): void {
  const { error } = input;
  const hint = error.kind === 'usage' ? USAGE_HINT : error.hint;
  const text = error.kind === 'aws' ? `${error.name}: ${error.message}` : error.kind === 'internal' ? `unexpected error: ${error.name}: ${error.message}` : error.message;
  terminal.stderr(`vpce-provisioner: ${text}\n${hint ? `${hint}\n` : ''}`);
  if (!input.json) return;
  const document = planDocument({
    version,
    outcome: input.exitCode === EXIT_CODES.usage ? 'usage-error' : 'error',
    exitCode: input.exitCode,
    ...(input.region ? { region: input.region } : {}),
    ...(input.callerAccountId ? { callerAccountId: input.callerAccountId } : {}),
    error: { ...error, hint },
  });
  terminal.stdout(`${JSON.stringify(document, null, 2)}\n`);
}
