import { shows, visible } from './helpers/expect';
import { portalSuite } from './helpers/suite';
import { PASSWORD } from './helpers/world';

/** The Bill To page (contact, address, recipients, billing contact change) and the activity trail, in both languages. */
const portal = portalSuite();
const open = portal.open;

const BILL_TO = `query { account { country billTo { companyName contactName addressLine1 addressLine2 city region postalCode country email phone }
  invoiceRecipients { id email name }
  pendingBillingContactChange { status newContact { billingUserId displayName email status } } } }`;

const TEXT = {
  it: {
    title: 'Intestatario',
    country: 'Paese',
    countryName: 'Italia',
    locked: 'Il paese non si può cambiare qui',
    company: 'Ragione sociale (facoltativo)',
    contactName: 'Referente',
    address: 'Indirizzo',
    city: 'Città',
    region: 'Provincia (facoltativo)',
    postalCode: 'CAP (facoltativo)',
    phone: 'Telefono (facoltativo)',
    required: 'Campo obbligatorio.',
    save: 'Salva',
    saved: 'I dati di intestazione sono salvati.',
    badPhone: /Alcuni dati non sono validi|telefono/i,
    values: { city: 'Bergamo', region: 'BG', postalCode: '24121', phone: '035 123 4567', stored: '+390351234567' },
    recipientEmail: 'Indirizzo e-mail',
    recipientName: 'Nome (facoltativo)',
    addRecipient: 'Aggiungi un destinatario',
    added: 'riceverà le fatture.',
    rename: (email: string) => `Rinomina ${email}`,
    newName: (email: string) => `Nome per ${email}`,
    remove: (email: string) => `Rimuovi ${email}`,
    removed: 'non riceverà più le fatture.',
    noRecipients: 'Nessun altro indirizzo riceve le fatture.',
    newDisplayName: 'Nome del nuovo referente',
    newUserId: 'ID utente di fatturazione del nuovo referente',
    newEmail: 'E-mail del nuovo referente',
    invite: 'Invita il nuovo referente',
    pending: 'In attesa',
    cancelChange: 'Annulla il cambio',
    cancelled: 'Il cambio di referente per la fatturazione è annullato.',
    activity: 'Attività',
    billToChanged: 'Intestatario modificato',
    recipientAdded: 'Destinatario delle fatture aggiunto',
    cityField: 'Città',
  },
  en: {
    title: 'Bill To',
    country: 'Country',
    countryName: 'United States',
    locked: 'The country cannot be changed here',
    company: 'Company name (optional)',
    contactName: 'Contact name',
    address: 'Address',
    city: 'City',
    region: 'State or region (optional)',
    postalCode: 'Postal code (optional)',
    phone: 'Phone (optional)',
    required: 'Required.',
    save: 'Save',
    saved: 'The Bill To details are saved.',
    badPhone: /phone|valid/i,
    values: { city: 'Albany', region: 'NY', postalCode: '12207', phone: '(518) 555-0147', stored: '+15185550147' },
    recipientEmail: 'E-mail address',
    recipientName: 'Name (optional)',
    addRecipient: 'Add a recipient',
    added: 'will receive the invoices.',
    rename: (email: string) => `Rename ${email}`,
    newName: (email: string) => `Name for ${email}`,
    remove: (email: string) => `Remove ${email}`,
    removed: 'will no longer receive the invoices.',
    noRecipients: 'No other address receives the invoices.',
    newDisplayName: 'Name of the new contact',
    newUserId: 'Billing user ID of the new contact',
    newEmail: 'E-mail of the new contact',
    invite: 'Invite the new contact',
    pending: 'Pending',
    cancelChange: 'Cancel the change',
    cancelled: 'The change of billing contact is cancelled.',
    activity: 'Activity',
    billToChanged: 'Bill To changed',
    recipientAdded: 'Invoice recipient added',
    cityField: 'City',
  },
} as const;

