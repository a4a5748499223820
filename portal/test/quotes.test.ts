import type { Language } from './helpers/browser';
import { shows, visible } from './helpers/expect';
import { portalSuite } from './helpers/suite';
import { PASSWORD } from './helpers/world';
import type { Customer } from '../../test/helpers/fixtures';

/** The quotes: the list with pending ones first, a quote's lines and effect, accepting, rejecting and its PDF. */
const portal = portalSuite();
const open = portal.open;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const money = (language: Language, amountMinor: number, currency: string) =>
  new Intl.NumberFormat(language === 'it' ? 'it-IT' : 'en-US', { style: 'currency', currency })
    .format(amountMinor / 100)
    .replace(/\s/g, ' ');

/** A quote the rep sends: 2 more ARCHIVE seats. */
async function sentQuote(c: Customer) {
  const created = await c.rep.raw(
    'mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id number total { amountMinor currency } } }',
    {
      input: {
        accountId: c.account.id,
        expiresOn: inDays(14),
        lines: [{ productId: portal.ids.ARCHIVE, seatChange: 2 }],
      },
    },
  );
  expect(created.json.errors).toBeUndefined();
  const quote = created.json.data.createQuote as {
    id: string;
    number: string;
    total: { amountMinor: number; currency: string };
  };
  const sent = await c.rep.raw('mutation($id: ID!) { sendQuote(id: $id) { status } }', { id: quote.id });
  expect(sent.json.errors).toBeUndefined();
  return quote;
}

const TEXT = {
  it: {
    title: 'Preventivi',
    pending: 'In attesa della tua decisione',
    accepted: 'Accettato',
    rejected: 'Rifiutato',
    po: "Numero dell'ordine d'acquisto",
    accept: 'Accetta',
    reject: 'Rifiuta',
    acceptedNotice: 'Hai accettato il preventivo.',
    rejectedNotice: 'Hai rifiutato il preventivo.',
    reason: 'Motivo',
    price: 'Il prezzo',
    comment: 'Commento',
    pdf: 'Scarica il PDF',
    notFound: 'Pagina non trovata',
  },
  en: {
    title: 'Quotes',
    pending: 'Awaiting your decision',
    accepted: 'Accepted',
    rejected: 'Rejected',
    po: 'Purchase order number',
    accept: 'Accept',
    reject: 'Reject',
    acceptedNotice: 'You have accepted the quote.',
    rejectedNotice: 'You have rejected the quote.',
    reason: 'Reason',
    price: 'The price',
    comment: 'Comment',
    pdf: 'Download the PDF',
    notFound: 'Page not found',
  },
} as const;

describe.each(['it', 'en'] as const)('the quotes (%s)', (language) => {
  const say = TEXT[language];
  const name = language === 'it' ? 'Preventivi Srl' : 'Quotes Corp';

  it('accepts a sent quote with the default PO prefilled, after showing its effect and its PDF', async () => {
    const c = await portal.customer(language, `${name} Accept`);
    const po = await c.contact.raw(
      'mutation($input: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $input) { number isDefault } }',
      { input: { number: 'PO-7731', validFrom: inDays(-1), expiresOn: inDays(200), makeDefault: true } },
    );
    expect(po.json.errors).toBeUndefined();
    const quote = await sentQuote(c);

    const p = await open(language);
    const { page } = p;
    await page.goto('/login');
    await p.login(c.user.billingUserId, PASSWORD);
    await p.goto('/quotes');
    await page.getByRole('heading', { level: 1, name: say.title }).waitFor();
    const row = page.getByRole('row').filter({ hasText: quote.number });
    await shows(row, say.pending);
    await shows(row, money(language, quote.total.amountMinor, quote.total.currency));
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('quotes');

    await row.getByRole('link', { name: quote.number }).click();
    await page.waitForURL(`**/quotes/${quote.id}`);
    const main = page.getByRole('main');
    // The effect on the seats: 5 ARCHIVE seats now, 2 more, 7 after.
    await visible(main.getByRole('row', { name: /Archive seat \(ARCHIVE\)\s+5\s+\+2\s+7/ }));
    await shows(main, money(language, quote.total.amountMinor, quote.total.currency));
    expect(await main.getByLabel(say.po).inputValue()).toBe('PO-7731');
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('quote');

    // The PDF is fetched with the bearer token and is a PDF.
    const [pdf] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === `/quotes/${quote.id}.pdf`),
      main.getByRole('button', { name: say.pdf }).click(),
    ]);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');

    await main.getByRole('button', { name: say.accept, exact: true }).click();
    await shows(page.getByRole('status'), say.acceptedNotice);
    await shows(main, say.accepted);
    const after = await c.contact.raw('query($id: ID!) { quote(id: $id) { status poNumber } }', { id: quote.id });
    expect(after.json.data.quote).toEqual({ status: 'ACCEPTED', poNumber: 'PO-7731' });
  });

  it('rejects a sent quote with a reason and a comment, and hides quotes of other accounts', async () => {
    const c = await portal.customer(language, `${name} Reject`);
    const quote = await sentQuote(c);
    const other = await portal.customer(language, `${name} Other`);
    const foreign = await sentQuote(other);

    const p = await open(language);
    const { page } = p;
    await page.goto('/login');
    await p.login(c.user.billingUserId, PASSWORD);
    await p.goto(`/quotes/${quote.id}`);
    const main = page.getByRole('main');
    await main.getByLabel(say.reason).selectOption({ label: say.price });
    await main.getByLabel(say.comment).fill('Too expensive for us this year');
    await main.getByRole('button', { name: say.reject, exact: true }).click();
    await shows(page.getByRole('status'), say.rejectedNotice);
    await shows(main, say.rejected);
    await shows(main, 'Too expensive for us this year');
    expect(await p.accessibility()).toEqual([]);
    const after = await c.contact.raw('query($id: ID!) { quote(id: $id) { status rejectReason rejectComment } }', {
      id: quote.id,
    });
    expect(after.json.data.quote).toEqual({
      status: 'REJECTED',
      rejectReason: 'PRICE',
      rejectComment: 'Too expensive for us this year',
    });

    await p.goto(`/quotes/${foreign.id}`);
    await page.getByRole('heading', { level: 1, name: say.notFound }).waitFor();
  });
});
