import { gql } from '@apollo/client';
import { Role } from '../../../src/common/roles';
import { codeOf, type TestClient } from '../../helpers/client';
import { ACCOUNT, ACTIVITY, UPDATE_BILL_TO } from '../../helpers/operations';
import { startTestServer, type TestServer } from '../../helpers/server';

const ADD = gql`
  mutation ($input: AddInvoiceRecipientInput!) {
    addInvoiceRecipient(input: $input) {
      id
      email
      name
    }
  }
`;
const RENAME = gql`
  mutation ($id: ID!, $name: String) {
    renameInvoiceRecipient(id: $id, name: $name) {
      id
      name
    }
  }
`;
const REMOVE = gql`
  mutation ($id: ID!) {
    removeInvoiceRecipient(id: $id)
  }
`;

let t: TestServer;
let accountId: string;
let contact: TestClient;
let contactEmail: string;
let staff: TestClient;
beforeAll(async () => {
  t = await startTestServer();
  const account = await t.account('Tyrell Components Srl', { country: 'IT', currency: 'EUR', locale: 'it-IT' });
  accountId = account.id;
  const user = await t.user(Role.BILLING_CONTACT, { accountId });
  contactEmail = user.email;
  contact = await t.loginAs(user);
  staff = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
});
afterAll(() => t.stop());

const billTo = async () => (await contact.query(ACCOUNT, {})).data.account.billTo;

describe('Bill To', () => {
  it('is edited by the billing contact, with the phone stored in E.164 from a national number', async () => {
    const r = await contact.mutate(UPDATE_BILL_TO, {
      input: {
        contactName: 'Giulia Conti',
        email: 'fatture@tyrell.example',
        companyName: 'Tyrell Components Srl',
        addressLine1: 'Corso Buenos Aires 12',
        addressLine2: 'Scala B',
        city: 'Milano',
        region: 'MI',
        postalCode: '20124',
        phone: '02 8765 4321',
      },
    });
    expect(r.errors).toEqual([]);
    expect(r.data.updateBillTo.billTo).toEqual({
      contactName: 'Giulia Conti',
      email: 'fatture@tyrell.example',
      companyName: 'Tyrell Components Srl',
      addressLine1: 'Corso Buenos Aires 12',
      addressLine2: 'Scala B',
      city: 'Milano',
      region: 'MI',
      postalCode: '20124',
      country: 'IT',
      phone: '+390287654321',
    });
    const intl = await contact.mutate(UPDATE_BILL_TO, { input: { phone: '+1 (212) 555-0147' } });
    expect(intl.data.updateBillTo.billTo.phone).toBe('+12125550147');
  });

  it('refuses a country from the billing contact with COUNTRY_LOCKED and applies nothing of that request', async () => {
    const before = await billTo();
    const r = await contact.mutate(UPDATE_BILL_TO, { input: { city: 'Roma', postalCode: '00184', country: 'FR' } });
    expect(codeOf(r)).toBe('COUNTRY_LOCKED');
    expect(r.errors[0].extensions?.field).toBe('country');
    expect(await billTo()).toEqual(before);
  });

  it('accepts the unchanged country from the billing contact, in any letter case, as a form sends it back', async () => {
    const before = await billTo();
    expect(before.country).toBe('IT');
    for (const [city, country] of [
      ['Bergamo', 'IT'],
      ['Brescia', 'it'],
    ]) {
      const r = await contact.mutate(UPDATE_BILL_TO, { input: { ...before, city, country } });
      expect(r.errors).toEqual([]);
      expect(r.data.updateBillTo.billTo).toEqual({ ...before, city, country: 'IT' });
    }
    // Nothing but the city changed: the country is not on the activity trail.
    const last = (await contact.query(ACTIVITY, { first: 1 })).data.account.activity.edges[0].node;
    expect(last.changes).toEqual([{ field: 'billToCity', from: 'Bergamo', to: 'Brescia' }]);
    // A real change is still refused, in any letter case.
    expect(codeOf(await contact.mutate(UPDATE_BILL_TO, { input: { ...before, country: 'fr' } }))).toBe(
      'COUNTRY_LOCKED',
    );
    const back = await contact.mutate(UPDATE_BILL_TO, { input: { city: before.city } });
    expect(back.errors).toEqual([]);
    expect(await billTo()).toEqual(before);
  });

  it('lets staff change the country, checking the postal code against the new country', async () => {
    const wrong = await staff.mutate(UPDATE_BILL_TO, { accountId, input: { country: 'GB' } });
    expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
    expect(wrong.errors[0].extensions?.field).toBe('postalCode');
    const moved = await staff.mutate(UPDATE_BILL_TO, {
      accountId,
      input: { country: 'GB', city: 'London', postalCode: 'ec1a 1bb', region: null, phone: '+44 20 7946 0958' },
    });
    expect(moved.errors).toEqual([]);
    expect(moved.data.updateBillTo).toMatchObject({
      country: 'GB',
      billTo: { country: 'GB', postalCode: 'EC1A 1BB', region: null, phone: '+442079460958' },
    });
    // And back, for the other tests.
    const back = await staff.mutate(UPDATE_BILL_TO, {
      accountId,
      input: { country: 'IT', city: 'Milano', postalCode: '20124', phone: '02 8765 4321' },
    });
    expect(back.errors).toEqual([]);
  });

  it('rejects bad phone numbers, postal codes and empty required fields, naming the field, and changes nothing', async () => {
    const before = await billTo();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ phone: '12345' }, 'phone'],
      [{ phone: 'call me maybe' }, 'phone'],
      [{ postalCode: 'ABCDE' }, 'postalCode'],
      [{ city: '   ' }, 'city'],
      [{ contactName: null }, 'contactName'],
    ];
    for (const [input, field] of cases) {
      const r = await contact.mutate(UPDATE_BILL_TO, { input: { addressLine2: 'should not stick', ...input } });
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
      expect(r.errors[0].extensions?.field).toBe(field);
    }
    const invalidEmail = await contact.mutate(UPDATE_BILL_TO, { input: { email: 'nope' } });
    expect(codeOf(invalidEmail)).toBe('BAD_USER_INPUT');
    expect(await billTo()).toEqual(before);
  });

  it('cannot be changed on another account', async () => {
    const other = await t.account('Other Company');
    const r = await contact.mutate(UPDATE_BILL_TO, { accountId: other.id, input: { city: 'Torino' } });
    expect(codeOf(r)).toBe('NOT_FOUND');
  });
});

