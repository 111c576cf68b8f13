/**
 * The body of the answer to CloudFormation, built to be accepted.
 *
 * CloudFormation rejects a body over 4096 bytes, a FAILED answer without a Reason and an empty or
 * oversized PhysicalResourceId; a rejected answer leaves the stack waiting for an hour. So the body
 * is always cut to fit, in an order that keeps what a human needs most: the start of the Reason
 * first (down to a floor), then the outputs nobody marked essential, then the essential ones.
 *
 * Pure: no I/O, no AWS SDK.
 */
import type { CloudFormationCustomResourceEventCommon } from 'aws-lambda';
import { redactText } from './redact';
import { compareText } from '../compare-text';

/** CloudFormation's limit on the whole response body, in UTF-8 bytes. */
export const MAX_RESPONSE_BYTES = 4096;
/** CloudFormation's limit on PhysicalResourceId, in UTF-8 bytes. */
export const MAX_PHYSICAL_ID_BYTES = 1024;
/** Appended wherever text was cut, so a reader knows more existed. */
export const TRUNCATION_MARKER = ' [truncated]';
/** The Reason of a FAILED answer when none was given: CloudFormation requires one. */
export const DEFAULT_FAILURE_REASON = 'The provider failed without giving a reason; see its CloudWatch logs.';
/**
 * How much of a long Reason survives before any Data is dropped: enough for an error message and
 * its first hint, while leaving most of the 4096 bytes to outputs.
 */
export const REASON_FLOOR_BYTES = 1024;

/** What to answer. */
export interface ResponseInput {
  status: 'SUCCESS' | 'FAILED';
  /** Shown in the stack events. Required in substance on FAILED: an empty one is replaced by {@link DEFAULT_FAILURE_REASON}. */
  reason?: string;
  physicalResourceId: string;
  event: Pick<CloudFormationCustomResourceEventCommon, 'StackId' | 'RequestId' | 'LogicalResourceId'>;
  /** Values readable with `Fn::GetAtt`. */
  data?: Record<string, string>;
  noEcho?: boolean;
  /**
   * Data keys that matter most, most important first; trimmed last. Others are dropped first, in a
   * deterministic order: keys not named in {@link dataDropOrder} (largest entry first, then by key),
   * then those named there, in that order.
   */
  essentialDataKeys?: readonly string[];
  /** The order in which non-essential Data keys are dropped, first to go first (essential keys named here are ignored). */
  dataDropOrder?: readonly string[];
}

/** The serialised body and what had to be cut to make it fit. */
export interface ResponseBody {
  /** JSON, at most {@link MAX_RESPONSE_BYTES} UTF-8 bytes. */
  body: string;
  /** Data keys dropped or shortened, in the order they were trimmed. */
  trimmedDataKeys: string[];
  reasonShortened: boolean;
}

/** The least a shortened Data value keeps of its start; below this the entry is dropped instead. */
const MIN_KEPT_VALUE_BYTES = 8;

type DataEntries = Array<[key: string, value: string]>;

/**
 * The JSON body, at most 4096 bytes (UTF-8). To fit, first the Reason is shortened (its start kept,
 * the cut marked, never inside a character) but not below {@link REASON_FLOOR_BYTES}; then Data
 * entries not named essential are dropped (those outside `dataDropOrder` largest first, ties by key,
 * then those in `dataDropOrder` in its order); then essential values are
 * shortened to a common cap; then essential entries are dropped, least important first; finally the
 * Reason is shortened below its floor. The Reason is passed through {@link redactText}.
 *
 * @throws TypeError when PhysicalResourceId is empty or over 1 KB, or when the identifiers alone
 *   cannot fit: both are programming errors, not conditions to answer.
 * @example
 * const { body } = buildResponseBody({ status: 'FAILED', physicalResourceId: id, event, reason: 'VPC not found' });
 */
