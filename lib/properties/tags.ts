/**
 * The Tags property: `[{Key, Value}]` copied onto every resource this provider creates.
 * Limits come from EC2 (50 tags per resource, keys 1–128 and values 0–256 characters, `aws:`
 * reserved) minus room for this provider's own tags.
 */
import { OWN_TAG_PREFIX, type Tag } from './spec';
import { describeValue } from './describe-value';
import { nearestName } from './nearest-name';
import { countingReport, got, INVALID, isAbsent, valid, type Parsed, type Report } from './readers';

/** At most this many user tags: EC2 allows 50 per resource, and this provider writes up to 5 of its own plus Name. */
export const MAX_USER_TAGS = 40;
export const MAX_TAG_KEY_CHARS = 128;
export const MAX_TAG_VALUE_CHARS = 256;
const AWS_RESERVED_PREFIX = 'aws:';
const TAG_FIELDS: readonly string[] = ['Key', 'Value'];

/**
 * Reads the Tags property; `undefined` when not given. Reports every problem of every tag.
 * Keys and values are kept exactly as written (no trimming): they are the user's data.
 *
 * @example
 * readTags('Tags', [{ Key: 'team', Value: 'platform' }], report) // => valid([{ key: 'team', value: 'platform' }])
 */
export function readTags(property: string, raw: unknown, report: Report): Parsed<readonly Tag[] | undefined> {
  if (isAbsent(raw)) return valid(undefined);
  if (!Array.isArray(raw)) {
    report(`${property} must be a list of {Key, Value} objects; ${got(raw)}.`);
    return INVALID;
  }
  const counted = countingReport(report);
  const tags: Tag[] = [];
  const labels: string[] = [];
  raw.forEach((item: unknown, index) => {
    const tag = readTag(`${property}[${index}]`, item, counted.report);
    if (tag === undefined) return;
    const earlierIndex = tags.findIndex((earlier) => earlier.key === tag.key);
    if (earlierIndex >= 0) {
      counted.report(
        `${property}[${index}].Key ${describeValue(tag.key)} repeats ${labels[earlierIndex]}.Key; each tag key can appear once.`,
      );
      return;
    }
    tags.push(tag);
    labels.push(`${property}[${index}]`);
  });
  if (raw.length > MAX_USER_TAGS) {
    counted.report(
      `${property} has ${raw.length} tags; at most ${MAX_USER_TAGS} are allowed (EC2 allows 50 per resource, and this ` +
        `provider adds its own ownership tags and a Name).`,
    );
  }
  return counted.count() === 0 ? valid(tags) : INVALID;
}

/** One tag, or undefined after reporting its problems. */
function readTag(label: string, item: unknown, report: Report): Tag | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    report(`${label} must be an object with Key and Value; ${got(item)}.`);
    return undefined;
  }
  const fields = item as Record<string, unknown>;
  let wellFormed = true;
  for (const field of Object.keys(fields).filter((name) => !TAG_FIELDS.includes(name))) {
    const suggestion = nearestName(field, TAG_FIELDS);
    report(
      `${label} has an unknown field ${describeValue(field)}; a tag has only Key and Value.` +
        (suggestion === undefined ? '' : ` Did you mean \`${suggestion}\`?`),
    );
    wellFormed = false;
  }
  const key = readTagText(`${label}.Key`, fields['Key'], report);
  const value = readTagText(`${label}.Value`, fields['Value'], report);
  if (key !== undefined && !isAcceptableKey(`${label}.Key`, key, report)) wellFormed = false;
  if (value !== undefined && Array.from(value).length > MAX_TAG_VALUE_CHARS) {
    report(`${label}.Value ${describeValue(value)} is longer than ${MAX_TAG_VALUE_CHARS} characters.`);
    wellFormed = false;
  }
  return wellFormed && key !== undefined && value !== undefined ? { key, value } : undefined;
}

/** Key and Value are strings in CloudFormation; numbers and booleans from other callers become strings. */
function readTagText(label: string, raw: unknown, report: Report): string | undefined {
  if (typeof raw === 'string') return raw;
  if ((typeof raw === 'number' && Number.isFinite(raw)) || typeof raw === 'boolean') return String(raw);
  report(raw === undefined ? `${label} is required.` : `${label} must be a string; ${got(raw)}.`);
  return undefined;
}

function isAcceptableKey(label: string, key: string, report: Report): boolean {
  const length = Array.from(key).length;
  const lowerCase = key.toLowerCase();
  if (length < 1 || length > MAX_TAG_KEY_CHARS) {
    report(`${label} ${describeValue(key)} must be 1 to ${MAX_TAG_KEY_CHARS} characters long.`);
  } else if (lowerCase.startsWith(AWS_RESERVED_PREFIX)) {
    report(`${label} ${describeValue(key)} starts with "${AWS_RESERVED_PREFIX}", which AWS reserves for its own tags.`);
  } else if (lowerCase.startsWith(OWN_TAG_PREFIX)) {
    // Case-insensitive although EC2 keys are case-sensitive: a look-alike ownership tag would confuse people and policies.
    report(`${label} ${describeValue(key)} starts with "${OWN_TAG_PREFIX}", which this provider reserves for its ownership tags.`);
  } else {
    return true;
  }
  return false;
}
