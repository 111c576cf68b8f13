/**
 * Every way moto 5.2 and the project's simulator are known to answer the call sequence differently, each named with
 * who is closer to EC2 and why. The differential test fails on a difference not listed here, and on an entry that no
 * longer happens: the list is exactly what the two EC2s disagree on. docs/moto-conformance.md sums it up.
 *
 * Nothing here is copied into the simulator: where moto is kinder or wrong, the simulator keeps EC2's documented
 * behaviour; where the simulator looks wrong, the entry says so (`closer: 'moto'`) and the simulator is left to its
 * owners.
 */
import { create } from './create';
import type { KnownDifference } from './entry';
import { otherServices } from './other-services';
import { updateAndDelete } from './update-and-delete';
import { worldAndDiscovery } from './world-and-discovery';

export { explains, type KnownDifference } from './entry';

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [...worldAndDiscovery, ...otherServices, ...create, ...updateAndDelete];
