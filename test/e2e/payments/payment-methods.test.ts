import { gql } from '@apollo/client';
import { Role } from '../../../src/common/roles';
import { ADD_METHOD, METHOD_FIELDS } from '../../helpers/billing';
import { customer } from '../../helpers/fixtures';
import { codeOf, type TestClient } from '../../helpers/client';
import type { VariablesOf } from '../../helpers/graphql';
import { ACTIVITY } from '../../helpers/operations';
import { startTestServer, type TestServer } from '../../helpers/server';

const METHODS = gql`
  query Methods($accountId: ID) {
    paymentMethods(accountId: $accountId) {
      ...MethodFields
    }
  }
  ${METHOD_FIELDS}
`;
const REMOVE = gql`
  mutation Remove($id: ID!) {
    removePaymentMethod(id: $id)
  }
`;
const SET_DEFAULT = gql`
  mutation SetDefault($id: ID!) {
    setDefaultPaymentMethod(id: $id) {
      id
      isDefault
    }
  }
`;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    REMIT_IBAN: 'GB33BUKB20201555555555',
    REMIT_SWIFT: 'BUKBGB22',
    REMIT_BANK_NAME: 'Barclays',
    VENDOR_NAME: 'Vendor Ltd',
  });
});
afterAll(() => t.stop());

const add = (c: TestClient, input: VariablesOf<typeof ADD_METHOD>['input']) =>
  c.mutate(ADD_METHOD, { input: { makeDefault: false, ...input } });

