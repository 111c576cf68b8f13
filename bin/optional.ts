/** `{ [key]: value }` when the value is set, `{}` otherwise, so absent fields stay out of objects (and JSON). */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
