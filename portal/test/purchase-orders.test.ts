import { shows, visible } from './helpers/expect';
import { portalSuite } from './helpers/suite';
import { PASSWORD } from './helpers/world';

/** Purchase orders (add, edit, the default, expiring soon, deactivate after a confirmation) in both languages. */
const portal = portalSuite();
const open = portal.open;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const TEXT = {
  it: {
    title: 'Ordini di acquisto',
    number: "Numero d'ordine",
    validFrom: 'Valido dal',
    expiresOn: 'Scade il',
    add: "Aggiungi l'ordine di acquisto",
    addTitle: 'Aggiungi un ordine di acquisto',
    editTitle: "Modifica l'ordine di acquisto PO-LONG",
    added: "L'ordine di acquisto PO-SOON è stato aggiunto.",
    soon: 'In scadenza',
    active: 'Attivo',
    default: 'Predefinito',
    edit: 'Modifica PO-LONG',
    save: 'Salva',
    saved: "L'ordine di acquisto PO-LONG-2 è stato salvato.",
    description: 'Descrizione (facoltativo)',
    deactivate: 'Disattiva PO-OLD',
    confirmDeactivate: 'Disattivare PO-OLD?',
    yesDeactivate: 'Sì, disattiva',
    keep: 'Mantieni',
    deactivated: 'Disattivato',
    deactivatedDone: 'PO-OLD è disattivato: le nuove fatture non lo useranno più.',
    makeDefault: 'Rendi predefinito PO-LONG-2',
    defaultSet: "PO-LONG-2 è ora l'ordine di acquisto predefinito per le nuove fatture.",
    required: 'Campo obbligatorio.',
    taken: "L'account ha già un ordine di acquisto con questo numero.",
    beforeStart: 'La data di scadenza non può precedere la data di inizio.',
  },
  en: {
    title: 'Purchase orders',
    number: 'PO number',
    validFrom: 'Valid from',
    expiresOn: 'Expires on',
    add: 'Add the purchase order',
    addTitle: 'Add a purchase order',
    editTitle: 'Edit purchase order PO-LONG',
    added: 'Purchase order PO-SOON is added.',
    soon: 'Expires soon',
    active: 'Active',
    default: 'Default',
    edit: 'Edit PO-LONG',
    save: 'Save',
    saved: 'Purchase order PO-LONG-2 is saved.',
    description: 'Description (optional)',
    deactivate: 'Deactivate PO-OLD',
    confirmDeactivate: 'Deactivate PO-OLD?',
    yesDeactivate: 'Yes, deactivate it',
    keep: 'Keep it',
    deactivated: 'Deactivated',
    deactivatedDone: 'PO-OLD is deactivated: new invoices no longer use it.',
    makeDefault: 'Make default: PO-LONG-2',
    defaultSet: 'PO-LONG-2 is now the default purchase order for new invoices.',
    required: 'Required.',
    taken: 'The account already has a purchase order with this number.',
    beforeStart: 'The expiry date cannot be before the start date.',
  },
} as const;

