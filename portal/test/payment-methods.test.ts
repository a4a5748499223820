import { shows, visible } from './helpers/expect';
import { portalSuite } from './helpers/suite';
import { PASSWORD } from './helpers/world';

/** Payment methods: a card through the sandbox's form (its number stays in the browser), the default, removing, wire and cheque. */
const portal = portalSuite();
const open = portal.open;

const TEXT = {
  it: {
    title: 'Metodi di pagamento',
    type: 'Tipo',
    card: 'Carta',
    wire: 'Bonifico',
    cheque: 'Assegno',
    cardNumber: 'Numero della carta',
    holder: 'Intestatario della carta o del conto',
    add: 'Aggiungi il metodo',
    visa: 'VISA che termina con 4242',
    mastercard: 'MASTERCARD che termina con 4444',
    added: 'Il metodo Carta è stato aggiunto.',
    default: 'Predefinito',
    makeDefault: 'Rendi predefinito MASTERCARD che termina con 4444',
    defaultSet: 'MASTERCARD che termina con 4444 è ora il metodo di pagamento predefinito.',
    remove: 'Rimuovi VISA che termina con 4242',
    confirm: 'Rimuovere VISA che termina con 4242?',
    yes: 'Sì, rimuovi',
    removed: 'VISA che termina con 4242 è stato rimosso.',
    unknownCard: 'Questo non è uno dei numeri di carta di prova della sandbox.',
    wireHow: 'Come pagare con bonifico',
    chequeHow: 'Come pagare con assegno',
    addTitle: 'Aggiungi un metodo di pagamento',
    debit: 'Addebito diretto',
    accountNumber: 'Numero del conto bancario',
    bankMethod: 'Conto Sandbox Bank che termina con 6789',
    payableTo: 'Assegni intestati a',
    already: "L'account ha già un metodo Bonifico.",
    noNumbers: "In questo campo non si inseriscono numeri di carta o di conto: indica il nome dell'intestatario.",
    limit: "L'account ha già il numero massimo di metodi di pagamento. Rimuovine uno prima.",
  },
  en: {
    title: 'Payment methods',
    type: 'Type',
    card: 'Card',
    wire: 'Wire transfer',
    cheque: 'Cheque',
    cardNumber: 'Card number',
    holder: 'Name on the card or account',
    add: 'Add the method',
    visa: 'VISA ending in 4242',
    mastercard: 'MASTERCARD ending in 4444',
    added: 'The Card method is added.',
    default: 'Default',
    makeDefault: 'Make default: MASTERCARD ending in 4444',
    defaultSet: 'MASTERCARD ending in 4444 is now the default payment method.',
    remove: 'Remove VISA ending in 4242',
    confirm: 'Remove VISA ending in 4242?',
    yes: 'Yes, remove it',
    removed: 'VISA ending in 4242 is removed.',
    unknownCard: "This is not one of the sandbox's test card numbers.",
    wireHow: 'How to pay by wire transfer',
    chequeHow: 'How to pay by cheque',
    addTitle: 'Add a payment method',
    debit: 'Direct debit',
    accountNumber: 'Bank account number',
    bankMethod: 'Sandbox Bank account ending in 6789',
    payableTo: 'Make cheques payable to',
    already: 'The account already has a Wire transfer method.',
    noNumbers: 'Card and account numbers are never accepted in this field: enter the name on the card or account.',
    limit: 'At most 10 payment methods can be kept; remove one first',
  },
} as const;

