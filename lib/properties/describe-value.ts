/**
 * How a received value is shown inside a problem message: quoted as JSON so that `"28"` and `28`
 * read differently, and cut short so that one long policy cannot crowd out the other problems
 * (the whole FAILED response to CloudFormation is limited to 4096 bytes).
 */

/** Values longer than this many characters are truncated in messages. */
export const MAX_DESCRIBED_CHARS = 60;

const ELLIPSIS = '…';

/**
 * The value as it should appear in a problem message.
 *
 * @example
 * describeValue('vpc-12') // => '"vpc-12"'
 * describeValue(28) // => '28'
 * describeValue(['a', 'b']) // => '["a","b"]'
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return quoteTruncated(value);
  return truncate(toJsonText(value));
}

/**
 * The JSON kind of a value, with its article: used in "expected a list; got an object".
 *
 * @example
 * describeKind({}) // => 'an object'
 */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/** Quotes a string, keeping the closing quote visible when the text is cut. */
function quoteTruncated(text: string): string {
  const characters = Array.from(text);
  if (characters.length + 2 <= MAX_DESCRIBED_CHARS) return JSON.stringify(text);
  const kept = characters.slice(0, MAX_DESCRIBED_CHARS - 3).join('');
  return `${JSON.stringify(kept).slice(0, -1)}${ELLIPSIS}"`;
}

function truncate(text: string): string {
  const characters = Array.from(text);
  if (characters.length <= MAX_DESCRIBED_CHARS) return text;
  return characters.slice(0, MAX_DESCRIBED_CHARS - 1).join('') + ELLIPSIS;
}

/** JSON text of anything, without throwing: callers other than CloudFormation may pass anything. */
function toJsonText(value: unknown): string {
  try {
    const text = JSON.stringify(value) as string | undefined;
    return text ?? String(value);
  } catch {
    return String(value);
  }
}
