import { gql } from '@apollo/client';
import { addDays, today } from '../../../src/common/dates';
import { Role } from '../../../src/common/roles';
import { codeOf, type TestClient } from '../../helpers/client';
import { catalogue, customer } from '../../helpers/fixtures';
import { ACCOUNT } from '../../helpers/operations';
import { startTestServer, type TestServer } from '../../helpers/server';
import { singleProcess } from '../../helpers/federation';

const FIELDS = `id reference type status subject details wantedFrequency reason wantedDate formKind invoiceNumber resolutionNote
  assigneeName closedAt account { id } filedBy { id } comments { body authorRole authorName }`;
const FILE = gql`
  mutation ($input: FileRequestInput!) {
    fileServiceRequest(input: $input) { ${FIELDS} }
  }
`;
const LIST = gql`
  query ($filter: ServiceRequestFilter, $first: Int, $after: String) {
    serviceRequests(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          reference
          type
          status
          account {
            id
          }
        }
      }
    }
  }
`;
const GET = gql`
  query ($id: ID!) {
    serviceRequest(id: $id) { ${FIELDS} }
  }
`;
const TAKE = gql`
  mutation ($id: ID!) {
    takeServiceRequest(id: $id) { ${FIELDS} }
  }
`;
const COMMENT = gql`
  mutation ($id: ID!, $body: String!) {
    commentOnServiceRequest(id: $id, body: $body) {
      body
      authorRole
    }
  }
`;
const RESOLVE = gql`
  mutation ($id: ID!, $note: String!, $apply: Boolean) {
    resolveServiceRequest(id: $id, note: $note, applyChange: $apply) { ${FIELDS} }
  }
`;
const DECLINE = gql`
  mutation ($id: ID!, $note: String!) {
    declineServiceRequest(id: $id, note: $note) { ${FIELDS} }
  }
`;
const SUBSCRIPTION = gql`
  query ($id: ID) {
    account(id: $id) {
      billingFrequency
      subscription {
        status
        cancelAtTermEnd
      }
    }
  }
`;

let t: TestServer;
let cas: TestClient;
beforeAll(async () => {
  t = await startTestServer({ REQUESTS_NOTIFY_EMAIL: 'cas-queue@vendor.example' });
  cas = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
});
afterAll(() => t.stop());

