import { gql } from '@apollo/client';
import { Role } from '../../src/common/roles';
import type { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

// Counted up to LIST_COUNT_LIMIT: a count over a long list costs as much as the rows it reads.
const COUNTED = gql`
  query ($filter: AccountFilter, $first: Int) {
    accounts(filter: $filter, first: $first) {
      totalCount
      totalCountIsExact
      pageInfo {
        hasNextPage
      }
      edges {
        node {
          organisationName
        }
      }
    }
  }
`;

let t: TestServer;
let cas: TestClient;
beforeAll(async () => {
  t = await startTestServer({ LIST_COUNT_LIMIT: '3' });
  cas = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
  for (const name of [
    'Counted A',
    'Counted B',
    'Counted C',
    'Counted D',
    'Counted E',
    'Trio 1',
    'Trio 2',
    'Trio 3',
    'Other',
  ])
    await t.account(name);
});
afterAll(() => t.stop());

describe('a list longer than LIST_COUNT_LIMIT', () => {
  it('says the limit and that the count is not exact, and still pages through every item', async () => {
    const long = (await cas.query(COUNTED, { filter: { search: 'counted' }, first: 4 })).data.accounts;
    expect(long.totalCount).toBe(3);
    expect(long.totalCountIsExact).toBe(false);
    expect(long.edges.map((e: any) => e.node.organisationName)).toEqual([
      'Counted A',
      'Counted B',
      'Counted C',
      'Counted D',
    ]);
    expect(long.pageInfo.hasNextPage).toBe(true);
  });

  it('counts a list within the limit exactly, up to the limit itself', async () => {
    const exactlyTheLimit = (await cas.query(COUNTED, { filter: { search: 'trio' } })).data.accounts;
    expect(exactlyTheLimit).toMatchObject({ totalCount: 3, totalCountIsExact: true });
    const short = (await cas.query(COUNTED, { filter: { search: 'other' } })).data.accounts;
    expect(short).toMatchObject({ totalCount: 1, totalCountIsExact: true });
    const none = (await cas.query(COUNTED, { filter: { search: 'nobody' } })).data.accounts;
    expect(none).toMatchObject({ totalCount: 0, totalCountIsExact: true, edges: [] });
  });
});