export function buildResponseBody(input: ResponseInput): ResponseBody {
  assertValidPhysicalId(input.physicalResourceId);
  const reason = resolveReason(input);
  const serialize = (reasonText: string | undefined, data: DataEntries | undefined): string => serializeBody(input, reasonText, data);
  const fits = (reasonText: string | undefined, data: DataEntries | undefined): boolean => utf8Bytes(serialize(reasonText, data)) <= MAX_RESPONSE_BYTES;
  /** The longest Reason (in escaped JSON bytes) that fits beside `data`. */
  const reasonRoom = (data: DataEntries | undefined): number => MAX_RESPONSE_BYTES - utf8Bytes(serialize('', data));

  const finish = (data: DataEntries | undefined, trimmedDataKeys: string[]): ResponseBody => {
    let finalReason = reason;
    if (reason !== undefined && jsonBytes(reason) > reasonRoom(data)) {
      finalReason = truncateToJsonBytes(reason, reasonRoom(data));
      if (finalReason === '' && input.status === 'FAILED') {
        throw new TypeError('The response identifiers leave no room for a Reason within 4096 bytes.');
      }
    }
    const body = serialize(finalReason === '' && input.status === 'SUCCESS' ? undefined : finalReason, data);
    if (utf8Bytes(body) > MAX_RESPONSE_BYTES) throw new TypeError('The response identifiers alone exceed 4096 bytes.');
    return { body, trimmedDataKeys, reasonShortened: finalReason !== reason };
  };

  const data: DataEntries | undefined = input.data === undefined ? undefined : Object.entries(input.data);
  if (fits(reason, data)) return { body: serialize(reason, data), trimmedDataKeys: [], reasonShortened: false };

  // 1. The Reason alone, as long as it keeps at least its floor.
  if (reason !== undefined && reasonRoom(data) >= Math.min(jsonBytes(reason), REASON_FLOOR_BYTES)) return finish(data, []);
  if (data === undefined) return finish(data, []);

  const flooredReason = reason === undefined || jsonBytes(reason) <= REASON_FLOOR_BYTES ? reason : truncateToJsonBytes(reason, REASON_FLOOR_BYTES);
  const trimmed: string[] = [];
  let entries: DataEntries = data;

  // 2. Drop the entries nobody marked essential: the unranked ones largest first, then the ranked ones in their order.
  const essentialOrder = (input.essentialDataKeys ?? []).filter((key, index, keys) => keys.indexOf(key) === index);
  const essential = new Set(essentialOrder);
  const present = new Set(entries.map(([key]) => key));
  const ranked = (input.dataDropOrder ?? []).filter((key, index, keys) => keys.indexOf(key) === index && present.has(key) && !essential.has(key));
  const rankedSet = new Set(ranked);
  const dropOrder = [
    ...entries
      .filter(([key]) => !essential.has(key) && !rankedSet.has(key))
      .sort(([keyA, valueA], [keyB, valueB]) => entryBytes(keyB, valueB) - entryBytes(keyA, valueA) || compareText(keyA, keyB))
      .map(([key]) => key),
    ...ranked,
  ];
  for (const key of dropOrder) {
    entries = entries.filter(([entryKey]) => entryKey !== key);
    trimmed.push(key);
    if (fits(flooredReason, entries)) return finish(entries, trimmed);
  }

  // 3. Shorten essential values to a common cap; 4. drop essential entries, least important first.
  for (;;) {
    const capped = capValuesToFit(entries, (candidate) => fits(flooredReason, candidate));
    if (capped !== undefined) {
      trimmed.push(...capped.shortenedKeys);
      return finish(capped.data, trimmed);
    }
    const remaining = entries;
    const leastImportant = [...essentialOrder].reverse().find((key) => remaining.some(([entryKey]) => entryKey === key));
    if (leastImportant === undefined) break;
    // The next round finds out whether the rest fits: capValuesToFit returns it as it is when it does.
    entries = remaining.filter(([entryKey]) => entryKey !== leastImportant);
    trimmed.push(leastImportant);
  }

  // 5. No Data left: only the Reason can give way further.
  return finish(entries, trimmed);
}

