import { PortalRole, Role } from '../../src/common/roles';
import { ADD_METHOD, ISSUE, plainLine, sentQuote } from '../../test/helpers/billing';
import type { Customer } from '../../test/helpers/fixtures';
import type { Language } from './helpers/browser';
import { shows, visible } from './helpers/expect';
import { portalSuite } from './helpers/suite';
import { PASSWORD } from './helpers/world';

/** Portal users and their roles: an ADMIN manages the users; a VIEWER and a PAYER see only what they may do; e-mail choices. */
const portal = portalSuite();
const open = portal.open;

/** A portal user of the customer's account with this role (an active login, "Test billing_contact"). */
const colleague = (c: Customer, portalRole: PortalRole) =>
  portal.t.user(Role.BILLING_CONTACT, { accountId: c.account.id, portalRole });

/** What the customer's roles decide on: an open invoice the rep issued and a quote the rep sent. */
async function invoiceAndQuote(c: Customer) {
  const issued = await c.rep.mutate(ISSUE, { input: { accountId: c.account.id, lines: [plainLine(123_456)] } });
  expect(issued.errors).toEqual([]);
  const quote = await sentQuote(c.rep, c.account.id, [{ productId: portal.ids.ARCHIVE, seatChange: 2 }]);
  return { invoiceId: issued.data.issueInvoice.id, quoteId: quote.id };
}

async function loggedIn(language: Language, billingUserId: string) {
  const p = await open(language);
  await p.page.goto('/login');
  await p.login(billingUserId, PASSWORD);
  return p;
}