describe.each(['it', 'en'] as const)('the purchase orders page (%s)', (language) => {
  const say = TEXT[language];
  const name = language === 'it' ? 'Ordini Srl' : 'Orders Corp';
  const formatDate = (d: string) =>
    new Intl.DateTimeFormat(language === 'it' ? 'it-IT' : 'en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${d}T00:00:00Z`),
    );

  it('adds a purchase order, edits it, makes another the default and shows which expire soon', async () => {
    const c = await portal.customer(language, `${name} POs`);
    const long = await c.contact.raw(
      'mutation($input: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $input) { id } }',
      { input: { number: 'PO-LONG', validFrom: inDays(-10), expiresOn: inDays(200) } },
    );
    expect(long.json.errors).toBeUndefined();
    const p = await open(language);
    const { page } = p;
    await page.goto('/login');
    await p.login(c.user.billingUserId, PASSWORD);
    await p.goto('/purchase-orders');
    await page.getByRole('heading', { level: 1, name: say.title }).waitFor();
    const main = page.getByRole('main');
    const add = main.getByRole('region', { name: say.addTitle });

    // The number is required.
    await page.getByRole('button', { name: say.add }).click();
    await shows(main, say.required);

    await add.getByLabel(say.number).fill('PO-SOON');
    await add.getByLabel(say.validFrom).fill(inDays(-5));
    await add.getByLabel(say.expiresOn).fill(inDays(10));
    await page.getByRole('button', { name: say.add }).click();
    await shows(page.getByRole('status'), say.added);
    const soonRow = main.getByRole('row').filter({ hasText: 'PO-SOON' });
    await shows(soonRow, say.soon);
    await shows(soonRow, formatDate(inDays(10)));
    await shows(soonRow, say.active);
    const longRow = main.getByRole('row').filter({ hasText: 'PO-LONG' });
    // One far from expiry is not "expiring soon"; no PO is the default yet.
    await shows(longRow, say.active);
    expect(await longRow.innerText()).not.toContain(say.soon);
    expect(await main.getByRole('table').innerText()).not.toContain(say.default);

    // Edit the number, the description and the expiry.
    await page.getByRole('button', { name: say.edit }).click();
    const edit = main.getByRole('region', { name: say.editTitle });
    await edit.getByLabel(say.number).fill('PO-LONG-2');
    await edit.getByLabel(say.description).fill('Annual licences 2027');
    await edit.getByLabel(say.expiresOn).fill(inDays(300));
    await edit.getByRole('button', { name: say.save }).click();
    await shows(page.getByRole('status'), say.saved);
    const editedRow = main.getByRole('row').filter({ hasText: 'PO-LONG-2' });
    await shows(editedRow, formatDate(inDays(300)));
    await shows(editedRow, 'Annual licences 2027');

    // Make PO-SOON the default, then PO-LONG-2 again.
    await page.getByRole('button', { name: say.makeDefault.replace('PO-LONG-2', 'PO-SOON') }).click();
    await shows(soonRow, say.default);
    await page.getByRole('button', { name: say.makeDefault }).click();
    await shows(page.getByRole('status'), say.defaultSet);
    await shows(editedRow, say.default);
    expect(await soonRow.innerText()).not.toContain(say.default);
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('purchase-orders');

    // The service's refusals show at the field they are about.
    await add.getByLabel(say.number).fill('po-soon');
    await add.getByLabel(say.validFrom).fill(inDays(-5));
    await add.getByLabel(say.expiresOn).fill(inDays(20));
    await page.getByRole('button', { name: say.add }).click();
    await shows(add.locator('.field-invalid').filter({ hasText: say.number }), say.taken);
    await add.getByLabel(say.number).fill('PO-BACKWARDS');
    await add.getByLabel(say.expiresOn).fill(inDays(-10));
    await page.getByRole('button', { name: say.add }).click();
    await shows(add.locator('.field-invalid').filter({ hasText: say.expiresOn }), say.beforeStart);
    expect(await p.accessibility()).toEqual([]);

    const listed = await c.contact.raw(
      '{ account { purchaseOrders { number description expiresOn expiresSoon isDefault } } }',
      {},
    );
    expect(listed.json.data.account.purchaseOrders).toEqual(
      expect.arrayContaining([
        {
          number: 'PO-LONG-2',
          description: 'Annual licences 2027',
          expiresOn: inDays(300),
          expiresSoon: false,
          isDefault: true,
        },
        { number: 'PO-SOON', description: null, expiresOn: inDays(10), expiresSoon: true, isDefault: false },
      ]),
    );
  });

  it('deactivates a purchase order only after a confirmation, and it stops being the default', async () => {
    const c = await portal.customer(language, `${name} Deactivate`);
    const created = await c.contact.raw(
      'mutation($input: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $input) { id } }',
      { input: { number: 'PO-OLD', validFrom: inDays(-30), expiresOn: inDays(100), makeDefault: true } },
    );
    expect(created.json.errors).toBeUndefined();
    const state = async () =>
      (await c.contact.raw('{ account { purchaseOrders { number deactivated isDefault } } }', {})).json.data.account
        .purchaseOrders;
    const p = await open(language);
    const { page } = p;
    await page.goto('/login');
    await p.login(c.user.billingUserId, PASSWORD);
    await p.goto('/purchase-orders');
    const main = page.getByRole('main');
    const row = main.getByRole('row').filter({ hasText: 'PO-OLD' });
    await shows(row, say.default);

    // The first click only asks; "keep" leaves the purchase order as it was.
    await row.getByRole('button', { name: say.deactivate }).click();
    const question = row.getByRole('group', { name: say.confirmDeactivate });
    await shows(question, say.confirmDeactivate);
    expect(await p.accessibility()).toEqual([]);
    await question.getByRole('button', { name: say.keep }).click();
    await visible(row.getByRole('button', { name: say.deactivate }));
    expect(await state()).toEqual([{ number: 'PO-OLD', deactivated: false, isDefault: true }]);

    // "Yes" deactivates it: the row says so, offers no more actions, and it is no longer the default.
    await row.getByRole('button', { name: say.deactivate }).click();
    await row.getByRole('button', { name: say.yesDeactivate }).click();
    await shows(page.getByRole('status'), say.deactivatedDone, { exact: true });
    await shows(row, say.deactivated);
    expect(await row.getByRole('button').count()).toBe(0);
    expect(await row.innerText()).not.toContain(say.default);
    expect(await state()).toEqual([{ number: 'PO-OLD', deactivated: true, isDefault: false }]);
  });
});
