/**
 * paginate: every page of a listing, ended only by a missing (or empty) NextToken.
 */
import { paginate } from '../../lib/ec2/paginate';

function pagesOf(...pages: object[]): { send: (command: { token?: string }) => Promise<object | undefined>; tokens: (string | undefined)[] } {
  const tokens: (string | undefined)[] = [];
  return {
    tokens,
    async send(command) {
      tokens.push(command.token);
      return pages.shift();
    },
  };
}

describe('paginate', () => {
  it('reads on through an empty page that still carries a NextToken, asking with each token in turn', async () => {
    const client = pagesOf({ Items: [1, 2], NextToken: 'a' }, { Items: [], NextToken: 'b' }, { Items: [3] });

    await expect(paginate<number>(client, (token) => ({ token }), 'Items')).resolves.toEqual([1, 2, 3]);
    expect(client.tokens).toEqual([undefined, 'a', 'b']);
  });

  it('stops on an empty NextToken, and reads a page without the list as empty', async () => {
    const client = pagesOf({ NextToken: '' }, { Items: [9] });

    await expect(paginate<number>(client, (token) => ({ token }), 'Items')).resolves.toEqual([]);
    expect(client.tokens).toEqual([undefined]);
  });
});
