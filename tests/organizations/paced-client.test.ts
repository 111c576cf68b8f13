import { ListParentsCommand } from '@aws-sdk/client-organizations';
import { isOrganizationsRetryable } from '../../lib/organizations/errors';
import { PacedOrganizationsClient } from '../../lib/organizations/paced-client';
import { VirtualClock } from '../support/ec2-sim';
import { scriptedSender } from '../support/scripted-sender';

function organizationsError(name: string, status = 400): Error {
  return Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });
}

function scriptedClient(clock: VirtualClock, outcomes: (Error | 'ok')[]) {
  return scriptedSender(clock, outcomes, { Parents: [] });
}

const listParents = () => new ListParentsCommand({ ChildId: '444455556666' });

describe('PacedOrganizationsClient', () => {
  it('sends a burst of 10 at once, then waits for the next token (2 a second)', async () => {
    const clock = new VirtualClock();
    const client = scriptedClient(clock, []);
    const paced = new PacedOrganizationsClient(client, { clock, random: () => 0 });

    await Promise.all(Array.from({ length: 11 }, () => paced.send(listParents())));

    expect(client.arrivals.slice(0, 10)).toEqual(Array.from({ length: 10 }, () => 0));
    expect(client.arrivals[10]).toBeGreaterThanOrEqual(500);
  });

  it('retries TooManyRequestsException and answers the call that then succeeds', async () => {
    const clock = new VirtualClock();
    const client = scriptedClient(clock, [organizationsError('TooManyRequestsException'), 'ok']);

    const output = await new PacedOrganizationsClient(client, { clock, random: () => 0 }).send(listParents());

    expect(output).toEqual({ Parents: [] });
    expect(client.arrivals).toHaveLength(2);
  });

  it.each(['AccessDeniedException', 'AWSOrganizationsNotInUseException', 'ChildNotFoundException'])('hands %s to the caller at once', async (code) => {
    const clock = new VirtualClock();
    const client = scriptedClient(clock, [organizationsError(code)]);

    await expect(new PacedOrganizationsClient(client, { clock, random: () => 0 }).send(listParents())).rejects.toMatchObject({ name: code });
    expect(client.arrivals).toHaveLength(1);
  });

  it.each([
    ['TooManyRequestsException', true],
    ['ServiceException', true],
    ['AccessDeniedException', false],
    ['InvalidInputException', false],
  ])('takes %s for retryable: %s', (code, expected) => {
    expect(isOrganizationsRetryable(organizationsError(code))).toBe(expected);
  });
});
