/**
 * DNS names as Route 53 stores and answers them (Route 53 Developer Guide, "DNS domain name format"): fully qualified
 * with the trailing dot, case-insensitive (answered in lower case), and every character other than a–z, 0–9, `-`, `_`
 * and `.` returned as an octal escape: a wildcard record is listed as `\052.example.com.`.
 */

/** The stored form of a name given in a request (`*.Example.com` → `\052.example.com.`). */
export function canonicalName(name: string): string {
  const unescaped = name.replace(/\\([0-7]{3})/g, (_match, octal: string) => String.fromCharCode(parseInt(octal, 8)));
  const absolute = unescaped.endsWith('.') ? unescaped : `${unescaped}.`;
  return absolute.toLowerCase().replace(/[^a-z0-9\-_.]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

/** The name with escapes undone (`\052.example.com.` → `*.example.com.`). */
export function plainName(name: string): string {
  return name.replace(/\\([0-7]{3})/g, (_match, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** Whether `name` is `zone` or lies under it (both canonical). */
export function isWithin(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

/** The labels reversed (`www.example.com.` → `com.example.www`): Route 53 lists record sets in this order. */
export function reversedLabels(name: string): string {
  return name.replace(/\.$/, '').split('.').reverse().join('.');
}

/** A plausible domain name: labels of 1–63 characters, 255 in all (Route 53 Developer Guide, "DNS domain name format"). */
export function isValidDomainName(name: string): boolean {
  const plain = plainName(name).replace(/\.$/, '');
  if (plain.length === 0 || plain.length > 253) return false;
  return plain.split('.').every((label) => label.length > 0 && label.length <= 63);
}
