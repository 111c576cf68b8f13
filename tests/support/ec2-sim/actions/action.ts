import type { ActionContext } from '../context';

/** One EC2 action: reads the SDK-shaped input, changes the world, returns the SDK-shaped output. */
export type ActionHandler = (ctx: ActionContext, input: Record<string, unknown>) => object;

/** Types a handler by its SDK request shape; the simulator's entry point passes untyped input. */
export function action<Input>(handler: (ctx: ActionContext, input: Input) => object): ActionHandler {
  return (ctx, input) => handler(ctx, input as Input);
}

/** A module's actions by EC2 action name. */
export type ActionTable = Readonly<Record<string, ActionHandler>>;