describe('portal users and roles', () => {
  it('lets an ADMIN invite a user, change a role, deactivate and reactivate, and says why a change is refused', async () => {
    const c = await portal.customer('en', 'Users Corp Admin');
    const payer = await colleague(c, PortalRole.PAYER);
    // A pending change of billing contact: the incoming contact stays an ADMIN until it completes or is cancelled.
    const change = await c.contact.raw(
      'mutation($input: NewBillingContactInput!) { requestBillingContactChange(input: $input) { id } }',
      { input: { billingUserId: 'users.incoming', displayName: 'Ines Incoming', email: 'ines@example.test' } },
    );
    expect(change.json.errors).toBeUndefined();

    const p = await loggedIn('en', c.user.billingUserId);
    const { page } = p;
    await page.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    const main = page.getByRole('main');
    const row = (text: string) => main.getByRole('row').filter({ hasText: text });

    // The billing contact named on invoices: a badge, and no controls that would demote or deactivate them.
    const me = row(c.user.billingUserId);
    await shows(me, 'Billing contact');
    await shows(me, 'Administrator');
    await shows(me, 'The billing contact named on invoices stays an active administrator.');
    expect(await me.getByRole('combobox').count()).toBe(0);
    expect(await me.getByRole('button').count()).toBe(0);

    // Inviting a PAYER: listed as invited, with a new invitation at hand.
    const invite = main.getByRole('region', { name: 'Invite a user' });
    await invite.getByLabel('Name', { exact: true }).fill('Paula Payer');
    await invite.getByLabel('Billing user ID', { exact: true }).fill('users.paula');
    await invite.getByLabel('E-mail', { exact: true }).fill('paula@example.test');
    await invite.getByLabel('Role', { exact: true }).selectOption({ label: 'Payer' });
    await invite.getByRole('button', { name: 'Send the invitation' }).click();
    await shows(
      page.getByRole('status'),
      'Paula Payer is invited as Payer: the invitation is on its way to paula@example.test.',
    );
    const paula = row('users.paula');
    await shows(paula, 'Invited');
    await visible(paula.getByRole('button', { name: 'Resend invitation to Paula Payer' }));
    expect(await paula.getByRole('combobox', { name: 'Role of Paula Payer' }).inputValue()).toBe('PAYER');

    // Paula becomes a VIEWER.
    await paula.getByRole('combobox', { name: 'Role of Paula Payer' }).selectOption({ label: 'Viewer' });
    await paula.getByRole('button', { name: 'Change role of Paula Payer' }).click();
    await shows(page.getByRole('status'), 'Paula Payer is now Viewer.');
    expect(await paula.getByRole('combobox', { name: 'Role of Paula Payer' }).inputValue()).toBe('VIEWER');
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('users');

    // An active PAYER is deactivated (after a question) and reactivated.
    const active = row(payer.billingUserId);
    await active.getByRole('button', { name: `Deactivate ${payer.displayName}` }).click();
    await active.getByRole('button', { name: 'Yes, deactivate' }).click();
    await shows(page.getByRole('status'), `${payer.displayName} is deactivated and can no longer log in.`);
    await shows(active, 'Deactivated');
    await active.getByRole('button', { name: `Reactivate ${payer.displayName}` }).click();
    await shows(page.getByRole('status'), `${payer.displayName} is active again and can log in.`);
    await shows(active, 'Active');

    // The incoming billing contact cannot be demoted: the refusal says why, and the role shown stays.
    const ines = row('users.incoming');
    await ines.getByRole('combobox', { name: 'Role of Ines Incoming' }).selectOption({ label: 'Payer' });
    await ines.getByRole('button', { name: 'Change role of Ines Incoming' }).click();
    await shows(
      page.getByRole('alert'),
      'Ines Incoming is the billing contact named on invoices, or is about to become it, and stays an active administrator.',
    );
    expect(await ines.getByRole('combobox', { name: 'Role of Ines Incoming' }).inputValue()).toBe('ADMIN');
  });

  it('shows a VIEWER what they may do: no Users page, no paying, no deciding quotes', async () => {
    const c = await portal.customer('en', 'Users Corp Viewer');
    const viewer = await colleague(c, PortalRole.VIEWER);
    const { invoiceId, quoteId } = await invoiceAndQuote(c);
    const note = 'Your portal role (Viewer) lets you view and download.';

    const p = await loggedIn('en', viewer.billingUserId);
    const { page } = p;
    const nav = page.getByRole('navigation');
    await visible(nav.getByRole('link', { name: 'Invoices' }));
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);

    await p.goto(`/invoices/${invoiceId}`);
    const main = page.getByRole('main');
    await shows(main, note);
    await visible(main.getByRole('button', { name: 'Download the PDF' }));
    expect(await main.getByRole('button', { name: 'Pay', exact: true }).count()).toBe(0);
    expect(await p.accessibility()).toEqual([]);

    await p.goto(`/quotes/${quoteId}`);
    await shows(main, note);
    await shows(main, 'Awaiting your decision');
    expect(await main.getByRole('button', { name: 'Accept', exact: true }).count()).toBe(0);
    expect(await main.getByRole('button', { name: 'Reject', exact: true }).count()).toBe(0);
  });

  it('lets a PAYER pay but not decide quotes, and keeps the e-mails they choose', async () => {
    const c = await portal.customer('it', 'Utenti Srl Pagatore');
    const payer = await colleague(c, PortalRole.PAYER);
    const { invoiceId, quoteId } = await invoiceAndQuote(c);
    const card = await c.contact.mutate(ADD_METHOD, { input: { type: 'CARD', token: 'tok_sandbox_visa' } });
    expect(card.errors).toEqual([]);

    const p = await loggedIn('it', payer.billingUserId);
    const { page } = p;
    const main = page.getByRole('main');
    await p.goto(`/invoices/${invoiceId}`);
    await visible(main.getByRole('button', { name: 'Paga', exact: true }));
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Utenti' }).count()).toBe(0);

    await p.goto(`/quotes/${quoteId}`);
    await shows(
      main,
      'Il tuo ruolo nel portale (Pagatore) ti permette di consultare, scaricare, pagare le fatture e gestire i metodi di pagamento.',
    );
    expect(await main.getByRole('button', { name: 'Accetta', exact: true }).count()).toBe(0);
    expect(await main.getByRole('button', { name: 'Rifiuta', exact: true }).count()).toBe(0);

    // A PAYER's defaults: invoices and receipts.
    await p.goto('/profile');
    const box = {
      invoices: main.getByLabel('Le nuove fatture'),
      receipts: main.getByLabel('Le ricevute dei pagamenti'),
      quotes: main.getByLabel('I preventivi inviati o ritirati'),
      reminders: main.getByLabel('I promemoria sugli ordini di acquisto in scadenza'),
    };
    const ticked = async () =>
      Object.fromEntries(await Promise.all(Object.entries(box).map(async ([k, l]) => [k, await l.isChecked()])));
    expect(await ticked()).toEqual({ invoices: true, receipts: true, quotes: false, reminders: false });
    await shows(main, 'Sono le impostazioni predefinite del tuo ruolo nel portale (Pagatore).');
    expect(await p.accessibility()).toEqual([]);

    await box.invoices.uncheck();
    await main.getByRole('button', { name: 'Salva le preferenze e-mail' }).click();
    await shows(page.getByRole('status'), 'Le tue preferenze e-mail sono salvate.');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Profilo' }).waitFor();
    expect(await ticked()).toEqual({ invoices: false, receipts: true, quotes: false, reminders: false });

    await main.getByRole('button', { name: 'Ripristina i valori predefiniti del mio ruolo' }).click();
    await shows(page.getByRole('status'), 'Le tue preferenze e-mail sono tornate ai valori predefiniti del tuo ruolo.');
    expect(await ticked()).toEqual({ invoices: true, receipts: true, quotes: false, reminders: false });
  });
});
