import type { Filter } from '@aws-sdk/client-ec2';
import { simErrors } from './errors';
import type { TagMap } from './state';

/** What a filter name reads from an item: one value, several, or none. */
export type FilterField<T> = (item: T) => string | boolean | number | undefined | ReadonlyArray<string | undefined>;

/** The filters an action accepts, besides `tag:<key>` and `tag-key` when the resource has tags. */
export interface FilterSpec<T> {
  readonly fields: Readonly<Record<string, FilterField<T>>>;
  readonly tags?: (item: T) => TagMap;
}

/**
 * EC2 filter semantics: values of one filter are ORed, filters are ANDed, `*` and `?` are
 * wildcards, and an unknown filter name is rejected (`InvalidParameterValue`).
 */
export function applyFilters<T>(items: readonly T[], filters: readonly Filter[] | undefined, spec: FilterSpec<T>): T[] {
  const predicates = (filters ?? []).map((filter) => compile(filter, spec));
  return items.filter((item) => predicates.every((matches) => matches(item)));
}

function compile<T>(filter: Filter, spec: FilterSpec<T>): (item: T) => boolean {
  const name = filter.Name ?? '';
  const patterns = (filter.Values ?? []).map(wildcard);
  const anyMatches = (values: ReadonlyArray<string | undefined>) =>
    values.some((value) => value !== undefined && patterns.some((pattern) => pattern.test(value)));

  const tagsOf = spec.tags;
  if (tagsOf && name.startsWith('tag:')) {
    const key = name.slice(4);
    return (item) => {
      const value = tagsOf(item).get(key);
      return value !== undefined && anyMatches([value]);
    };
  }
  if (tagsOf && name === 'tag-key') return (item) => anyMatches([...tagsOf(item).keys()]);
  if (tagsOf && name === 'tag-value') return (item) => anyMatches([...tagsOf(item).values()]);

  const field = spec.fields[name];
  if (!field) throw simErrors.invalidParameterValue(`The filter '${name}' is invalid`);
  return (item) => {
    const raw = field(item);
    const values = Array.isArray(raw) ? raw : [raw === undefined ? undefined : String(raw)];
    return anyMatches(values as ReadonlyArray<string | undefined>);
  };
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}
