import { addDays, oneYearFrom, today } from '../../src/common/dates';
import { systemContext } from '../../src/context';
import { PortalRole, Role } from '../../src/common/roles';
import { sampleW9Pdf } from '../../src/pdf/sample-w9';
import type { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';
import { PERMISSIONS } from './permissions';

/**
 * Every root operation, called as every kind of principal, with the IDs of
 * account A's objects. Whoever may not reach A's object is denied
 * (UNAUTHENTICATED, FORBIDDEN, or NOT_FOUND for another account), and no
 * denied answer, nor any list answered to somebody else, contains A's data.
 */
type Principal = 'anonymous' | 'contactA' | 'payerA' | 'viewerA' | 'contactB' | 'repA' | 'repB' | 'staff';
/** The audiences of the permission table each principal is in (a billing contact: any, and their portal role). */
const ROLE: Record<Principal, string[]> = {
  anonymous: [],
  contactA: [Role.BILLING_CONTACT, 'BILLING_CONTACT:ADMIN'],
  payerA: [Role.BILLING_CONTACT, 'BILLING_CONTACT:PAYER'],
  viewerA: [Role.BILLING_CONTACT, 'BILLING_CONTACT:VIEWER'],
  contactB: [Role.BILLING_CONTACT, 'BILLING_CONTACT:ADMIN'],
  repA: [Role.SALES_REP],
  repB: [Role.SALES_REP],
  staff: [Role.ACCOUNT_SERVICES],
};
/** Principals that may act on account A when their role may call the operation. */
const ENTITLED_TO_A = new Set<Principal>(['contactA', 'payerA', 'viewerA', 'repA', 'staff']);

interface Fixtures {
  accountA: string;
  contactA: string;
  /** A further portal user of account A (not a principal here): the target of user management. */
  memberA: string;
  invoiceA: string;
  quoteSent: string;
  quoteDraft: string;
  poA: string;
  requestA: string;
  methodA: string;
  recipientA: string;
  product: string;
  document: string;
  repB: string;
}

/** `A`: the call targets account A's objects. `own`: the caller's own or global data (role rules apply; lists are checked for leaks). */
interface Call {
  target: 'A' | 'own';
  query: string;
  variables?: (f: Fixtures) => Record<string, unknown>;
}

const later = addDays(today(), 20);
const CALLS: Record<string, Call> = {
  // ---- queries
  account: {
    target: 'A',
    query: 'query($id: ID) { account(id: $id) { id organisationName billTo { city } } }',
    variables: (f) => ({ id: f.accountA }),
  },
  accounts: {
    target: 'own',
    query: '{ accounts(first: 100) { edges { node { id organisationName accountNumber } } } }',
  },
  documents: { target: 'own', query: '{ documents { id title } }' },
  me: { target: 'own', query: '{ me { id email account { id organisationName } } }' },
  securityEvents: {
    target: 'own',
    query: '{ securityEvents(first: 100) { edges { node { type attemptedUserId } } } }',
  },
  invoices: {
    target: 'own',
    query:
      '{ invoices(first: 20) { edges { node { number poNumber billTo { organisationName } account { organisationName } } } } }',
  },
  invoice: {
    target: 'A',
    query: 'query($id: ID!) { invoice(id: $id) { number } }',
    variables: (f) => ({ id: f.invoiceA }),
  },
  paymentMethods: {
    target: 'A',
    query: 'query($id: ID) { paymentMethods(accountId: $id) { id last4 } }',
    variables: (f) => ({ id: f.accountA }),
  },
  quotes: { target: 'own', query: '{ quotes(first: 50) { edges { node { number account { organisationName } } } } }' },
  quote: {
    target: 'A',
    query: 'query($id: ID!) { quote(id: $id) { number } }',
    variables: (f) => ({ id: f.quoteSent }),
  },
  serviceRequests: { target: 'own', query: '{ serviceRequests(first: 50) { edges { node { subject } } } }' },
  serviceRequest: {
    target: 'A',
    query: 'query($id: ID!) { serviceRequest(id: $id) { subject } }',
    variables: (f) => ({ id: f.requestA }),
  },
  products: { target: 'own', query: '{ products(includeInactive: true) { code } }' },
  // ---- accounts and identity
  createCorporateAccount: {
    target: 'own',
    query: 'mutation($input: CreateCorporateAccountInput!) { createCorporateAccount(input: $input) { id } }',
    variables: () => ({
      input: {
        organisationName: 'Matrix New Ltd',
        country: 'US',
        currency: 'USD',
        billingContact: { billingUserId: `new.${Date.now()}`, displayName: 'New', email: 'new@matrix.test' },
      },
    }),
  },
  updateAccount: {
    target: 'A',
    query: 'mutation($id: ID!) { updateAccount(id: $id, input: { paymentTermsDays: 45 }) { id } }',
    variables: (f) => ({ id: f.accountA }),
  },
  assignSalesRep: {
    target: 'A',
    query: 'mutation($a: ID!, $r: ID!) { assignSalesRep(accountId: $a, salesRepId: $r) { id } }',
    variables: (f) => ({ a: f.accountA, r: f.repB }),
  },
  updateBillTo: {
    target: 'A',
    query: 'mutation($a: ID) { updateBillTo(accountId: $a, input: { city: "Elsewhere" }) { id } }',
    variables: (f) => ({ a: f.accountA }),
  },
  addInvoiceRecipient: {
    target: 'own',
    query: 'mutation { addInvoiceRecipient(input: { email: "extra@matrix.test" }) { id } }',
  },
  renameInvoiceRecipient: {
    target: 'A',
    query: 'mutation($id: ID!) { renameInvoiceRecipient(id: $id, name: "Renamed") { id } }',
    variables: (f) => ({ id: f.recipientA }),
  },
  removeInvoiceRecipient: {
    target: 'A',
    query: 'mutation($id: ID!) { removeInvoiceRecipient(id: $id) }',
    variables: (f) => ({ id: f.recipientA }),
  },
  deleteDocument: {
    target: 'own',
    query: 'mutation($id: ID!) { deleteDocument(id: $id) }',
    variables: (f) => ({ id: f.document }),
  },
  requestBillingContactChange: {
    target: 'A',
    query:
      'mutation($a: ID) { requestBillingContactChange(accountId: $a, input: { billingUserId: "matrix.next", displayName: "Next", email: "next@matrix.test" }) { id } }',
    variables: (f) => ({ a: f.accountA }),
  },
  cancelBillingContactChange: {
    target: 'A',
    query: 'mutation($a: ID) { cancelBillingContactChange(accountId: $a) }',
    variables: (f) => ({ a: f.accountA }),
  },
  login: {
    target: 'own',
    query: 'mutation { login(input: { userId: "nobody.here", password: "not a real password" }) { accessToken } }',
  },
  refreshSession: {
    target: 'own',
    query: 'mutation { refreshSession(refreshToken: "rt_not_a_token") { accessToken } }',
  },
  logout: { target: 'own', query: 'mutation { logout(refreshToken: "rt_not_a_token") }' },
  logoutEverywhere: { target: 'own', query: 'mutation { logoutEverywhere }' },
  requestPasswordReset: { target: 'own', query: 'mutation { requestPasswordReset(userId: "nobody.here") }' },
  resetPassword: {
    target: 'own',
    query: 'mutation { resetPassword(input: { token: "not-a-token", newPassword: "a long enough passphrase" }) }',
  },
  activateAccount: {
    target: 'own',
    query: 'mutation { activateAccount(input: { token: "not-a-token", newPassword: "a long enough passphrase" }) }',
  },
  changePassword: {
    target: 'own',
    query:
      'mutation { changePassword(input: { currentPassword: "wrong current pass", newPassword: "another long passphrase" }) { accessToken } }',
  },
  inviteBillingContact: {
    target: 'A',
    query:
      'mutation($a: ID!) { inviteBillingContact(input: { accountId: $a, billingUserId: "matrix.invitee", displayName: "Invitee", email: "invitee@matrix.test" }) { id } }',
    variables: (f) => ({ a: f.accountA }),
  },
  accountUsers: {
    target: 'A',
    query: 'query($a: ID) { accountUsers(accountId: $a) { id billingUserId email emailPreferences { invoices } } }',
    variables: (f) => ({ a: f.accountA }),
  },
  inviteAccountUser: {
    target: 'A',
    query:
      'mutation($a: ID) { inviteAccountUser(input: { accountId: $a, billingUserId: "matrix.colleague", displayName: "Colleague", email: "colleague@matrix.test", role: PAYER }) { id } }',
    variables: (f) => ({ a: f.accountA }),
  },
  changeAccountUserRole: {
    target: 'A',
    query: 'mutation($u: ID!) { changeAccountUserRole(userId: $u, role: VIEWER) { id } }',
    variables: (f) => ({ u: f.memberA }),
  },
  deactivateAccountUser: {
    target: 'A',
    query: 'mutation($u: ID!) { deactivateAccountUser(userId: $u) { id } }',
    variables: (f) => ({ u: f.memberA }),
  },
  reactivateAccountUser: {
    target: 'A',
    query: 'mutation($u: ID!) { reactivateAccountUser(userId: $u) { id } }',
    variables: (f) => ({ u: f.memberA }),
  },
  updateEmailPreferences: {
    target: 'own',
    query: 'mutation { updateEmailPreferences(input: { quotes: true }) { id emailPreferences { quotes } } }',
  },
  resendInvitation: {
    target: 'A',
    query: 'mutation($u: ID!) { resendInvitation(userId: $u) { id } }',
    variables: (f) => ({ u: f.contactA }),
  },
  disableUser: {
    target: 'A',
    query: 'mutation($u: ID!) { disableUser(userId: $u) { id } }',
    variables: (f) => ({ u: f.contactA }),
  },
  enableUser: {
    target: 'A',
    query: 'mutation($u: ID!) { enableUser(userId: $u) { id } }',
    variables: (f) => ({ u: f.contactA }),
  },
  // ---- invoices and payments
  issueInvoice: {
    target: 'A',
    query:
      'mutation($a: ID!) { issueInvoice(input: { accountId: $a, lines: [{ description: "Extra", quantity: 1, unitPriceMinor: 100, taxRateBasisPoints: 0 }] }) { number } }',
    variables: (f) => ({ a: f.accountA }),
  },
  voidInvoice: {
    target: 'A',
    query: 'mutation($id: ID!) { voidInvoice(id: $id, reason: "matrix") { number } }',
    variables: (f) => ({ id: f.invoiceA }),
  },
  addPaymentMethod: { target: 'own', query: 'mutation { addPaymentMethod(input: { type: CHECK }) { id } }' },
  removePaymentMethod: {
    target: 'A',
    query: 'mutation($id: ID!) { removePaymentMethod(id: $id) }',
    variables: (f) => ({ id: f.methodA }),
  },
  setDefaultPaymentMethod: {
    target: 'A',
    query: 'mutation($id: ID!) { setDefaultPaymentMethod(id: $id) { id } }',
    variables: (f) => ({ id: f.methodA }),
  },
  payInvoice: {
    target: 'A',
    query:
      'mutation($i: ID!, $m: ID!) { payInvoice(input: { invoiceId: $i, paymentMethodId: $m, amount: { amountMinor: 100, currency: "EUR" }, idempotencyKey: "matrix-key-1" }) { id } }',
    variables: (f) => ({ i: f.invoiceA, m: f.methodA }),
  },
  recordOfflinePayment: {
    target: 'A',
    query: `mutation($i: ID!) { recordOfflinePayment(input: { invoiceId: $i, amount: { amountMinor: 100, currency: "EUR" }, method: CHECK, reference: "CHK 1", receivedOn: "${today()}", idempotencyKey: "matrix-key-2" }) { id } }`,
    variables: (f) => ({ i: f.invoiceA }),
  },
  // ---- quotes
  createQuote: {
    target: 'A',
    query: `mutation($a: ID!, $p: ID!) { createQuote(input: { accountId: $a, expiresOn: "${later}", lines: [{ productId: $p, seatChange: 1 }] }) { number } }`,
    variables: (f) => ({ a: f.accountA, p: f.product }),
  },
  updateQuote: {
    target: 'A',
    query: `mutation($id: ID!, $p: ID!) { updateQuote(id: $id, input: { expiresOn: "${later}", lines: [{ productId: $p, seatChange: 2 }] }) { number } }`,
    variables: (f) => ({ id: f.quoteDraft, p: f.product }),
  },
  deleteQuote: {
    target: 'A',
    query: 'mutation($id: ID!) { deleteQuote(id: $id) }',
    variables: (f) => ({ id: f.quoteDraft }),
  },
  sendQuote: {
    target: 'A',
    query: 'mutation($id: ID!) { sendQuote(id: $id) { number } }',
    variables: (f) => ({ id: f.quoteDraft }),
  },
  withdrawQuote: {
    target: 'A',
    query: 'mutation($id: ID!) { withdrawQuote(id: $id) { number } }',
    variables: (f) => ({ id: f.quoteSent }),
  },
  reviseQuote: {
    target: 'A',
    query: 'mutation($id: ID!) { reviseQuote(id: $id) { number } }',
    variables: (f) => ({ id: f.quoteSent }),
  },
  acceptQuote: {
    target: 'A',
    query: 'mutation($id: ID!) { acceptQuote(id: $id) { number } }',
    variables: (f) => ({ id: f.quoteSent }),
  },
  rejectQuote: {
    target: 'A',
    query: 'mutation($id: ID!) { rejectQuote(input: { id: $id, reason: PRICE }) { number } }',
    variables: (f) => ({ id: f.quoteSent }),
  },
  // ---- purchase orders and requests
  createPurchaseOrder: {
    target: 'A',
    query: `mutation($a: ID) { createPurchaseOrder(accountId: $a, input: { number: "PO-MATRIX-2", validFrom: "${today()}", expiresOn: "${later}" }) { id } }`,
    variables: (f) => ({ a: f.accountA }),
  },
  updatePurchaseOrder: {
    target: 'A',
    query: 'mutation($id: ID!) { updatePurchaseOrder(id: $id, input: { description: "changed" }) { id } }',
    variables: (f) => ({ id: f.poA }),
  },
  deactivatePurchaseOrder: {
    target: 'A',
    query: 'mutation($id: ID!) { deactivatePurchaseOrder(id: $id) { id } }',
    variables: (f) => ({ id: f.poA }),
  },
  setDefaultPurchaseOrder: {
    target: 'A',
    query: 'mutation($id: ID!) { setDefaultPurchaseOrder(id: $id) { id } }',
    variables: (f) => ({ id: f.poA }),
  },
  fileServiceRequest: {
    target: 'own',
    query:
      'mutation { fileServiceRequest(input: { type: OTHER, subject: "Matrix question", details: "Just asking" }) { id } }',
  },
  takeServiceRequest: {
    target: 'A',
    query: 'mutation($id: ID!) { takeServiceRequest(id: $id) { id } }',
    variables: (f) => ({ id: f.requestA }),
  },
  commentOnServiceRequest: {
    target: 'A',
    query: 'mutation($id: ID!) { commentOnServiceRequest(id: $id, body: "A comment") { id } }',
    variables: (f) => ({ id: f.requestA }),
  },
  resolveServiceRequest: {
    target: 'A',
    query: 'mutation($id: ID!) { resolveServiceRequest(id: $id, note: "done", applyChange: false) { id } }',
    variables: (f) => ({ id: f.requestA }),
  },
  declineServiceRequest: {
    target: 'A',
    query: 'mutation($id: ID!) { declineServiceRequest(id: $id, note: "no") { id } }',
    variables: (f) => ({ id: f.requestA }),
  },
  // ---- catalogue and subscriptions
  createProduct: {
    target: 'own',
    query: 'mutation { createProduct(input: { code: "MATRIX-NEW", name: "New", prices: [] }) { id } }',
  },
  updateProduct: {
    target: 'own',
    query: 'mutation($id: ID!) { updateProduct(id: $id, input: { description: "changed" }) { id } }',
    variables: (f) => ({ id: f.product }),
  },
  createSubscription: {
    target: 'A',
    query: `mutation($a: ID!, $p: ID!) { createSubscription(accountId: $a, input: { termStart: "${today()}", termEnd: "${oneYearFrom(today())}", items: [{ productId: $p, seats: 1 }] }) { id } }`,
    variables: (f) => ({ a: f.accountA, p: f.product }),
  },
  setSubscriptionAutoRenew: {
    target: 'A',
    query: 'mutation($a: ID!) { setSubscriptionAutoRenew(accountId: $a, autoRenew: false) { id } }',
    variables: (f) => ({ a: f.accountA }),
  },
  cancelSubscription: {
    target: 'A',
    query: 'mutation($a: ID!) { cancelSubscription(accountId: $a, input: { reason: "matrix" }) { id } }',
    variables: (f) => ({ a: f.accountA }),
  },
  reactivateSubscription: {
    target: 'A',
    query: 'mutation($a: ID!) { reactivateSubscription(accountId: $a) { id } }',
    variables: (f) => ({ a: f.accountA }),
  },
  // ---- webhooks (account services only; nothing of an account's in them)
  webhookEndpoints: { target: 'own', query: '{ webhookEndpoints { id url } }' },
  webhookDeliveries: {
    target: 'own',
    query: '{ webhookDeliveries(endpointId: "00000000-0000-4000-8000-000000000000") { edges { node { id } } } }',
  },
  createWebhookEndpoint: {
    target: 'own',
    query:
      'mutation { createWebhookEndpoint(input: { url: "https://93.184.215.14/hooks", events: ["invoice.paid"] }) { secret } }',
  },
  updateWebhookEndpoint: {
    target: 'own',
    query:
      'mutation { updateWebhookEndpoint(input: { id: "00000000-0000-4000-8000-000000000000", enabled: false }) { id } }',
  },
  deleteWebhookEndpoint: {
    target: 'own',
    query: 'mutation { deleteWebhookEndpoint(id: "00000000-0000-4000-8000-000000000000") }',
  },
  rotateWebhookSecret: {
    target: 'own',
    query: 'mutation { rotateWebhookSecret(id: "00000000-0000-4000-8000-000000000000") { secret } }',
  },
  redeliverWebhook: {
    target: 'own',
    query: 'mutation { redeliverWebhook(deliveryId: "00000000-0000-4000-8000-000000000000") { id } }',
  },
  sendTestWebhook: {
    target: 'own',
    query: 'mutation { sendTestWebhook(endpointId: "00000000-0000-4000-8000-000000000000") { id } }',
  },
};

let t: TestServer;
let f: Fixtures;
const clients = {} as Record<Principal, TestClient>;
/** Strings that only account A's data contains. */
let markers: string[];

beforeAll(async () => {
  t = await startTestServer();
  const s = t.app.services;
  const repA = await t.user(Role.SALES_REP);
  const repB = await t.user(Role.SALES_REP);
  const staff = await t.user(Role.ACCOUNT_SERVICES);
  const accountA = await t.account('Alpha Leak Corp', {
    salesRepId: repA.id,
    country: 'IT',
    currency: 'EUR',
    locale: 'it-IT',
  });
  const accountB = await t.account('Beta Other Ltd', {
    salesRepId: repB.id,
    country: 'IT',
    currency: 'EUR',
    locale: 'it-IT',
  });
  const contactA = await t.user(Role.BILLING_CONTACT, {
    accountId: accountA.id,
    billingUserId: 'alpha.secret.contact',
    email: 'alpha.contact@alpha-leak.example',
  });
  const contactB = await t.user(Role.BILLING_CONTACT, { accountId: accountB.id });
  // Account A's other portal users: one who may pay, one who may only look.
  const payerA = await t.user(Role.BILLING_CONTACT, { accountId: accountA.id, portalRole: PortalRole.PAYER });
  const viewerA = await t.user(Role.BILLING_CONTACT, { accountId: accountA.id, portalRole: PortalRole.VIEWER });
  const memberA = await t.user(Role.BILLING_CONTACT, { accountId: accountA.id, portalRole: PortalRole.VIEWER });
  Object.assign(clients, {
    anonymous: t.anonymous(),
    contactA: await t.loginAs(contactA),
    payerA: await t.loginAs(payerA),
    viewerA: await t.loginAs(viewerA),
    contactB: await t.loginAs(contactB),
    repA: await t.loginAs(repA),
    repB: await t.loginAs(repB),
    staff: await t.loginAs(staff),
  });
  const ok = async (client: TestClient, query: string, variables: Record<string, unknown> = {}) => {
    const r = await client.raw(query, variables);
    if (r.json.errors) throw new Error(`fixture failed: ${query}: ${JSON.stringify(r.json.errors)}`);
    return r.json.data;
  };
  const product = (
    await ok(
      clients.staff,
      'mutation { createProduct(input: { code: "MATRIX", name: "Matrix seat", prices: [{ currency: "EUR", unitPriceMinor: 12000 }] }) { id } }',
    )
  ).createProduct.id;
  await ok(
    clients.repA,
    `mutation($a: ID!, $p: ID!) { createSubscription(accountId: $a, input: { termStart: "${today()}", termEnd: "${oneYearFrom(today())}", items: [{ productId: $p, seats: 5 }] }) { id } }`,
    { a: accountA.id, p: product },
  );
  const poA = (
    await ok(
      clients.contactA,
      `mutation { createPurchaseOrder(input: { number: "PO-ALPHA-SECRET", validFrom: "${today()}", expiresOn: "${later}", makeDefault: true }) { id } }`,
    )
  ).createPurchaseOrder.id;
  const invoice = (
    await ok(
      clients.repA,
      'mutation($a: ID!) { issueInvoice(input: { accountId: $a, lines: [{ description: "Alpha seats", quantity: 1, unitPriceMinor: 5000, taxRateBasisPoints: 0 }] }) { id number } }',
      { a: accountA.id },
    )
  ).issueInvoice;
  const quote = (q: string) =>
    ok(
      clients.repA,
      `mutation($a: ID!, $p: ID!) { createQuote(input: { accountId: $a, expiresOn: "${later}", note: "${q}", lines: [{ productId: $p, seatChange: 1 }] }) { id number } }`,
      { a: accountA.id, p: product },
    );
  const sent = (await quote('alpha sent')).createQuote;
  await ok(clients.repA, 'mutation($id: ID!) { sendQuote(id: $id) { id } }', { id: sent.id });
  const draft = (await quote('alpha draft')).createQuote;
  const requestA = (
    await ok(
      clients.contactA,
      'mutation { fileServiceRequest(input: { type: OTHER, subject: "Alpha secret request", details: "private details" }) { id } }',
    )
  ).fileServiceRequest.id;
  const methodA = (
    await ok(
      clients.contactA,
      'mutation { addPaymentMethod(input: { type: CARD, token: "tok_sandbox_mastercard" }) { id } }',
    )
  ).addPaymentMethod.id;
  const recipientA = (
    await ok(
      clients.contactA,
      'mutation { addInvoiceRecipient(input: { email: "ap@alpha-leak.example", name: "Alpha AP" }) { id } }',
    )
  ).addInvoiceRecipient.id;
  const asStaff = {
    ...systemContext(s),
    system: undefined,
    principal: { userId: staff.id, role: staff.role, accountId: null, sessionId: 'x', user: staff },
  };
  const document = (
    await s.documents.upload(asStaff, { title: 'Form W-9', kind: 'W9', countries: ['US'] }, await sampleW9Pdf())
  ).id;
  f = {
    accountA: accountA.id,
    contactA: contactA.id,
    memberA: memberA.id,
    invoiceA: invoice.id,
    quoteSent: sent.id,
    quoteDraft: draft.id,
    poA,
    requestA,
    methodA,
    recipientA,
    product,
    document,
    repB: repB.id,
  };
  markers = [
    'Alpha Leak Corp',
    accountA.accountNumber,
    'alpha.secret.contact',
    'alpha-leak.example',
    invoice.number,
    sent.number,
    'PO-ALPHA-SECRET',
    'Alpha secret request',
    'alpha sent',
    'alpha draft',
    'Alpha seats',
  ];
});
afterAll(() => t.stop());

/** What `who` must get from `op`: a denial code, or null when the call is allowed. */
function expectedDenial(op: string, root: 'Query' | 'Mutation', who: Principal): string | null {
  const access = PERMISSIONS[root][op];
  if (access.includes('ANONYMOUS')) return null;
  if (who === 'anonymous') return 'UNAUTHENTICATED';
  if (!access.includes('AUTHENTICATED') && !ROLE[who].some((r) => access.includes(r))) return 'FORBIDDEN';
  if (CALLS[op].target === 'A' && !ENTITLED_TO_A.has(who)) return 'NOT_FOUND';
  return null;
}

const ops = (['Query', 'Mutation'] as const).flatMap((root) =>
  Object.keys(PERMISSIONS[root]).map((op) => [root, op] as const),
);
const PRINCIPALS: Principal[] = ['anonymous', 'contactA', 'payerA', 'viewerA', 'contactB', 'repA', 'repB', 'staff'];

describe('the permission matrix', () => {
  it('has a call for every operation of the permission table', () => {
    expect(Object.keys(CALLS).sort()).toEqual(ops.map(([, op]) => op).sort());
  });

  it("denies every call that should be denied, without any of the other account's data", async () => {
    const problems: string[] = [];
    for (const [root, op] of ops)
      for (const who of PRINCIPALS) {
        const expected = expectedDenial(op, root, who);
        if (!expected) continue;
        const r = await clients[who].raw(CALLS[op].query, CALLS[op].variables?.(f));
        const code = r.json.errors?.[0]?.extensions?.code;
        const body = JSON.stringify(r.json);
        if (code !== expected)
          problems.push(`${op} as ${who}: expected ${expected}, got ${code ?? 'success'} ${body.slice(0, 200)}`);
        if (r.json.data && Object.values(r.json.data).some((v) => v !== null))
          problems.push(`${op} as ${who}: data in a denied answer`);
        for (const m of markers) if (body.includes(m)) problems.push(`${op} as ${who}: the answer holds "${m}"`);
      }
    expect(problems).toEqual([]);
  });

  it("answers lists and own data to others without any of account A's data, also in nested fields", async () => {
    const problems: string[] = [];
    for (const [root, op] of ops) {
      if (root !== 'Query' || CALLS[op].target !== 'own') continue;
      for (const who of ['contactB', 'repB'] as const) {
        if (expectedDenial(op, root, who)) continue;
        const r = await clients[who].raw(CALLS[op].query, CALLS[op].variables?.(f));
        const body = JSON.stringify(r.json);
        if (r.json.errors) problems.push(`${op} as ${who}: ${body.slice(0, 200)}`);
        for (const m of markers) if (body.includes(m)) problems.push(`${op} as ${who}: the answer holds "${m}"`);
      }
    }
    expect(problems).toEqual([]);
    // The list queries do reach A's data for those entitled to it (so the check above can fail).
    const own = JSON.stringify((await clients.contactA.raw(CALLS.invoices.query)).json);
    expect(own).toContain('Alpha Leak Corp');
  });

  it('covers the HTTP routes: invoice and quote PDFs, document downloads and uploads', async () => {
    const get = async (who: Principal, path: string) =>
      (
        await fetch(`${t.url}${path}`, {
          headers:
            who === 'anonymous'
              ? {}
              : { authorization: `Bearer ${(clients[who] as TestClient & { accessToken: string }).accessToken}` },
        })
      ).status;
    const expected: Record<Principal, number> = {
      anonymous: 401,
      contactA: 200,
      payerA: 200,
      viewerA: 200,
      contactB: 404,
      repA: 200,
      repB: 404,
      staff: 200,
    };
    const problems: string[] = [];
    for (const path of [`/invoices/${f.invoiceA}.pdf`, `/quotes/${f.quoteSent}.pdf`])
      for (const who of PRINCIPALS) {
        const status = await get(who, path);
        if (status !== expected[who])
          problems.push(`GET ${path.split('/')[1]} as ${who}: ${status}, expected ${expected[who]}`);
      }
    // Documents are per country, not per account: anonymous callers get nothing.
    if ((await get('anonymous', `/documents/${f.document}.pdf`)) !== 401) problems.push('GET document as anonymous');
    for (const [who, status] of [
      ['anonymous', 401],
      ['contactA', 403],
      ['contactB', 403],
    ] as const) {
      const res = await fetch(`${t.url}/documents?title=x&kind=OTHER&countries=IT`, {
        method: 'POST',
        headers: {
          'content-type': 'application/pdf',
          ...(who === 'anonymous'
            ? {}
            : { authorization: `Bearer ${(clients[who] as TestClient & { accessToken: string }).accessToken}` }),
        },
        body: new Uint8Array(await sampleW9Pdf()),
      });
      if (res.status !== status) problems.push(`POST document as ${who}: ${res.status}, expected ${status}`);
    }
    expect(problems).toEqual([]);
  });

  it('answers every allowed call without an internal error (run last: these calls change data)', async () => {
    const problems: string[] = [];
    // Disabling the contact, and logging out everywhere, end sessions: those go last, in this order
    // (so logoutEverywhere finds contactA's session already ended by disableUser).
    const last = ['disableUser', 'enableUser', 'logoutEverywhere'];
    const ordered = [...ops.filter(([, o]) => !last.includes(o)), ...last.map((o) => ops.find(([, op]) => op === o)!)];
    for (const [root, op] of ordered)
      for (const who of PRINCIPALS) {
        if (expectedDenial(op, root, who)) continue;
        const r = await clients[who].raw(CALLS[op].query, CALLS[op].variables?.(f));
        const codes = (r.json.errors ?? []).map((e: { extensions?: { code?: string } }) => e.extensions?.code);
        if (r.status >= 500 || codes.includes('INTERNAL_SERVER_ERROR'))
          problems.push(`${op} as ${who}: ${JSON.stringify(r.json).slice(0, 200)}`);
        // An allowed call is never refused for who is calling.
        if (
          codes.some((c: string) => c === 'UNAUTHENTICATED' || c === 'FORBIDDEN') &&
          !['changePassword', 'logout', 'logoutEverywhere', 'refreshSession'].includes(op)
        )
          problems.push(`${op} as ${who}: refused ${codes.join(',')}`);
      }
    expect(problems).toEqual([]);
  });
});
