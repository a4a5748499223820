import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Role } from '../common/roles';
import { systemContext, type RequestContext } from '../context';
import type { BillingUser } from '../modules/identity/billing-user.entity';
import type { CreateUserInput } from '../modules/identity';
import { addDays, oneYearFrom, today } from '../common/dates';
import { sampleW9Pdf } from '../pdf/sample-w9';
import { ensurePrivateDir, writePrivateFile } from '../common/private-files';
import { inTransaction } from '../common/transactions';
import type { Services } from '../modules/services';
import { PaymentMethodType } from '../modules/payments/payment-method.entity';

export interface DemoCredential {
  role: Role;
  billingUserId: string;
  password: string;
}

const passphrase = () => `demo-${randomBytes(9).toString('base64url')}`;
const ROLE_ORDER = [Role.BILLING_CONTACT, Role.SALES_REP, Role.ACCOUNT_SERVICES];

/**
 * A demo account with its billing contact, a sales rep and an account-services
 * user (each with a fresh random password), Bill To, a subscription, its first
 * invoice, sandbox payment methods and a sent quote. The
 * passwords are printed once and kept in DATA_DIR/demo-credentials.txt
 * (readable by the owner only).
 */
export async function seedDemo(services: Services): Promise<DemoCredential[]> {
  const credentials: DemoCredential[] = [];
  const create = async (person: Omit<CreateUserInput, 'password'>) => {
    const password = passphrase();
    const user = await services.users.createUser({ ...person, password });
    credentials.push({ role: person.role, billingUserId: person.billingUserId, password });
    return user;
  };
  const rep = await create({
    role: Role.SALES_REP,
    billingUserId: 'rep.morgan',
    email: 'morgan.rep@vendor.example',
    displayName: 'Morgan Hale',
  });
  const account = await inTransaction(services.ds, (tx) =>
    services.accounts.createAccount(tx, { organisationName: 'Acme Industrial Supplies Ltd', salesRepId: rep.id }),
  );
  const contact = await create({
    role: Role.BILLING_CONTACT,
    billingUserId: 'acme.billing',
    email: 'billing@acme.example',
    displayName: 'Dana Whitfield',
    accountId: account.id,
  });
  const cas = await create({
    role: Role.ACCOUNT_SERVICES,
    billingUserId: 'cas.alex',
    email: 'alex.cas@vendor.example',
    displayName: 'Alex Romano',
  });
  await services.documents.upload(
    asUser(services, cas),
    { title: 'Form W-9 (sample)', kind: 'W9', countries: ['US'] },
    await sampleW9Pdf(),
  );
  const analyticsId = await seedCatalogueAndSubscription(services, rep, account.id);
  await seedInvoiceAndPaymentMethods(services, rep, contact, account.id);
  // A sent quote waiting for the contact: five more Analytics seats at 5% off.
  const quote = await services.quotes.create(asUser(services, rep), {
    accountId: account.id,
    expiresOn: addDays(today(), 30),
    note: 'Five more Analytics seats for the new regional team, at 5% off the list price.',
    lines: [{ productId: analyticsId, seatChange: 5, discountBasisPoints: 500 }],
  });
  await services.quotes.send(asUser(services, rep), quote.id);
  credentials.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
  const lines = [
    `Demo users (account ${account.accountNumber}, ${account.organisationName}):`,
    ...credentials.map((c) => `  ${c.role.padEnd(17)} user ID: ${c.billingUserId.padEnd(14)} password: ${c.password}`),
  ];
  console.log(lines.join('\n'));
  ensurePrivateDir(services.config.dataDir);
  writePrivateFile(path.join(services.config.dataDir, 'demo-credentials.txt'), lines.join('\n') + '\n');
  return credentials;
}

/** A context acting as a demo user (seeding goes through the same services as requests). */
function asUser(services: Services, user: BillingUser): RequestContext {
  return {
    ...systemContext(services, 'seed:demo'),
    system: undefined,
    principal: { userId: user.id, role: user.role, accountId: user.accountId, sessionId: 'seed', user },
  };
}

/** Bill To, two products and a subscription for the demo account, made as the demo sales rep. */
async function seedCatalogueAndSubscription(services: Services, rep: BillingUser, accountId: string): Promise<string> {
  const ctx = asUser(services, rep);
  await services.accounts.updateBillTo(ctx, accountId, {
    contactName: 'Dana Whitfield',
    email: 'billing@acme.example',
    companyName: 'Acme Industrial Supplies Ltd',
    addressLine1: '400 Market Street',
    city: 'Springfield',
    region: 'IL',
    postalCode: '62701',
    phone: '(217) 555-0134',
  });
  const analytics = await services.subscriptions.createProduct({
    code: 'ANALYTICS',
    name: 'Analytics seat',
    description: 'Dashboards and reports, per user per year',
    prices: [
      { currency: 'USD', unitPriceMinor: 120000 },
      { currency: 'EUR', unitPriceMinor: 110000 },
    ],
  });
  const archive = await services.subscriptions.createProduct({
    code: 'ARCHIVE',
    name: 'Document archive seat',
    prices: [
      { currency: 'USD', unitPriceMinor: 9900 },
      { currency: 'EUR', unitPriceMinor: 9000 },
    ],
  });
  const start = today();
  await services.subscriptions.createSubscription(ctx, accountId, {
    termStart: start,
    termEnd: oneYearFrom(start),
    autoRenew: true,
    items: [
      { productId: analytics.id, seats: 25 },
      { productId: archive.id, seats: 40 },
    ],
  });
  return analytics.id;
}

/**
 * The first year's invoice and, for the contact, a sandbox VISA card (pays)
 * and wire transfer; the README lists the sandbox tokens for other outcomes.
 */
async function seedInvoiceAndPaymentMethods(
  services: Services,
  rep: BillingUser,
  contact: BillingUser,
  accountId: string,
): Promise<void> {
  const start = today();
  const period = { periodStart: start, periodEnd: oneYearFrom(start) };
  await services.invoices.issueInvoice(asUser(services, rep), accountId, [
    {
      description: 'Analytics seat, first year',
      productCode: 'ANALYTICS',
      quantity: 25,
      unitPriceMinor: 120000,
      taxRateBasisPoints: 0,
      ...period,
    },
    {
      description: 'Document archive seat, first year',
      productCode: 'ARCHIVE',
      quantity: 40,
      unitPriceMinor: 9900,
      taxRateBasisPoints: 0,
      ...period,
    },
  ]);
  const ctx = asUser(services, contact);
  await services.paymentMethods.add(ctx, {
    type: PaymentMethodType.CARD,
    token: 'tok_sandbox_visa',
    holderName: 'Dana Whitfield',
    makeDefault: true,
  });
  await services.paymentMethods.add(ctx, { type: PaymentMethodType.WIRE_TRANSFER, makeDefault: false });
}

/** The quick start's demo data: only on a database with no users yet. */
export async function seedDemoIfEmpty(services: Services): Promise<void> {
  if ((await services.users.countUsers()) === 0) await seedDemo(services);
}