describe('requests to Corporate Account Services', () => {
  it('go OPEN -> IN_PROGRESS -> RESOLVED with a thread, and the contact is told at each step', async () => {
    const { user, contact } = await customer(t, 'Vandelay Industries', { currency: 'EUR' });
    const filed = await contact.mutate(FILE, {
      input: { type: 'FORM_REQUEST', subject: 'Need your W-9', details: 'For our vendor file', formKind: 'W9' },
    });
    expect(filed.errors).toEqual([]);
    const request = filed.data.fileServiceRequest;
    expect(request).toMatchObject({
      status: 'OPEN',
      type: 'FORM_REQUEST',
      formKind: 'W9',
      reference: expect.stringMatching(/^CAS-\d{8}$/),
    });
    const notice = await t.mailbox.waitFor(
      (m) => m.to.includes('cas-queue@vendor.example') && m.subject.includes(request.reference),
    );
    expect(notice.subject).toContain('Vandelay Industries');

    expect(codeOf(await contact.mutate(RESOLVE, { id: request.id, note: 'self-service' }))).toBe('FORBIDDEN');
    expect(codeOf(await cas.mutate(RESOLVE, { id: request.id, note: 'too early' }))).toBe('CONFLICT');
    const taken = await cas.mutate(TAKE, { id: request.id });
    expect(taken.data.takeServiceRequest).toMatchObject({ status: 'IN_PROGRESS', assigneeName: expect.any(String) });
    expect(codeOf(await cas.mutate(TAKE, { id: request.id }))).toBe('CONFLICT');
    await t.mailbox.waitFor((m) => m.to.includes(user.email) && m.subject.includes('is being worked on'));

    await cas.mutate(COMMENT, { id: request.id, body: 'Which entity name should it show?' });
    await t.mailbox.waitFor((m) => m.to.includes(user.email) && m.text.includes('Which entity name'));
    await contact.mutate(COMMENT, { id: request.id, body: 'Vandelay Industries Inc.' });

    const resolved = await cas.mutate(RESOLVE, { id: request.id, note: 'Sent by e-mail' });
    expect(resolved.data.resolveServiceRequest).toMatchObject({
      status: 'RESOLVED',
      resolutionNote: 'Sent by e-mail',
      closedAt: expect.any(String),
    });
    expect(resolved.data.resolveServiceRequest.comments.map((c: any) => [c.authorRole, c.body])).toEqual([
      ['ACCOUNT_SERVICES', 'Which entity name should it show?'],
      ['BILLING_CONTACT', 'Vandelay Industries Inc.'],
    ]);
    await t.mailbox.waitFor(
      (m) => m.to.includes(user.email) && m.subject.includes('has been resolved') && m.text.includes('Sent by e-mail'),
    );
    expect(codeOf(await contact.mutate(COMMENT, { id: request.id, body: 'Thanks!' }))).toBe('CONFLICT');
    expect(codeOf(await cas.mutate(DECLINE, { id: request.id, note: 'no' }))).toBe('CONFLICT');
  });

  it('of every type go through the whole flow, with comments and e-mails', async () => {
    const { user, contact } = await customer(t, 'Every Type Ltd', { currency: 'EUR' });
    const inputs = [
      { type: 'BILLING_FREQUENCY_CHANGE', wantedFrequency: 'MONTHLY' },
      { type: 'REACTIVATION' },
      { type: 'CANCELLATION', reason: 'Merger', wantedDate: '2030-01-01' },
      { type: 'FORM_REQUEST', formKind: 'VENDOR_FORM' },
      { type: 'BILLING_CONTACT_CHANGE' },
      { type: 'INVOICE_COPY', invoiceNumber: 'INV-2026-000042' },
      { type: 'OTHER' },
    ];
    for (const [i, input] of inputs.entries()) {
      const r = (await contact.mutate(FILE, { input: { subject: `Flow ${i}`, details: 'Details', ...input } })).data
        .fileServiceRequest;
      await cas.mutate(TAKE, { id: r.id });
      await cas.mutate(COMMENT, { id: r.id, body: `Question ${i}` });
      await contact.mutate(COMMENT, { id: r.id, body: `Answer ${i}` });
      const done =
        i % 2
          ? await cas.mutate(DECLINE, { id: r.id, note: `Declined ${i}` })
          : await cas.mutate(RESOLVE, { id: r.id, note: `Resolved ${i}` });
      const final = done.data.resolveServiceRequest ?? done.data.declineServiceRequest;
      expect(final).toMatchObject({
        type: input.type,
        status: i % 2 ? 'DECLINED' : 'RESOLVED',
        comments: [{ body: `Question ${i}` }, { body: `Answer ${i}` }],
      });
      // Taken, staff comment, closed: three e-mails to the contact per request.
      await t.mailbox.waitFor(
        () => t.mailbox.to(user.email).filter((m) => m.subject.includes(r.reference)).length === 3,
      );
    }
  });

  it('need the fields of their type', async () => {
    const { contact } = await customer(t, 'Pendant Publishing', { currency: 'EUR' });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'BILLING_FREQUENCY_CHANGE' }, 'wantedFrequency'],
      [{ type: 'CANCELLATION', reason: 'Too expensive' }, 'wantedDate'],
      [{ type: 'CANCELLATION', wantedDate: '2027-01-01' }, 'reason'],
      [{ type: 'FORM_REQUEST' }, 'formKind'],
      [{ type: 'INVOICE_COPY' }, 'invoiceNumber'],
    ];
    for (const [fields, missing] of cases) {
      const r = await contact.mutate(FILE, { input: { subject: 'S', details: 'D', ...fields } });
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
      expect(r.errors[0].extensions?.field).toBe(missing);
    }
    for (const input of [
      { type: 'REACTIVATION' },
      { type: 'BILLING_CONTACT_CHANGE' },
      { type: 'OTHER' },
      { type: 'INVOICE_COPY', invoiceNumber: 'INV-2026-000123' },
    ]) {
      expect((await contact.mutate(FILE, { input: { subject: 'S', details: 'D', ...input } })).errors).toEqual([]);
    }
    expect(codeOf(await cas.mutate(FILE, { input: { type: 'OTHER', subject: 'S', details: 'D' } }))).toBe('FORBIDDEN');
    const blank = await contact.mutate(FILE, { input: { type: 'OTHER', subject: '   ', details: 'D' } });
    expect(codeOf(blank)).toBe('BAD_USER_INPUT');
    expect(blank.errors[0].extensions?.field).toBe('subject');
    const blankReason = await contact.mutate(FILE, {
      input: { type: 'CANCELLATION', subject: 'S', details: 'D', reason: '  ', wantedDate: '2030-01-01' },
    });
    expect(blankReason.errors[0].extensions?.field).toBe('reason');
    // A long subject still files (the staff notice's subject is shortened to fit).
    expect(
      (await contact.mutate(FILE, { input: { type: 'OTHER', subject: 'S'.repeat(200), details: 'D' } })).errors,
    ).toEqual([]);
    const open = (await contact.mutate(FILE, { input: { type: 'OTHER', subject: 'Notes', details: 'D' } })).data
      .fileServiceRequest;
    await cas.mutate(TAKE, { id: open.id });
    expect(codeOf(await cas.mutate(RESOLVE, { id: open.id, note: '  ' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await cas.mutate(COMMENT, { id: open.id, body: 'x'.repeat(10_001) }))).toBe('BAD_USER_INPUT');
  });

  it('apply a frequency change, a cancellation and a reactivation when resolved with applyChange', async () => {
    const { SEAT } = await catalogue(t, { SEAT: { name: 'Seat', prices: { EUR: 1000 } } });
    const { contact } = await customer(t, 'Kramerica Industries', {
      currency: 'EUR',
      subscription: {
        termStart: addDays(today(), -30),
        termEnd: addDays(today(), 300),
        items: [{ productId: SEAT, seats: 3 }],
      },
    });
    const fileAndResolve = async (input: Record<string, unknown>) => {
      const r = (await contact.mutate(FILE, { input: { subject: 'Please', details: 'Thanks', ...input } })).data
        .fileServiceRequest;
      await cas.mutate(TAKE, { id: r.id });
      return cas.mutate(RESOLVE, { id: r.id, note: 'Done', apply: true });
    };

    expect((await fileAndResolve({ type: 'BILLING_FREQUENCY_CHANGE', wantedFrequency: 'QUARTERLY' })).errors).toEqual(
      [],
    );
    expect((await contact.query(SUBSCRIPTION, {})).data.account.billingFrequency).toBe('QUARTERLY');

    // A cancellation wanted in the middle of the term cannot be applied as such, and nothing changes.
    const mid = (
      await contact.mutate(FILE, {
        input: {
          subject: 'Mid-term',
          details: 'D',
          type: 'CANCELLATION',
          reason: 'R',
          wantedDate: addDays(today(), 10),
        },
      })
    ).data.fileServiceRequest;
    await cas.mutate(TAKE, { id: mid.id });
    expect(codeOf(await cas.mutate(RESOLVE, { id: mid.id, note: 'Done', apply: true }))).toBe(
      'CANCELLATION_DATE_UNSUPPORTED',
    );
    expect((await cas.query(GET, { id: mid.id })).data.serviceRequest.status).toBe('IN_PROGRESS');
    expect((await contact.query(SUBSCRIPTION, {})).data.account.subscription.status).toBe('ACTIVE');

    expect(
      (await fileAndResolve({ type: 'CANCELLATION', reason: 'Closing the office', wantedDate: '2000-01-01' })).errors,
    ).toEqual([]);
    expect((await contact.query(SUBSCRIPTION, {})).data.account.subscription.status).toBe('CANCELLED');

    expect((await fileAndResolve({ type: 'REACTIVATION' })).errors).toEqual([]);
    expect((await contact.query(SUBSCRIPTION, {})).data.account.subscription.status).toBe('ACTIVE');

    // A change that cannot be applied leaves the request as it was.
    const again = (await contact.mutate(FILE, { input: { type: 'REACTIVATION', subject: 'Again', details: 'D' } })).data
      .fileServiceRequest;
    await cas.mutate(TAKE, { id: again.id });
    expect(codeOf(await cas.mutate(RESOLVE, { id: again.id, note: 'Done', apply: true }))).toBe('CONFLICT');
    expect((await cas.query(GET, { id: again.id })).data.serviceRequest.status).toBe('IN_PROGRESS');
    const other = (await contact.mutate(FILE, { input: { type: 'OTHER', subject: 'Hi', details: 'D' } })).data
      .fileServiceRequest;
    await cas.mutate(TAKE, { id: other.id });
    expect(codeOf(await cas.mutate(RESOLVE, { id: other.id, note: 'x', apply: true }))).toBe('BAD_USER_INPUT');
    expect((await cas.mutate(DECLINE, { id: other.id, note: 'Not for us' })).data.declineServiceRequest.status).toBe(
      'DECLINED',
    );
  });

  it('are seen by their contact, the account rep and account services, filtered and paged', async () => {
    const a = await customer(t, 'Queue A Ltd', { currency: 'EUR' });
    const b = await customer(t, 'Queue B Ltd', { currency: 'EUR' });
    const mineA = (await a.contact.mutate(FILE, { input: { type: 'OTHER', subject: 'A1', details: 'D' } })).data
      .fileServiceRequest;
    await a.contact.mutate(FILE, {
      input: { type: 'INVOICE_COPY', subject: 'A2', details: 'D', invoiceNumber: 'INV-1' },
    });
    const mineB = (await b.contact.mutate(FILE, { input: { type: 'OTHER', subject: 'B1', details: 'D' } })).data
      .fileServiceRequest;

    const ownList = (await a.contact.query(LIST, {})).data.serviceRequests;
    expect(ownList.edges.map((e: any) => e.node.account.id)).toEqual([a.account.id, a.account.id]);
    expect(codeOf(await a.contact.query(GET, { id: mineB.id }))).toBe('NOT_FOUND');
    expect(codeOf(await a.contact.mutate(COMMENT, { id: mineB.id, body: 'peek' }))).toBe('NOT_FOUND');
    const repList = (await a.rep.query(LIST, {})).data.serviceRequests;
    expect(repList.totalCount).toBe(2);
    expect(codeOf(await b.rep.query(GET, { id: mineA.id }))).toBe('NOT_FOUND');
    expect((await a.rep.query(GET, { id: mineA.id })).data.serviceRequest.subject).toBe('A1');
    expect(codeOf(await a.rep.mutate(TAKE, { id: mineA.id }))).toBe('FORBIDDEN');

    const byAccount = (await cas.query(LIST, { filter: { accountId: a.account.id, type: 'INVOICE_COPY' } })).data
      .serviceRequests;
    expect(byAccount.edges.map((e: any) => e.node.type)).toEqual(['INVOICE_COPY']);
    const open = await cas.query(LIST, { filter: { status: 'OPEN', accountId: b.account.id } });
    expect(open.data.serviceRequests.edges.map((e: any) => e.node.id)).toEqual([mineB.id]);
    const first = (await cas.query(LIST, { first: 1 })).data.serviceRequests;
    const second = (await cas.query(LIST, { first: 1, after: first.pageInfo.endCursor })).data.serviceRequests;
    expect(second.edges[0].node.id).not.toBe(first.edges[0].node.id);

    const trail = await a.contact.query(gql`
      query {
        account {
          activity(first: 5) {
            edges {
              node {
                action
              }
            }
          }
        }
      }
    `);
    expect(trail.data.account.activity.edges.map((e: any) => e.node.action)).toContain('SERVICE_REQUEST_FILED');
    expect((await a.contact.query(ACCOUNT, {})).data.account.id).toBe(a.account.id);
  });
});

