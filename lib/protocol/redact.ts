/**
 * Keeps the ResponseURL out of logs and error messages.
 *
 * The URL is a presigned S3 URL: whoever holds it can answer CloudFormation in the stack's name
 * until it expires (about two hours). It arrives in the event and can leak through anything that
 * echoes it: a logged event, an error message from an HTTP library, a `cause` chain.
 */

/** What every redacted value is replaced with. */
export const REDACTED = '[redacted]';

/** Query parameters that make a URL a credential (SigV4 and the older SigV2 presigned forms). */
const SIGNING_PARAMETERS = ['X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token', 'Signature', 'AWSAccessKeyId'];

// Any http(s) URL, up to whitespace or a character that usually closes a quoted or bracketed URL.
const URL_PATTERN = /https?:\/\/[^\s"'<>`]+/gi;
// A signing parameter followed by `=` (or its percent-encoded form, when a URL is nested in another).
// Not preceded by a letter or hyphen, so `Signature` does not match inside `X-Amz-Signature`; a digit
// may precede it, as in a JSON-escaped `\u0026X-Amz-Signature=`.
const SIGNING_PARAMETER_PATTERN = new RegExp(`(?<![A-Za-z-])(${SIGNING_PARAMETERS.join('|')})(=|%3D)`, 'i');
// The same parameter with its value, for the second pass over text that is not a whole URL.
const SIGNING_VALUE_PATTERN = new RegExp(`(?<![A-Za-z-])(${SIGNING_PARAMETERS.join('|')})(=|%3D)[^&\\s"'<>\`]*`, 'gi');

const MAX_DEPTH = 16;

/**
 * Replaces every presigned URL inside `text` with `[redacted]`, and any signing parameter value
 * left over (a truncated or re-encoded URL) with `<parameter>=[redacted]`. Other URLs stay.
 *
 * @example
 * redactText('PUT https://b.s3.amazonaws.com/k?X-Amz-Signature=abc failed') // 'PUT [redacted] failed'
 */
export function redactText(text: string): string {
  const withoutUrls = text.replace(URL_PATTERN, (url) => (SIGNING_PARAMETER_PATTERN.test(url) ? REDACTED : url));
  return withoutUrls.replace(SIGNING_VALUE_PATTERN, (_match, parameter: string, equals: string) => `${parameter}${equals}${REDACTED}`);
}

/**
 * A deep copy of `value` that is safe to log: every `ResponseURL` field (any letter case) becomes
 * `[redacted]`, and every string goes through {@link redactText}.
 *
 * Errors are copied with their prototype and own properties (message, stack, cause, ...), so they
 * still read as errors. Cycles become `'[circular]'` and nesting deeper than 16 levels becomes
 * `'[too deep]'`: the copy exists to be serialised, and both would break or bloat a log line.
 *
 * @example
 * redact({ RequestType: 'Create', ResponseURL: 'https://...' }) // { RequestType: 'Create', ResponseURL: '[redacted]' }
 */
export function redact<T>(value: T): T {
  return copyRedacted(value, new Set(), 0) as T;
}

function copyRedacted(value: unknown, ancestors: Set<object>, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';

  ancestors.add(value);
  try {
    const next = (child: unknown): unknown => copyRedacted(child, ancestors, depth + 1);
    if (Array.isArray(value)) return value.map(next);
    if (value instanceof Date) return new Date(value.getTime());
    if (value instanceof Map) return new Map([...value].map(([key, entry]) => [next(key), next(entry)]));
    if (value instanceof Set) return new Set([...value].map(next));
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
    return copyObject(value, next);
  } finally {
    ancestors.delete(value);
  }
}

/** Copies own string-keyed data properties, keeping the prototype and enumerability (so an Error stays an Error). */
function copyObject(source: object, next: (child: unknown) => unknown): object {
  const copy = Object.create(Object.getPrototypeOf(source)) as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(source)) {
    const descriptor = Object.getOwnPropertyDescriptor(source, key);
    if (descriptor === undefined || !('value' in descriptor)) continue; // accessors are not data; skip rather than run them
    const redacted = isResponseUrlKey(key) && descriptor.value !== undefined ? REDACTED : next(descriptor.value);
    Object.defineProperty(copy, key, { value: redacted, enumerable: descriptor.enumerable, writable: true, configurable: true });
  }
  return copy;
}

function isResponseUrlKey(key: string): boolean {
  return key.toLowerCase() === 'responseurl';
}
