/** One call the simulator received, whatever its outcome. */
export interface CallRecord {
  readonly action: string;
  readonly input: Record<string, unknown>;
  readonly accountId: string;
  readonly mutating: boolean;
  /** `ok`, or the EC2 error code the caller got. */
  readonly outcome: string;
  /** True when the call changed the world (an `ok` write, or the write a SimulatedCrash interrupted). */
  readonly applied: boolean;
  /** Clock ms at which the call was answered. */
  readonly at: number;
}

const READ_ONLY_PREFIXES = ['Describe', 'Get', 'List'];

/** Whether an action changes state (anything but Describe*, Get*, List*). */
export function isMutating(action: string): boolean {
  return !READ_ONLY_PREFIXES.some((prefix) => action.startsWith(prefix));
}