describe.each(['it', 'en'] as const)('the payment methods page (%s)', (language) => {
  const say = TEXT[language];
  const name = language === 'it' ? 'Pagamenti Srl' : 'Payments Corp';

  it('adds cards through the sandbox form without sending their numbers, sets the default and removes one', async () => {
    const c = await portal.customer(language, `${name} Cards`);
    const p = await open(language);
    const { page } = p;
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/graphql')) sent.push(r.postData() ?? '');
    });
    await page.goto('/login');
    await p.login(c.user.billingUserId, PASSWORD);
    await p.goto('/payment-methods');
    await page.getByRole('heading', { level: 1, name: say.title }).waitFor();
    const main = page.getByRole('main');

    // A number the sandbox does not know is refused at the field, before anything is sent.
    await page.getByLabel(say.cardNumber).fill('4111 1111 1111 1111');
    await page.getByRole('button', { name: say.add }).click();
    await shows(main, say.unknownCard);

    const addCard = async (number: string) => {
      await page.getByLabel(say.holder).fill('Ada Lovelace');
      await page.getByLabel(say.cardNumber).fill(number);
      await Promise.all([
        page.waitForResponse(
          (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('addPaymentMethod'),
        ),
        page.getByRole('button', { name: say.add }).click(),
      ]);
      await shows(page.getByRole('status'), say.added);
    };
    await addCard('4242 4242 4242 4242');
    await addCard('5555555555554444');
    const visaRow = main.getByRole('row').filter({ hasText: say.visa });
    const mcRow = main.getByRole('row').filter({ hasText: say.mastercard });
    // The first method is the default.
    await shows(visaRow, say.default);
    await visible(mcRow);
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('payment-methods');

    // Only the sandbox's tokens reached the service, never the card numbers.
    const adds = sent.filter((body) => body.includes('addPaymentMethod'));
    expect(adds).toHaveLength(2);
    expect(adds.join('\n')).toContain('tok_sandbox_visa');
    expect(adds.join('\n')).toContain('tok_sandbox_mastercard');
    for (const body of sent) {
      const digits = body.replace(/[\s-]/g, '');
      for (const number of ['4242424242424242', '5555555555554444', '4111111111111111'])
        expect(digits).not.toContain(number);
    }

    await page.getByRole('button', { name: say.makeDefault }).click();
    await shows(page.getByRole('status'), say.defaultSet);
    await shows(mcRow, say.default);
    expect(await visaRow.innerText()).not.toContain(say.default);

    // Removing asks first.
    await page.getByRole('button', { name: say.remove }).click();
    await shows(main, say.confirm);
    await page.getByRole('button', { name: say.yes }).click();
    await shows(page.getByRole('status'), say.removed);
    await shows(main.getByRole('table'), say.mastercard);
    expect(await main.getByRole('table').innerText()).not.toContain(say.visa);
    const listed = await c.contact.raw('{ paymentMethods { type last4 isDefault } }', {});
    expect(listed.json.data.paymentMethods).toEqual([{ type: 'CARD', last4: '4444', isDefault: true }]);
  });

  it('shows where to send a wire transfer and a cheque, adds a direct debit, and shows refusals next to the form', async () => {
    const c = await portal.customer(language, `${name} Wire`);
    const p = await open(language);
    const { page } = p;
    await page.goto('/login');
    await p.login(c.user.billingUserId, PASSWORD);
    await p.goto('/payment-methods');
    const main = page.getByRole('main');
    for (const label of [say.wire, say.cheque]) {
      await page.getByLabel(say.type).selectOption({ label });
      await page.getByRole('button', { name: say.add }).click();
      await shows(page.getByRole('status'), label);
    }
    const listed = await c.contact.raw(
      '{ paymentMethods { type remittanceInstructions { iban swift checkPayableTo reference } } }',
      {},
    );
    const remit = listed.json.data.paymentMethods[0].remittanceInstructions;
    const wire = main.getByRole('region', { name: say.wireHow });
    await shows(wire, remit.iban);
    await shows(wire, remit.swift);
    await shows(wire, remit.reference);
    const cheque = main.getByRole('region', { name: say.chequeHow });
    await shows(cheque, say.payableTo);
    await shows(cheque, remit.checkPayableTo);
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('payment-methods-remittance');

    // A second wire transfer method is refused, in words.
    await page.getByLabel(say.type).selectOption({ label: say.wire });
    await page.getByRole('button', { name: say.add }).click();
    await shows(page.getByRole('alert'), say.already, { exact: true });

    // The service refuses a card number in the name field: the message is at that field.
    await page.getByLabel(say.type).selectOption({ label: say.card });
    await page.getByLabel(say.holder).fill('4000 0000 0000 0002');
    await page.getByLabel(say.cardNumber).fill('4242424242424242');
    await page.getByRole('button', { name: say.add }).click();
    await shows(main.locator('.field-invalid').filter({ hasText: say.holder }), say.noNumbers);
    expect(await page.getByLabel(say.holder).getAttribute('aria-invalid')).toBe('true');

    // A direct debit through the sandbox's bank form: the account number stays in the browser too.
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/graphql')) sent.push(r.postData() ?? '');
    });
    await page.getByLabel(say.type).selectOption({ label: say.debit });
    await page.getByLabel(say.holder).fill('Ada Lovelace');
    await page.getByLabel(say.accountNumber).fill('000123456789');
    await page.getByRole('button', { name: say.add }).click();
    await shows(main.getByRole('table'), say.bankMethod);
    expect(sent.join('\n')).toContain('btok_sandbox_success');
    expect(sent.join('\n')).not.toContain('000123456789');

    // At the limit of ten methods, adding one more says so next to the form.
    for (let i = 0; i < 7; i++) {
      const added = await c.contact.raw(
        'mutation($input: AddPaymentMethodInput!) { addPaymentMethod(input: $input) { id } }',
        { input: { type: 'CARD', token: 'tok_sandbox_amex' } },
      );
      expect(added.json.errors).toBeUndefined();
    }
    await page.reload();
    await page.getByRole('heading', { level: 1, name: say.title }).waitFor();
    await page.getByLabel(say.holder).fill('Ada Lovelace');
    await page.getByLabel(say.cardNumber).fill('4242424242424242');
    await page.getByRole('button', { name: say.add }).click();
    await shows(main.getByRole('region', { name: say.addTitle }).getByRole('alert'), say.limit, { exact: true });
  });
});
