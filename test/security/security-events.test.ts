import { gql } from '@apollo/client';
import { Role } from '../../src/common/roles';
import { codeOf, type TestClient } from '../helpers/client';
import { linkToken } from '../helpers/mailbox';
import { DISABLE, LOGIN, REQUEST_RESET, RESET } from '../helpers/operations';
import { startTestServer, type TestServer } from '../helpers/server';

const EVENTS = gql`
  query Events($filter: SecurityEventFilter, $first: Int, $after: String) {
    securityEvents(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          type
          occurredAt
          attemptedUserId
          accountId
          clientAddress
          userAgent
          detail
          user {
            billingUserId
          }
          actor {
            billingUserId
          }
        }
      }
    }
  }
`;

let t: TestServer;
let cas: TestClient;
beforeAll(async () => {
  t = await startTestServer({ LOGIN_THROTTLE_USER_THRESHOLD: '2' });
  cas = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
});
afterAll(() => t.stop());

type Event = {
  type: string;
  attemptedUserId: string | null;
  clientAddress: string;
  userAgent: string | null;
  detail: string | null;
  user: { billingUserId: string } | null;
  actor: { billingUserId: string } | null;
};
const eventsOf = async (userId: string): Promise<Event[]> =>
  (await cas.query(EVENTS, { filter: { userId }, first: 50 })).data.securityEvents.edges
    .map((e: { node: Event }) => e.node)
    .reverse();

describe('security events', () => {
  it('record logins, throttling, resets and user changes with time, principal and client address, for account services', async () => {
    const user = await t.user(Role.BILLING_CONTACT);
    const anon = t.anonymous();
    await t.loginAs(user);
    const answers: string[] = [];
    for (let i = 0; i < 6 && !answers.includes('LOGIN_THROTTLED'); i++)
      answers.push(
        codeOf(await anon.mutate(LOGIN, { input: { userId: user.billingUserId, password: `wrong guess ${i}` } }))!,
      );
    const failures = answers.filter((a) => a === 'INVALID_CREDENTIALS').length;
    expect(answers.at(-1)).toBe('LOGIN_THROTTLED');
    await anon.mutate(REQUEST_RESET, { userId: user.billingUserId });
    const mail = await t.mailbox.waitFor((m) => m.to.includes(user.email) && /reset-password/.test(m.text));
    expect(
      (
        await anon.mutate(RESET, {
          input: { token: linkToken(mail, 'reset-password'), newPassword: 'a fresh and long passphrase' },
        })
      ).errors,
    ).toEqual([]);
    const casUser = (
      await cas.query(gql`
        {
          me {
            billingUserId
          }
        }
      `)
    ).data.me.billingUserId;
    expect((await cas.mutate(DISABLE, { id: user.id })).errors).toEqual([]);

    const events = await eventsOf(user.id);
    expect(events.map((e) => e.type)).toEqual([
      'USER_CREATED',
      'LOGIN_SUCCEEDED',
      ...Array(failures).fill('LOGIN_FAILED'),
      'LOGIN_THROTTLED',
      'PASSWORD_RESET_REQUESTED',
      'PASSWORD_RESET_COMPLETED',
      'USER_DISABLED',
    ]);
    for (const e of events.slice(1)) expect(e.clientAddress).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect(events[2]).toMatchObject({
      attemptedUserId: user.billingUserId,
      user: { billingUserId: user.billingUserId },
    });
    expect(events.at(-1)).toMatchObject({ type: 'USER_DISABLED', actor: { billingUserId: casUser } });
    // Nothing secret is kept: no passwords, no tokens.
    expect(JSON.stringify(events)).not.toMatch(/wrong guess|passphrase|token=/);

    // Unknown IDs are recorded too (for staff), with the ID as typed.
    await anon.mutate(LOGIN, { input: { userId: 'no.such.person', password: 'whatever it is' } });
    const unknown = (await cas.query(EVENTS, { filter: { type: 'LOGIN_FAILED' }, first: 1 })).data.securityEvents
      .edges[0].node;
    expect(unknown).toMatchObject({ attemptedUserId: 'no.such.person', user: null });
  });

  it('are for account services only', async () => {
    const contact = await t.loginAs(await t.user(Role.BILLING_CONTACT));
    const rep = await t.loginAs(await t.user(Role.SALES_REP));
    expect(codeOf(await contact.query(EVENTS, {}))).toBe('FORBIDDEN');
    expect(codeOf(await rep.query(EVENTS, {}))).toBe('FORBIDDEN');
    expect(codeOf(await t.anonymous().query(EVENTS, {}))).toBe('UNAUTHENTICATED');
  });
});
