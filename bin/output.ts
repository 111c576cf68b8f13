/** What `vpce-provisioner plan` prints: the preview (text or JSON), the usage, and its errors. */
import { describeError } from '../lib/ec2/errors';
import { formatPreview } from '../lib/preview/format';
import type { PlanPreview } from '../lib/preview/types';
import type { UsageError } from './arguments';
import type { CliDependencies } from './dependencies';
import { version } from '../package.json';
import { USAGE, USAGE_HINT } from './usage';

type Terminal = Pick<CliDependencies, 'stdout' | 'stderr'>;

export function writeUsage(terminal: Terminal): void {
  terminal.stdout(`${USAGE}\n`);
}

/** The error and one line on where to look: the whole help would bury the one thing to fix. */
export function writeUsageError(terminal: Terminal, error: UsageError): void {
  terminal.stderr(`vpce-provisioner: ${error.message}\n${USAGE_HINT}\n`);
}

export function writeVersion(terminal: Terminal): void {
  terminal.stdout(`vpce-provisioner ${version}\n`);
}

export function writePreview(terminal: Terminal, preview: PlanPreview, options: { json: boolean }): void {
  terminal.stdout(options.json ? `${JSON.stringify(preview, null, 2)}\n` : formatPreview(preview));
}

/** AWS itself answered with an error (credentials, permissions, network): what it said. */
export function writeAwsError(terminal: Terminal, error: unknown, options: { json: boolean }): void {
  if (options.json) terminal.stdout(`${JSON.stringify({ error: errorFields(error) }, null, 2)}\n`);
  terminal.stderr(`vpce-provisioner: ${describeError(error)}\n`);
}

function errorFields(error: unknown): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}