/**
 * The largest common cap on value length (escaped JSON bytes) under which `data` fits, found by
 * bisection (fit shrinks monotonically as the cap grows). Undefined when even the smallest useful
 * cap does not fit.
 */
function capValuesToFit(data: DataEntries, fits: (candidate: DataEntries) => boolean): { data: DataEntries; shortenedKeys: string[] } | undefined {
  const capAt = (cap: number): DataEntries => data.map(([key, value]) => [key, jsonBytes(value) > cap ? truncateToJsonBytes(value, cap) : value]);
  if (fits(data)) return { data, shortenedKeys: [] };
  // A shortened value keeps at least a few bytes besides the marker: emptier is not worth keeping.
  const minimumCap = jsonBytes(TRUNCATION_MARKER) + MIN_KEPT_VALUE_BYTES;
  // Empty data gets here only when it did not fit above; capped, it does not fit either.
  if (!fits(capAt(minimumCap))) return undefined;
  let low = minimumCap; // fits
  let high = Math.max(...data.map(([, value]) => jsonBytes(value))); // does not fit: the uncapped data did not
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (fits(capAt(middle))) low = middle;
    else high = middle;
  }
  return { data: capAt(low), shortenedKeys: data.filter(([, value]) => jsonBytes(value) > low).map(([key]) => key) };
}

function resolveReason(input: ResponseInput): string | undefined {
  const given = input.reason === undefined ? undefined : redactText(input.reason);
  if (input.status === 'FAILED') return given === undefined || given.trim() === '' ? DEFAULT_FAILURE_REASON : given;
  return given === undefined || given === '' ? undefined : given;
}

function assertValidPhysicalId(physicalResourceId: unknown): void {
  if (typeof physicalResourceId !== 'string' || physicalResourceId.trim() === '') {
    throw new TypeError('PhysicalResourceId must be a non-empty string.');
  }
  if (utf8Bytes(physicalResourceId) > MAX_PHYSICAL_ID_BYTES) {
    throw new TypeError(`PhysicalResourceId is ${utf8Bytes(physicalResourceId)} bytes; CloudFormation allows at most ${MAX_PHYSICAL_ID_BYTES}.`);
  }
}

function serializeBody(input: ResponseInput, reason: string | undefined, data: DataEntries | undefined): string {
  const body: Record<string, unknown> = { Status: input.status };
  if (reason !== undefined) body['Reason'] = reason;
  body['PhysicalResourceId'] = input.physicalResourceId;
  body['StackId'] = input.event.StackId;
  body['RequestId'] = input.event.RequestId;
  body['LogicalResourceId'] = input.event.LogicalResourceId;
  if (input.noEcho !== undefined) body['NoEcho'] = input.noEcho;
  if (data !== undefined) body['Data'] = Object.fromEntries(data);
  return JSON.stringify(body);
}

/**
 * The longest prefix of `text` (whole code points) that, with {@link TRUNCATION_MARKER} appended,
 * takes at most `maxBytes` bytes once escaped for JSON. Empty when not even the marker fits.
 */
export function truncateToJsonBytes(text: string, maxBytes: number): string {
  const room = maxBytes - jsonBytes(TRUNCATION_MARKER);
  if (room < 0) return '';
  let used = 0;
  let end = 0;
  // for...of walks code points, so a surrogate pair is never split.
  for (const character of text) {
    const cost = jsonBytes(character);
    if (used + cost > room) break;
    used += cost;
    end += character.length;
  }
  return text.slice(0, end) + TRUNCATION_MARKER;
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Bytes `text` takes inside a JSON string literal (escapes counted, quotes not). */
function jsonBytes(text: string): number {
  return utf8Bytes(JSON.stringify(text)) - 2;
}

function entryBytes(key: string, value: string): number {
  return jsonBytes(key) + jsonBytes(value);
}