describe.each(['it', 'en'] as const)('the Bill To page (%s)', (language) => {
  const say = TEXT[language];
  const name = language === 'it' ? 'Intestazioni Srl' : 'Bill To Corp';

  it('edits the contact, address and phone with the country locked, shows field errors and keeps the values', async () => {
    const c = await portal.customer(language, `${name} Edit`);
    const before = (await c.contact.raw(BILL_TO)).json.data.account;
    const p = await open(language);
    const { page } = p;
    await page.goto('/login');
    await p.login(c.user.billingUserId, PASSWORD);
    await p.goto('/bill-to');
    await shows(page.getByRole('heading', { level: 1 }), say.title, { exact: true });
    const main = page.getByRole('main');

    // The country is shown, disabled, and the page says why.
    const country = main.getByLabel(say.country, { exact: true });
    expect(await country.isDisabled()).toBe(true);
    expect(await country.inputValue()).toBe(say.countryName);
    await shows(main.locator('.field-hint'), say.locked);
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('bill-to');

    await main.getByLabel(say.company, { exact: true }).fill(`${name} Edit S.p.A.`);
    await main.getByLabel(say.contactName, { exact: true }).fill('Giulia Verdi');
    await main.getByLabel(say.address, { exact: true }).fill('Via Roma 1');
    await main.getByLabel(say.city, { exact: true }).fill(say.values.city);
    await main.getByLabel(say.region, { exact: true }).fill(say.values.region);
    await main.getByLabel(say.postalCode, { exact: true }).fill(say.values.postalCode);
    // The e-mail, like the contact, the address and the city, is required: the form says so before sending.
    const email = main.getByLabel('E-mail', { exact: true });
    expect(await email.getAttribute('aria-required')).toBe('true');
    expect(await main.getByLabel(say.company, { exact: true }).getAttribute('aria-required')).toBeNull();
    await email.fill(' ');
    await main.getByRole('button', { name: say.save, exact: true }).click();
    await shows(main.locator('.field-invalid').filter({ hasText: 'E-mail' }), say.required);
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect((await c.contact.raw(BILL_TO)).json.data.account.billTo).toEqual(before.billTo);
    await email.fill('billing@bill-to.example');
    // A phone number the service refuses: its message is next to the phone field, and nothing changes.
    const phone = main.getByLabel(say.phone, { exact: true });
    await phone.fill('12345');
    await main.getByRole('button', { name: say.save, exact: true }).click();
    await visible(main.locator('.field-invalid'));
    await shows(main.locator('.field-invalid'), say.phone);
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await phone.getAttribute('aria-describedby'))!.split(' ').pop()!;
    await shows(page.locator(`[id="${errorId}"]`), say.badPhone);
    await shows(main.getByRole('alert'), say.badPhone);
    expect((await c.contact.raw(BILL_TO)).json.data.account.billTo).toEqual(before.billTo);

    await phone.fill(say.values.phone);
    await main.getByRole('button', { name: say.save, exact: true }).click();
    await shows(main.getByRole('status'), say.saved, { exact: true });

    // After a reload the page shows what the service kept.
    await page.reload();
    await shows(page.getByRole('heading', { level: 1 }), say.title, { exact: true });
    expect(await main.getByLabel(say.city, { exact: true }).inputValue()).toBe(say.values.city);
    expect(await main.getByLabel(say.phone, { exact: true }).inputValue()).toBe(say.values.stored);
    await shows(main.locator('address'), `${name} Edit S.p.A.`);
    const after = (await c.contact.raw(BILL_TO)).json.data.account.billTo;
    expect(after).toMatchObject({
      companyName: `${name} Edit S.p.A.`,
      contactName: 'Giulia Verdi',
      addressLine1: 'Via Roma 1',
      city: say.values.city,
      postalCode: say.values.postalCode,
      phone: say.values.stored,
      country: before.billTo.country,
    });

    // The activity page lists the change, with who made it.
    await p.goto('/activity');
    await page.getByRole('heading', { level: 1, name: say.activity }).waitFor();
    await shows(main.locator('tbody tr'), say.billToChanged);
    await shows(main.locator('tbody tr'), `${say.cityField}: `);
    await shows(main.locator('tbody tr'), say.values.city);
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('activity');
  });

  it('adds, renames and removes an invoice recipient', async () => {
    const c = await portal.customer(language, `${name} Recipients`);
    const email = `controller.${language}@recipients.example`;
    const p = await open(language);
    const { page } = p;
    await page.goto('/login');
    await p.login(c.user.billingUserId, PASSWORD);
    await p.goto('/bill-to');
    await shows(page.getByRole('heading', { level: 1 }), say.title, { exact: true });
    const main = page.getByRole('main');
    await shows(main, say.noRecipients);

    await main.getByLabel(say.recipientEmail, { exact: true }).fill(email);
    await main.getByLabel(say.recipientName, { exact: true }).fill('Controller');
    await main.getByRole('button', { name: say.addRecipient, exact: true }).click();
    await shows(main.getByRole('status'), say.added);
    await shows(main.locator('tbody tr'), email);
    await shows(main.locator('tbody tr'), 'Controller');
    expect(await p.accessibility()).toEqual([]);
    let recipients = (await c.contact.raw(BILL_TO)).json.data.account.invoiceRecipients;
    expect(recipients).toEqual([expect.objectContaining({ email, name: 'Controller' })]);

    await main.getByRole('button', { name: say.rename(email), exact: true }).click();
    await main.getByLabel(say.newName(email), { exact: true }).fill('Financial Controller');
    await main.locator('tbody').getByRole('button', { name: say.save, exact: true }).click();
    await shows(main.locator('tbody tr'), 'Financial Controller');
    recipients = (await c.contact.raw(BILL_TO)).json.data.account.invoiceRecipients;
    expect(recipients).toEqual([expect.objectContaining({ email, name: 'Financial Controller' })]);

    await main.getByRole('button', { name: say.remove(email), exact: true }).click();
    await shows(main.getByRole('status'), say.removed);
    await shows(main, say.noRecipients);
    expect((await c.contact.raw(BILL_TO)).json.data.account.invoiceRecipients).toEqual([]);

    await p.goto('/activity');
    await shows(main.locator('tbody tr'), say.recipientAdded);
  });

  it('requests a change of billing contact, shows it pending and cancels it', async () => {
    const c = await portal.customer(language, `${name} Contact`);
    const p = await open(language);
    const { page } = p;
    await page.goto('/login');
    await p.login(c.user.billingUserId, PASSWORD);
    await p.goto('/bill-to');
    await shows(page.getByRole('heading', { level: 1 }), say.title, { exact: true });
    const main = page.getByRole('main');
    const userId = `next.contact.${language}`;

    await main.getByLabel(say.newDisplayName, { exact: true }).fill('Marco Neri');
    await main.getByLabel(say.newUserId, { exact: true }).fill(userId);
    await main.getByLabel(say.newEmail, { exact: true }).fill(`${userId}@contact.example`);
    await main.getByRole('button', { name: say.invite, exact: true }).click();
    await shows(main.locator('.pending-change'), say.pending);
    await shows(main.locator('.pending-change'), 'Marco Neri');
    await shows(main.locator('.pending-change'), userId);
    expect(await p.accessibility()).toEqual([]);
    const pending = (await c.contact.raw(BILL_TO)).json.data.account.pendingBillingContactChange;
    expect(pending).toMatchObject({
      status: 'PENDING',
      newContact: { billingUserId: userId, displayName: 'Marco Neri' },
    });

    await page.reload();
    await shows(main.locator('.pending-change'), 'Marco Neri');
    await main.getByRole('button', { name: say.cancelChange, exact: true }).click();
    await shows(main.getByRole('status'), say.cancelled, { exact: true });
    expect((await c.contact.raw(BILL_TO)).json.data.account.pendingBillingContactChange).toBeNull();
  });
});