describe('request lists', () => {
  singleProcess('cost the same number of SQL statements for 1 or 5 requests, for the rep and for staff', async () => {
    const { contact, rep } = await customer(t, 'Statements Spa', { currency: 'EUR' });
    const q = `{ serviceRequests(first: 20) { totalCount edges { node { id reference subject account { id organisationName } comments { body } } } } }`;
    const file = async (i: number) =>
      expect(
        (await contact.mutate(FILE, { input: { type: 'OTHER', subject: `Count ${i}`, details: 'D' } })).errors,
      ).toEqual([]);
    await file(0);
    const [repOne, casOne] = [await rep.raw(q), await cas.raw(q)];
    for (let i = 1; i < 5; i++) await file(i);
    const [repFive, casFive] = [await rep.raw(q), await cas.raw(q)];
    expect(repOne.json.data.serviceRequests.totalCount).toBe(1);
    expect(repFive.json.data.serviceRequests.totalCount).toBe(5);
    expect(repFive.json.extensions.sqlStatements).toBe(repOne.json.extensions.sqlStatements);
    expect(casFive.json.data.serviceRequests.edges.length).toBeGreaterThanOrEqual(5);
    expect(casFive.json.extensions.sqlStatements).toBe(casOne.json.extensions.sqlStatements);
  });
});
