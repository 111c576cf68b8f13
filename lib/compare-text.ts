/**
 * Code-unit order of two strings: the same on every machine, unlike localeCompare, so plans, outputs and trimming are
 * deterministic wherever the provider runs. Pure.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
