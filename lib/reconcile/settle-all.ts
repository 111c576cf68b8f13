/**
 * Like `Promise.all`, but waits for every promise to settle before throwing the first failure: no write is left in
 * flight when an error is reported (a later retry must not race a write still on its way to AWS).
 *
 * @example
 * const zones = await settleAll(wanted.map((zone) => createZone(zone)));
 */
export async function settleAll<T>(work: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(work);
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}