describe('payment methods', () => {
  it('are added from gateway tokens or as pay-by-invoice, listed, made default and removed, each in the activity trail', async () => {
    const { account, contact } = await customer(t, 'Methodical Inc');
    const card = await add(contact, { type: 'CARD', token: 'tok_sandbox_visa', holderName: 'Dana Whitfield' });
    expect(card.errors).toEqual([]);
    expect(card.data.addPaymentMethod).toMatchObject({
      type: 'CARD',
      isDefault: true, // the first method is the default
      brand: 'VISA',
      last4: '4242',
      expMonth: 12,
      expYear: new Date().getUTCFullYear() + 1,
      holderName: 'Dana Whitfield',
      remittanceInstructions: null,
    });
    const bank = (await add(contact, { type: 'DIRECT_DEBIT', token: 'btok_sandbox_success' })).data.addPaymentMethod;
    expect(bank).toMatchObject({
      type: 'DIRECT_DEBIT',
      isDefault: false,
      bankName: 'Sandbox Bank',
      last4: '6789',
      brand: null,
      expYear: null,
    });
    const wire = (await add(contact, { type: 'WIRE_TRANSFER' })).data.addPaymentMethod;
    expect(wire.remittanceInstructions).toMatchObject({
      bankName: 'Barclays',
      accountName: 'Vendor Ltd',
      iban: 'GB33BUKB20201555555555',
      swift: 'BUKBGB22',
      checkPayableTo: 'Vendor Ltd',
    });
    expect(codeOf(await add(contact, { type: 'WIRE_TRANSFER' }))).toBe('CONFLICT');
    expect(codeOf(await add(contact, { type: 'CARD', token: 'tok_unknown' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await add(contact, { type: 'CARD' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await add(contact, { type: 'CHECK', token: 'tok_sandbox_visa' }))).toBe('BAD_USER_INPUT');

    expect((await contact.mutate(SET_DEFAULT, { id: bank.id })).data.setDefaultPaymentMethod).toEqual({
      id: bank.id,
      isDefault: true,
    });
    let list = (await contact.query(METHODS)).data.paymentMethods;
    expect(list.map((m: { type: string; isDefault: boolean }) => [m.type, m.isDefault])).toEqual([
      ['CARD', false],
      ['DIRECT_DEBIT', true],
      ['WIRE_TRANSFER', false],
    ]);

    // Removing the default makes the newest remaining method the default.
    expect((await contact.mutate(REMOVE, { id: bank.id })).data.removePaymentMethod).toBe(true);
    list = (await contact.query(METHODS)).data.paymentMethods;
    expect(list.map((m: { type: string; isDefault: boolean }) => [m.type, m.isDefault])).toEqual([
      ['CARD', false],
      ['WIRE_TRANSFER', true],
    ]);
    expect(codeOf(await contact.mutate(REMOVE, { id: bank.id }))).toBe('NOT_FOUND');

    const trail = (await contact.query(ACTIVITY, { id: account.id, first: 20 })).data.account.activity.edges.map(
      (e: { node: { action: string; changes: Array<{ field: string; from: string | null; to: string | null }> } }) =>
        e.node,
    );
    expect(trail.filter((n: { action: string }) => n.action === 'PAYMENT_METHOD_ADDED')).toHaveLength(3);
    expect(trail.find((n: { action: string }) => n.action === 'DEFAULT_PAYMENT_METHOD_CHANGED')!.changes).toEqual([
      { field: 'defaultPaymentMethod', from: 'VISA •••• 4242', to: 'Sandbox Bank •••• 6789' },
    ]);
    expect(trail.find((n: { action: string }) => n.action === 'PAYMENT_METHOD_REMOVED')!.changes).toEqual([
      { field: 'paymentMethod', from: 'Sandbox Bank •••• 6789', to: null },
      { field: 'defaultPaymentMethod', from: 'Sandbox Bank •••• 6789', to: 'Wire transfer' },
    ]);

    // Staff see an account's methods; the account's sales rep too, not another rep.
    const cas = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
    expect((await cas.query(METHODS, { accountId: account.id })).data.paymentMethods).toHaveLength(2);
    const otherRep = await t.loginAs(await t.user(Role.SALES_REP));
    expect(codeOf(await otherRep.query(METHODS, { accountId: account.id }))).toBe('NOT_FOUND');
    expect(codeOf(await cas.mutate(REMOVE, { id: list[0].id }))).toBe('FORBIDDEN');
  });

  it('refuse anything that looks like a card number, store nothing and never log it', async () => {
    const { contact } = await customer(t, 'Careless Corp');
    const numbers = ['4242424242424242', '4242 4242 4242 4242', '5555-5555-5555-4444', '378282246310005'];
    for (const token of numbers) {
      const r = await add(contact, { type: 'CARD', token });
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(r.errors)).not.toContain(token);
    }
    expect(
      codeOf(await add(contact, { type: 'CARD', token: 'tok_sandbox_visa', holderName: 'Dana 4111 1111 1111 1111' })),
    ).toBe('BAD_USER_INPUT');
    // A literal in the query text instead of a variable is refused the same way.
    const literal = await contact.raw(
      `mutation { addPaymentMethod(input: { type: CARD, token: "4000056655665556" }) { id } }`,
    );
    expect(literal.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');

    expect((await contact.query(METHODS)).data.paymentMethods).toEqual([]);
    const logged = JSON.stringify(t.logs);
    for (const digits of [
      '4242424242424242',
      '4242 4242 4242 4242',
      '5555-5555-5555-4444',
      '378282246310005',
      '4111 1111 1111 1111',
      '4000056655665556',
    ])
      expect(logged).not.toContain(digits);
  });

  it('are removed once when two removals race: the other is NOT_FOUND', async () => {
    const { account, contact } = await customer(t, 'Twice Removed Ltd');
    const card = (await add(contact, { type: 'CARD', token: 'tok_sandbox_visa' })).data.addPaymentMethod;
    const results = await Promise.all([
      contact.mutate(REMOVE, { id: card.id }),
      contact.mutate(REMOVE, { id: card.id }),
    ]);
    expect(results.map((r) => (r.errors.length ? codeOf(r) : r.data.removePaymentMethod)).sort()).toEqual([
      'NOT_FOUND',
      true,
    ]);
    const actions = (await contact.query(ACTIVITY, { id: account.id })).data.account.activity.edges.map(
      (e: { node: { action: string } }) => e.node.action,
    );
    expect(actions.filter((a: string) => a === 'PAYMENT_METHOD_REMOVED')).toHaveLength(1);
  });

  it('of another account are NOT_FOUND, and a billing contact reaches only their own', async () => {
    const mine = await customer(t, 'Owner Ltd');
    const theirs = await customer(t, 'Prober Ltd');
    const card = (await add(mine.contact, { type: 'CARD', token: 'tok_sandbox_visa' })).data.addPaymentMethod;
    expect(codeOf(await theirs.contact.mutate(REMOVE, { id: card.id }))).toBe('NOT_FOUND');
    expect(codeOf(await theirs.contact.mutate(SET_DEFAULT, { id: card.id }))).toBe('NOT_FOUND');
    expect(codeOf(await theirs.contact.query(METHODS, { accountId: mine.account.id }))).toBe('NOT_FOUND');
    expect((await mine.contact.query(METHODS)).data.paymentMethods).toHaveLength(1);
  });
});
