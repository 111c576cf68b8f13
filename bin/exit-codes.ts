/**
 * The exit codes of `vpce-provisioner plan`, as a pipeline reads them. Terraform's scheme (`terraform plan
 * -detailed-exitcode`: 0 no changes, 1 error, 2 changes), with two codes of our own that Terraform folds into 1: a
 * resource that would answer FAILED is a finding about the properties or the VPC, not a broken preview, so it gets 3;
 * a malformed command line gets 64 (EX_USAGE of sysexits.h) so that it never reads as "changes".
 */
export const EXIT_CODES = {
  /** The preview was made: the resource would succeed (with no changes; or with changes, without --detailed-exitcode). */
  succeeded: 0,
  /** No preview: AWS could not be asked or answered with an error (credentials, permissions, network, wrong account). */
  couldNotPreview: 1,
  /** With --detailed-exitcode: the resource would succeed, and would change something. */
  changes: 2,
  /** The resource would answer FAILED before any write (invalid properties, or a VPC that cannot take the endpoints). */
  wouldFail: 3,
  /** The command line is malformed (an unknown flag, a missing value, a Region that does not exist, no Region at all). */
  usage: 64,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The `outcome` of the JSON document, one per exit code. */
export type Outcome = 'no-changes' | 'changes' | 'would-fail' | 'error' | 'usage-error';

/**
 * The exit code of a preview that was made: 3 when the resource would fail, 2 with --detailed-exitcode when it would
 * change something, else 0. Either resource type's preview fits.
 */
export function exitCodeFor(preview: { readonly wouldSucceed: false } | { readonly wouldSucceed: true; readonly changes: readonly unknown[] }, detailed: boolean): number {
  if (!preview.wouldSucceed) return EXIT_CODES.wouldFail;
  return detailed && preview.changes.length > 0 ? EXIT_CODES.changes : EXIT_CODES.succeeded;
}
