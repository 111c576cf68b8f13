/**
 * The shape of an SDK-parsed response: every element path with the type of its value, IDs and values aside. Two EC2s
 * that answer a call with the same shape give the provider the same elements to read.
 *
 * A path names list elements `[]` (the union over every element of the list) and object keys by name:
 * `Subnets[].Tags[].Key` → `string`. An empty list counts as no list at all: EC2 omits some empty lists and sends
 * others, the SDK's model makes every list optional, and the provider reads each with `?? []`.
 */

/** The type of a leaf as the SDK parses it (timestamps become Dates). */
export type LeafType = 'string' | 'number' | 'boolean' | 'timestamp' | 'object' | 'list';

/** Path → type. A path holding different types in different elements lists them joined by `|`, sorted. */
export type Shape = ReadonlyMap<string, string>;

/** Keys the SDK adds to every output, not part of EC2's answer. */
const SDK_KEYS = new Set(['$metadata']);

/**
 * @example
 * shapeOf({ Subnets: [{ SubnetId: 'subnet-1', Tags: [] }] }); // Map { 'Subnets' => 'list', 'Subnets[]' => 'object', 'Subnets[].SubnetId' => 'string' }
 */
export function shapeOf(output: unknown): Shape {
  const types = new Map<string, Set<string>>();
  visit(output, '', types);
  return new Map([...types].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, set]) => [path, [...set].sort().join('|')]));
}

function visit(value: unknown, path: string, types: Map<string, Set<string>>): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    if (value.length === 0) return;
    record(types, path, 'list');
    for (const element of value) visit(element, `${path}[]`, types);
    return;
  }
  if (value instanceof Date) {
    record(types, path, 'timestamp');
    return;
  }
  if (typeof value === 'object') {
    if (path !== '') record(types, path, 'object');
    for (const [key, inner] of Object.entries(value)) {
      if (path === '' && SDK_KEYS.has(key)) continue;
      visit(inner, path === '' ? key : `${path}.${key}`, types);
    }
    return;
  }
  record(types, path, typeof value);
}

function record(types: Map<string, Set<string>>, path: string, type: string): void {
  const set = types.get(path) ?? new Set<string>();
  set.add(type);
  types.set(path, set);
}

/** One path where two shapes disagree: present on one side only, or of another type. */
export interface ShapeDifference {
  readonly path: string;
  /** The type in the simulator's answer; undefined when the simulator sent no such element. */
  readonly sim: string | undefined;
  /** The type in moto's answer; undefined when moto sent no such element. */
  readonly moto: string | undefined;
}

/**
 * Every path where the two shapes disagree, in path order. A path missing on one side whose parent is missing there
 * too is reported once, at the parent: a list moto leaves out is one difference, not one per element field.
 */
export function compareShapes(sim: Shape, moto: Shape): ShapeDifference[] {
  const paths = [...new Set([...sim.keys(), ...moto.keys()])].sort();
  const differences: ShapeDifference[] = [];
  for (const path of paths) {
    const simType = sim.get(path);
    const motoType = moto.get(path);
    if (simType === motoType) continue;
    const parent = parentOf(path);
    const parentMissing = parent !== undefined && (simType === undefined ? !sim.has(parent) : motoType === undefined ? !moto.has(parent) : false);
    if (parentMissing) continue;
    differences.push({ path, sim: simType, moto: motoType });
  }
  return differences;
}

function parentOf(path: string): string | undefined {
  if (path.endsWith('[]')) return path.slice(0, -2);
  const dot = path.lastIndexOf('.');
  return dot === -1 ? undefined : path.slice(0, dot);
}
