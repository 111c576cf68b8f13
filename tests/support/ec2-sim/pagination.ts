import { simErrors } from './errors';

/** An action's MaxResults rule, per the EC2 API reference of that action. */
export interface PageRule {
  /** Smallest accepted MaxResults; 0 when EC2 documents none. */
  readonly min: number;
  readonly max: number;
  /** True where EC2 documents "if greater than max, we return max" instead of an error. */
  readonly clampAboveMax?: boolean;
}

export const PAGE_RULES = {
  standard: { min: 5, max: 1000 },
  routeTables: { min: 5, max: 100 },
  clamped: { min: 1, max: 1000, clampAboveMax: true },
} as const satisfies Record<string, PageRule>;

/**
 * One page of `items`. Without MaxResults EC2 returns everything, unless the `maxPageSize` fault
 * caps pages to make clients prove they follow NextToken.
 */
export function paginate<T>(
  items: readonly T[],
  request: { MaxResults?: number | undefined; NextToken?: string | undefined },
  rule: PageRule,
  maxPageSize: number | undefined,
): { page: T[]; nextToken?: string } {
  let size = items.length;
  if (request.MaxResults !== undefined) {
    const requested = request.MaxResults;
    if (!Number.isInteger(requested) || requested < rule.min || (requested > rule.max && !rule.clampAboveMax)) {
      throw simErrors.invalidParameterValue(`Value ( ${requested} ) for parameter maxResults is invalid. Expecting a value between ${rule.min} and ${rule.max}.`);
    }
    size = Math.min(requested, rule.max);
  }
  if (maxPageSize !== undefined) size = Math.min(size, Math.max(1, maxPageSize));
  const start = request.NextToken === undefined || request.NextToken === '' ? 0 : decodeToken(request.NextToken);
  const page = items.slice(start, start + size);
  const next = start + page.length;
  return next < items.length ? { page, nextToken: encodeToken(next) } : { page };
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64');
}

function decodeToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset?: unknown };
    if (typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0) return parsed.offset;
  } catch {
    // fall through to the EC2 error below
  }
  throw simErrors.invalidParameterValue(`Invalid value '${token}' for nextToken`);
}
