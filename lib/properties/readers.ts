/**
 * Readers that turn one raw property value into a typed value, reporting a problem when the value
 * has the wrong shape. CloudFormation sends every scalar as a string ("true", "28"); other callers
 * (the plan CLI, tests) may send real booleans and numbers, so both are accepted.
 *
 * Conventions shared by every reader:
 * - `undefined`, `null` and a blank string mean "not given": the caller applies the default. A blank
 *   string is what a CloudFormation parameter with an empty default passes, so treating it as
 *   absent keeps templates simple.
 * - Scalars are trimmed (a CommaDelimitedList parameter keeps the spaces after the commas).
 * - Each reader reports at most one problem for the value as a whole and returns `INVALID`.
 */
import { describeKind, describeValue } from './describe-value';

/** The outcome of reading one value: the value, or a marker that a problem was reported. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

/** Receives one problem sentence. */
export type Report = (problem: string) => void;

/** Wraps a valid value. */
export function valid<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

/** The result of a value that had a problem (already reported). */
export const INVALID: Parsed<never> = Object.freeze({ ok: false });

/** One item of a list property, with the label that names it in messages (`SubnetIds[1]`). */
export interface ListItem {
  readonly text: string;
  readonly label: string;
}

/** True for the values that mean "not given". */
export function isAbsent(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

/** A JSON object: not null, not a list. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `got a list ["a"]`: the tail of a wrong-shape message. */
export function got(raw: unknown): string {
  return `got ${describeKind(raw)} ${describeValue(raw)}`;
}

/** A scalar as trimmed text, or undefined when it is a list or an object. */
function scalarText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw === 'boolean') return String(raw);
  return undefined;
}

/**
 * A scalar property as trimmed text; `undefined` when not given.
 *
 * @param expected what the property should be, for the wrong-shape message ("a VPC ID").
 * @example
 * readText('VpcId', ' vpc-0123abcd ', report, 'a VPC ID') // => valid('vpc-0123abcd')
 */
export function readText(property: string, raw: unknown, report: Report, expected: string): Parsed<string | undefined> {
  if (isAbsent(raw)) return valid(undefined);
  const text = scalarText(raw);
  if (text === undefined) {
    report(`${property} must be ${expected}; ${got(raw)}.`);
    return INVALID;
  }
  return valid(text);
}

/**
 * A list property, given as a list of strings or as one comma-separated string (a CommaDelimitedList
 * parameter, or `!Join`). Items are trimmed; blank items are dropped, so `""` and `[""]` are the empty
 * list. `undefined` when not given at all.
 *
 * @param expected what the list should hold, for the wrong-shape message ("subnet IDs").
 * @example
 * readTextList('SubnetIds', 'subnet-1a2b3c4d, subnet-5e6f7a8b', report, 'subnet IDs')
 * // => valid([{ text: 'subnet-1a2b3c4d', label: 'SubnetIds[0]' }, { text: 'subnet-5e6f7a8b', label: 'SubnetIds[1]' }])
 */
export function readTextList(
  property: string,
  raw: unknown,
  report: Report,
  expected: string,
): Parsed<readonly ListItem[] | undefined> {
  if (raw === undefined || raw === null) return valid(undefined);
  if (typeof raw === 'string') return valid(nonBlankItems(property, raw.split(',')));
  if (!Array.isArray(raw)) {
    report(`${property} must be a list of ${expected} or a comma-separated string; ${got(raw)}.`);
    return INVALID;
  }
  let wellShaped = true;
  const texts = raw.map((item: unknown, index) => {
    const text = typeof item === 'string' || typeof item === 'number' ? scalarText(item) : undefined;
    if (text === undefined) {
      report(`${property}[${index}] must be a string; ${got(item)}.`);
      wellShaped = false;
    }
    return text ?? '';
  });
  return wellShaped ? valid(nonBlankItems(property, texts)) : INVALID;
}

/** Labels keep the position in the list as given, so a message points at the right item. */
function nonBlankItems(property: string, texts: readonly string[]): ListItem[] {
  return texts
    .map((text, index) => ({ text: text.trim(), label: `${property}[${index}]` }))
    .filter((item) => item.text !== '');
}

/**
 * A boolean: `true`/`false` or the strings "true"/"false" in any case. `undefined` when not given.
 *
 * @example
 * readBoolean('PrivateDnsEnabled', 'FALSE', report) // => valid(false)
 */
export function readBoolean(property: string, raw: unknown, report: Report): Parsed<boolean | undefined> {
  if (isAbsent(raw)) return valid(undefined);
  if (typeof raw === 'boolean') return valid(raw);
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
  if (text === 'true' || text === 'false') return valid(text === 'true');
  report(`${property} must be "true" or "false"; ${got(raw)}.`);
  return INVALID;
}

/**
 * A whole number written in decimal digits ("28", " 28 ") or given as a number. Signs, decimals,
 * exponents and hex are rejected: "2.8e1" is not what anyone means by a prefix length.
 *
 * @example
 * readInteger('SubnetPrefixLength', '27', report, 'an integer from 16 to 28') // => valid(27)
 */
export function readInteger(property: string, raw: unknown, report: Report, expected: string): Parsed<number | undefined> {
  if (isAbsent(raw)) return valid(undefined);
  if (typeof raw === 'number' && Number.isSafeInteger(raw)) return valid(raw);
  if (typeof raw === 'string' && /^\d{1,9}$/.test(raw.trim())) return valid(Number(raw.trim()));
  report(`${property} must be ${expected}; ${got(raw)}.`);
  return INVALID;
}

/**
 * One of a fixed set of lower-case words, matched case-insensitively. `undefined` when not given.
 *
 * @example
 * readChoice('IpAddressType', 'DualStack', ['ipv4', 'dualstack', 'ipv6'], report) // => valid('dualstack')
 */
export function readChoice<T extends string>(
  property: string,
  raw: unknown,
  choices: readonly T[],
  report: Report,
): Parsed<T | undefined> {
  if (isAbsent(raw)) return valid(undefined);
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
  const choice = choices.find((candidate) => candidate === text);
  if (choice !== undefined) return valid(choice);
  report(`${property} must be one of ${choices.map((candidate) => `"${candidate}"`).join(', ')}; ${got(raw)}.`);
  return INVALID;
}

/**
 * Reports every item that repeats an earlier one (by `sameAs`) and returns the list without repeats.
 *
 * @param what how the repeated thing is called in the message ("subnet", "service").
 */
export function rejectRepeats(
  items: readonly ListItem[],
  report: Report,
  what: string,
  sameAs: (a: string, b: string) => boolean = (a, b) => a === b,
): ListItem[] {
  const kept: ListItem[] = [];
  for (const item of items) {
    const earlier = kept.find((candidate) => sameAs(candidate.text, item.text));
    if (earlier === undefined) {
      kept.push(item);
      continue;
    }
    const sameText = earlier.text === item.text;
    report(
      `${item.label} ${describeValue(item.text)} repeats ${earlier.label}` +
        (sameText ? '' : ` ${describeValue(earlier.text)} (the same ${what})`) +
        `; list each ${what} once.`,
    );
  }
  return kept;
}

/**
 * Wraps a report so that the caller can tell whether anything was reported through it: a compound
 * value (a tag list, a policy map) is valid only when none of its parts had a problem.
 */
export function countingReport(report: Report): { readonly report: Report; readonly count: () => number } {
  let reported = 0;
  return {
    report: (problem) => {
      reported++;
      report(problem);
    },
    count: () => reported,
  };
}
