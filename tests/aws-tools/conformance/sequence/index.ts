/**
 * One sequence of EC2 calls, sent in turn to the project's simulator and to moto: the world a user's VPC holds, then
 * every call the provider makes, as it makes them (lib/reconcile/discovery.ts, observe-owned.ts, apply.ts,
 * dependency-blockers.ts, and its Route 53 and Service Quotas reads), with the errors it must recognise. Each target keeps its own IDs: a step names resources by
 * label (`ids.vpc`), and each side fills the labels from its own answers.
 */
import { create } from './create';
import type { Step } from './step';
import { teardown, update } from './update-and-delete';
import { otherServices } from './other-services';
import { discovery, world } from './world-and-discovery';

export type { Clients, Ids, Outcome, Step } from './step';

/** The whole sequence, in order. */
export const CALL_SEQUENCE: readonly Step[] = [...world, ...discovery, ...otherServices, ...create, ...update, ...teardown];
