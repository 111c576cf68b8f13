/**
 * The consumer's entry on the shared lifecycle (lib/lifecycle.ts): what a consumer event is answered, given the stack it
 * came from. Until the consumer is wired to AWS, a Create or Update reads its properties (so that a template's mistakes
 * show now) and is refused as not available; a Delete has nothing to undo, since no version made anything.
 *
 * Pure: no AWS SDK; nothing here calls AWS.
 */
import { ProvisionerError } from '../errors';
import type { CustomResourceEvent, StackArnParts } from '../protocol/event';
import { parseConsumerProperties } from './properties';
import { CONSUMER_RESOURCE_TYPE } from './resource-type';

/** A consumer's request refused because this version does not serve the type yet. Terminal: a retry cannot help. */
export class ConsumerNotAvailableError extends ProvisionerError {
  override readonly terminal = true;

  constructor() {
    super(`${CONSUMER_RESOURCE_TYPE} is not available yet in this version`);
    this.name = 'ConsumerNotAvailableError';
  }
}

/** The answer to a consumer event, in the shape the lifecycle sends. */
export interface ConsumerAnswer {
  readonly kind: 'answer';
  readonly status: 'SUCCESS';
  readonly physicalId: string;
  readonly reason: string;
  readonly writes: 0;
}

/**
 * Answers a consumer event without any AWS call.
 *
 * @throws InvalidPropertiesError on a Create or Update whose properties are wrong (every problem at once).
 * @throws ConsumerNotAvailableError on a Create or Update whose properties are right.
 * @example
 * answerConsumerEvent(deleteEvent, stack) // { kind: 'answer', status: 'SUCCESS', physicalId, reason: 'Nothing to delete: …', writes: 0 }
 */
export function answerConsumerEvent(event: CustomResourceEvent, stack: Pick<StackArnParts, 'partition' | 'region'>): ConsumerAnswer {
  if (event.RequestType === 'Delete') {
    return {
      kind: 'answer',
      status: 'SUCCESS',
      physicalId: event.PhysicalResourceId,
      reason: `Nothing to delete: ${CONSUMER_RESOURCE_TYPE} is not available yet in this version, so nothing was made.`,
      writes: 0,
    };
  }
  parseConsumerProperties(event.ResourceProperties, stack);
  throw new ConsumerNotAvailableError();
}
