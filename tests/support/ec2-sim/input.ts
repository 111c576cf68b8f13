import { simErrors } from './errors';

/** A required request parameter, or MissingParameter as EC2 reports it. */
export function required<T>(value: T | undefined | null, name: string): T {
  if (value === undefined || value === null || value === '') throw simErrors.missingParameter(name);
  return value;
}

/** An optional list parameter as an array (absent → empty). */
export function list<T>(value: readonly T[] | undefined | null): T[] {
  return value ? [...value] : [];
}

/** Rejects a list parameter that names the same id twice, as EC2 does. */
export function distinct(values: readonly string[], name: string): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw simErrors.invalidParameterValue(`The parameter ${name} contains a duplicate value: ${value}`);
    seen.add(value);
  }
  return [...values];
}
