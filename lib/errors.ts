/**
 * One base error for everything the provisioner raises on purpose.
 *
 * `terminal` separates the two families the handler treats differently: a terminal error is the
 * user's to fix (bad input, a VPC that cannot host the endpoints) and is answered FAILED at once,
 * never retried; anything else may succeed on a later attempt.
 */
export class ProvisionerError extends Error {
  readonly terminal: boolean = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProvisionerError';
  }
}

/** Input the user must change: invalid properties or a VPC that does not meet the preconditions. */
export class UserInputError extends ProvisionerError {
  override readonly terminal = true;

  /** @param problems every problem found, each a sentence naming the property and value. */
  constructor(
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(UserInputError.describe(problems), options);
    this.name = 'UserInputError';
  }

  private static describe(problems: readonly string[]): string {
    if (problems.length === 1) return problems[0] as string;
    return `${problems.length} problems: ${problems.map((problem, index) => `(${index + 1}) ${problem}`).join(' ')}`;
  }
}

/** Invalid resource properties. Lists every problem at once. */
export class InvalidPropertiesError extends UserInputError {
  constructor(problems: readonly string[]) {
    super(problems);
    this.name = 'InvalidPropertiesError';
  }
}

/** The VPC as observed cannot take the requested endpoints (checked before any write). */
export class PreconditionFailedError extends UserInputError {
  constructor(problems: readonly string[]) {
    super(problems);
    this.name = 'PreconditionFailedError';
  }
}

/** No free aligned block of the requested size is left for an AZ. */
export class CidrExhaustedError extends UserInputError {
  constructor(
    readonly azId: string,
    readonly prefixLength: number,
    /** The largest free aligned block that exists, or undefined when nothing is free at all. */
    readonly largestFreeBlock: string | undefined,
  ) {
    super([`No free /${prefixLength} block is left in the VPC for AZ ${azId}; ${CidrExhaustedError.advise(prefixLength, largestFreeBlock)}`]);
    this.name = 'CidrExhaustedError';
  }

  private static advise(prefixLength: number, largestFreeBlock: string | undefined): string {
    // A prefix longer than 32 can only be IPv6, whose subnets are always /64: there a shorter prefix is no remedy.
    const ipv6 = prefixLength > 32;
    const moreSpace = ipv6 ? 'associate an IPv6 CIDR block with the VPC' : 'associate a secondary CIDR block with the VPC';
    if (largestFreeBlock === undefined) return `the VPC has no free address space at all. Free some, or ${moreSpace}.`;
    const largestPrefix = Number(largestFreeBlock.split('/')[1]);
    if (largestPrefix > prefixLength) {
      const shorten = ipv6 ? '' : `Set SubnetPrefixLength to /${largestPrefix} or longer, or `;
      return `the largest free block is ${largestFreeBlock}. ${shorten || 'Free some address space, or '}${moreSpace}.`;
    }
    // A block this large exists, so earlier AZs took the rest: the free space does not hold one block per AZ.
    // /28 is the smallest subnet AWS allows: there a longer prefix is no remedy either.
    const shorten = ipv6 || prefixLength >= 28 ? '' : 'a longer SubnetPrefixLength, ';
    return `the free space (largest block ${largestFreeBlock}) does not hold one /${prefixLength} block per AZ. Use ${shorten}fewer AZs, or ${moreSpace}.`;
  }
}

/** Work that did not finish in time (endpoints still pending, ENIs still draining). Retryable. */
export class StillPendingError extends ProvisionerError {
  constructor(
    message: string,
    readonly pending: readonly string[],
  ) {
    super(message);
    this.name = 'StillPendingError';
  }
}

/**
 * The invocation's working time ran out before an EC2 call could be made (or paced): not a wait for EC2, so a hand-over
 * after it made no write counts as one without progress.
 */
export class OutOfTimeError extends StillPendingError {
  constructor(action: string) {
    super(`Ran out of working time before ${action}`, [action]);
    this.name = 'OutOfTimeError';
  }
}

/** The observation a plan was made from is out of date (someone took a block, or a resource was not yet visible). */
export class StaleObservationError extends ProvisionerError {
  constructor(message: string) {
    super(message);
    this.name = 'StaleObservationError';
  }
}

/**
 * EC2 answered a CreateVpcEndpoint with an endpoint that is already deleted: the client token (bound to StackId + RequestId,
 * see endpointClientToken) was used before, by this same request, whose endpoint a later operation removed. CloudFormation
 * never reuses a RequestId, so the request is an old one delivered again (Lambda may redeliver an asynchronous event), or
 * an event replayed by hand. Terminal: every retry of the same request meets the same answer.
 */
export class StaleDeliveryError extends ProvisionerError {
  override readonly terminal = true;

  constructor(
    readonly endpointId: string,
    readonly service: string,
    readonly requestId: string,
  ) {
    super(
      `Repeated delivery of an old request (RequestId ${requestId}): EC2 answered its CreateVpcEndpoint for ${service} with ${endpointId}, ` +
        'the endpoint this same request created before and a later stack operation has deleted since; nothing was re-created. ' +
        'CloudFormation sends each RequestId once and is not waiting for this answer: if Lambda delivered the event again, nothing needs doing. ' +
        'If you replayed an event file by hand (sam local invoke, npm run invoke --request-id), give the event a new RequestId.',
    );
    this.name = 'StaleDeliveryError';
  }
}

/** True when the error is one the user must fix and a retry cannot help. */
export function isTerminal(error: unknown): boolean {
  return error instanceof ProvisionerError && error.terminal;
}