describe('invoice recipients', () => {
  it('are added, renamed and removed by the billing contact, without duplicates and at most ten', async () => {
    const first = await contact.mutate(ADD, { input: { email: 'Controller@Tyrell.example', name: 'Controller' } });
    expect(first.errors).toEqual([]);
    expect(codeOf(await contact.mutate(ADD, { input: { email: 'controller@tyrell.EXAMPLE' } }))).toBe('CONFLICT');
    expect(codeOf(await contact.mutate(ADD, { input: { email: contactEmail.toUpperCase() } }))).toBe('CONFLICT');
    expect(codeOf(await contact.mutate(ADD, { input: { email: 'not an address' } }))).toBe('BAD_USER_INPUT');

    for (let i = 2; i <= 10; i++)
      expect((await contact.mutate(ADD, { input: { email: `r${i}@tyrell.example` } })).errors).toEqual([]);
    expect(codeOf(await contact.mutate(ADD, { input: { email: 'r11@tyrell.example' } }))).toBe('RECIPIENT_LIMIT');

    const id = first.data.addInvoiceRecipient.id;
    expect((await contact.mutate(RENAME, { id, name: 'Financial Controller' })).data.renameInvoiceRecipient.name).toBe(
      'Financial Controller',
    );
    const tooLong = await contact.mutate(RENAME, { id, name: 'n'.repeat(201) });
    expect(codeOf(tooLong)).toBe('BAD_USER_INPUT');
    expect(tooLong.errors[0].extensions?.field).toBe('name');
    expect((await contact.mutate(REMOVE, { id })).data.removeInvoiceRecipient).toBe(true);
    expect(codeOf(await contact.mutate(REMOVE, { id }))).toBe('NOT_FOUND');
    const list = (await contact.query(ACCOUNT, {})).data.account.invoiceRecipients;
    expect(list).toHaveLength(9);
    expect(list.map((r: any) => r.email)).not.toContain('Controller@Tyrell.example');
    // Room again for one more.
    expect((await contact.mutate(ADD, { input: { email: 'r11@tyrell.example' } })).errors).toEqual([]);
  });

  it("cannot touch another account's recipients, and staff do not manage them", async () => {
    const other = await t.account('Elsewhere Ltd');
    const otherContact = await t.loginAs(await t.user(Role.BILLING_CONTACT, { accountId: other.id }));
    const theirs = (await otherContact.mutate(ADD, { input: { email: 'theirs@elsewhere.example' } })).data
      .addInvoiceRecipient;
    expect(codeOf(await contact.mutate(RENAME, { id: theirs.id, name: 'Mine now' }))).toBe('NOT_FOUND');
    expect(codeOf(await contact.mutate(REMOVE, { id: theirs.id }))).toBe('NOT_FOUND');
    expect(codeOf(await staff.mutate(ADD, { input: { email: 'staff@example.test' } }))).toBe('FORBIDDEN');
  });
});

describe('activity trail', () => {
  it('records each change with who, role and old and new values, newest first, paged', async () => {
    const r = await contact.query(ACTIVITY, { first: 3 });
    const page = r.data.account.activity;
    expect(page.totalCount).toBeGreaterThan(10);
    expect(page.edges).toHaveLength(3);
    expect(page.edges[0].node.action).toBe('INVOICE_RECIPIENT_ADDED');
    const all = [];
    let after: string | null = null;
    do {
      const p: any = (await staff.query(ACTIVITY, { id: accountId, first: 7, after })).data.account.activity;
      all.push(...p.edges.map((e: any) => e.node));
      after = p.pageInfo.hasNextPage ? p.pageInfo.endCursor : null;
    } while (after);
    expect(all).toHaveLength(page.totalCount);
    const times = all.map((n) => new Date(n.occurredAt).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const moved = all.find(
      (n) => n.action === 'BILL_TO_UPDATED' && n.changes.some((c: any) => c.field === 'country' && c.to === 'GB'),
    );
    expect(moved).toMatchObject({ actorRole: 'ACCOUNT_SERVICES' });
    expect(moved.changes).toEqual(
      expect.arrayContaining([
        { field: 'country', from: 'IT', to: 'GB' },
        { field: 'billToCity', from: 'Milano', to: 'London' },
      ]),
    );
    const phone = all.filter((n) => n.action === 'BILL_TO_UPDATED' && n.actorRole === 'BILLING_CONTACT').at(-1);
    expect(phone.changes).toEqual(expect.arrayContaining([{ field: 'billToPhone', from: null, to: '+390287654321' }]));
    expect(phone.actorName).toEqual(expect.any(String));
    const removed = all.find((n) => n.action === 'INVOICE_RECIPIENT_REMOVED');
    expect(removed.changes).toEqual([{ field: 'email', from: 'Controller@Tyrell.example', to: null }]);
    // A rejected request leaves no trace.
    expect(all.some((n) => n.changes.some((c: any) => c.to === 'should not stick'))).toBe(false);
  });
});
