import { Role } from '../../src/common/roles';
import { ISSUE, plainLine } from '../../test/helpers/billing';
import { shows, visible } from './helpers/expect';
import { portalSuite } from './helpers/suite';
import { PASSWORD } from './helpers/world';

/** Requests to Corporate Account Services (file, follow, comment, the staff's answer) and other accounts' ids, in both languages. */
const portal = portalSuite();
const open = portal.open;

const REQUESTS = `query { serviceRequests { edges { node { id reference type status subject formKind comments { body authorRole } } } } }`;
const FILE = `mutation($input: FileRequestInput!) { fileServiceRequest(input: $input) { id reference subject } }`;

const TEXT = {
  it: {
    requests: 'Richieste',
    newRequest: 'Nuova richiesta',
    type: 'Tipo',
    form: 'Modulo',
    subject: 'Oggetto',
    details: 'Dettagli',
    send: 'Invia la richiesta',
    wantedDate: 'Disdetta a partire dal',
    reason: 'Motivo',
    required: 'Campo obbligatorio.',
    filed: /La richiesta CAS-\d{8} è stata inviata/,
    open: 'Aperta',
    inProgress: 'In lavorazione',
    resolved: 'Risolta',
    formRequest: 'Richiesta di un modulo',
    comment: 'Il tuo commento',
    addComment: 'Aggiungi il commento',
    commentSent: 'Il commento è stato aggiunto.',
    closed: 'Questa richiesta è chiusa',
    notFound: 'Pagina non trovata',
    more: 'Mostra altri',
    activity: 'Attività',
  },
  en: {
    requests: 'Requests',
    newRequest: 'New request',
    type: 'Type',
    form: 'Form',
    subject: 'Subject',
    details: 'Details',
    send: 'Send the request',
    wantedDate: 'Cancel from',
    reason: 'Reason',
    required: 'Required.',
    filed: /Your request CAS-\d{8} has been sent/,
    open: 'Open',
    inProgress: 'In progress',
    resolved: 'Resolved',
    formRequest: 'Form request',
    comment: 'Your comment',
    addComment: 'Add the comment',
    commentSent: 'Your comment has been added.',
    closed: 'This request is closed',
    notFound: 'Page not found',
    more: 'Show more',
    activity: 'Activity',
  },
} as const;

describe.each(['it', 'en'] as const)('requests to Corporate Account Services (%s)', (language) => {
  const say = TEXT[language];
  const name = language === 'it' ? 'Richieste Srl' : 'Requests Corp';

  it('files a request, lists it with its status, adds a comment and shows the staff answer', async () => {
    const c = await portal.customer(language, `${name} File`);
    const subject = language === 'it' ? 'Ci serve il W-9' : 'We need your W-9';
    const p = await open(language);
    const { page } = p;
    await page.goto('/login');
    await p.login(c.user.billingUserId, PASSWORD);
    await p.goto('/requests');
    await shows(page.getByRole('heading', { level: 1 }), say.requests, { exact: true });
    const main = page.getByRole('main');
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('requests-empty');
    await main.getByRole('link', { name: say.newRequest, exact: true }).click();
    await shows(page.getByRole('heading', { level: 1 }), say.newRequest, { exact: true });

    // Each type asks for its own fields: a cancellation needs a date and a reason.
    await main.getByLabel(say.type, { exact: true }).selectOption('CANCELLATION');
    await visible(main.getByLabel(say.wantedDate, { exact: true }));
    await visible(main.getByLabel(say.reason, { exact: true }));
    await main.getByRole('button', { name: say.send, exact: true }).click();
    await shows(main.locator('.field-error'), say.required, { exact: true });
    expect((await c.contact.raw(REQUESTS)).json.data.serviceRequests.edges).toEqual([]);

    await main.getByLabel(say.type, { exact: true }).selectOption('FORM_REQUEST');
    expect(await main.getByLabel(say.reason, { exact: true }).count()).toBe(0);
    await main.getByLabel(say.form, { exact: true }).selectOption('W9');
    await main.getByLabel(say.subject, { exact: true }).fill(subject);
    await main.getByLabel(say.details, { exact: true }).fill('For our vendor file');
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('new-request');
    await main.getByRole('button', { name: say.send, exact: true }).click();
    await shows(main.getByRole('status'), say.filed);
    await page.waitForURL(/\/requests\/[^/]+$/);
    await shows(main.locator('.badge'), say.open, { exact: true });
    const [filed] = (await c.contact.raw(REQUESTS)).json.data.serviceRequests.edges.map((e: any) => e.node);
    expect(filed).toMatchObject({ type: 'FORM_REQUEST', formKind: 'W9', status: 'OPEN', subject });
    expect(new URL(page.url()).pathname).toBe(`/requests/${filed.id}`);
    await shows(page.getByRole('heading', { level: 1 }), filed.reference);

    // The list shows it with its status.
    await p.goto('/requests');
    const row = main.locator('tbody tr').filter({ hasText: filed.reference });
    await shows(row, subject);
    await shows(row, say.formRequest);
    await shows(row, say.open);
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('requests');

    // A comment from the contact.
    await row.getByRole('link', { name: filed.reference }).click();
    await main.getByLabel(say.comment, { exact: true }).fill('Vandelay Industries Inc.');
    await main.getByRole('button', { name: say.addComment, exact: true }).click();
    await shows(main.getByRole('status'), say.commentSent, { exact: true });
    await shows(main.locator('.comments li'), 'Vandelay Industries Inc.');
    let stored = (await c.contact.raw(REQUESTS)).json.data.serviceRequests.edges[0].node;
    expect(stored.comments).toEqual([{ body: 'Vandelay Industries Inc.', authorRole: 'BILLING_CONTACT' }]);

    // Corporate Account Services takes it, answers and resolves it: the contact sees it all.
    const cas = await portal.t.loginAs(await portal.t.user(Role.ACCOUNT_SERVICES));
    const take = await cas.raw('mutation($id: ID!) { takeServiceRequest(id: $id) { status } }', { id: filed.id });
    expect(take.json.errors).toBeUndefined();
    await page.reload();
    await shows(main.locator('.badge'), say.inProgress, { exact: true });
    const answer = await cas.raw(
      'mutation($id: ID!, $body: String!) { commentOnServiceRequest(id: $id, body: $body) { id } }',
      {
        id: filed.id,
        body: 'Which entity name should it show?',
      },
    );
    expect(answer.json.errors).toBeUndefined();
    const resolve = await cas.raw(
      'mutation($id: ID!, $note: String!) { resolveServiceRequest(id: $id, note: $note) { status } }',
      { id: filed.id, note: 'Sent by e-mail' },
    );
    expect(resolve.json.errors).toBeUndefined();
    await page.reload();
    await shows(main.locator('.badge'), say.resolved, { exact: true });
    await shows(main.locator('.resolution-note'), 'Sent by e-mail', { exact: true });
    await shows(main.locator('.comments li'), 'Which entity name should it show?');
    await shows(main, say.closed);
    expect(await main.getByLabel(say.comment, { exact: true }).count()).toBe(0);
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('request');
    stored = (await c.contact.raw(REQUESTS)).json.data.serviceRequests.edges[0].node;
    expect(stored.status).toBe('RESOLVED');
  });

  it("does not show another account's request, invoice or quote when the id in the address is changed", async () => {
    const a = await portal.customer(language, `${name} Alpha`);
    const b = await portal.customer(language, `${name} Bravo`);
    const theirs = await b.contact.raw(FILE, {
      input: { type: 'OTHER', subject: 'Bravo secret subject', details: 'Bravo secret details' },
    });
    expect(theirs.json.errors).toBeUndefined();
    const request = theirs.json.data.fileServiceRequest;
    const invoice = await b.rep.mutate(ISSUE, {
      input: { accountId: b.account.id, issueDate: new Date().toISOString().slice(0, 10), lines: [plainLine(98_765)] },
    });
    expect(invoice.errors).toEqual([]);
    const quote = await b.rep.raw('mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id number } }', {
      input: {
        accountId: b.account.id,
        expiresOn: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
        lines: [{ productId: portal.ids.ARCHIVE, seatChange: 2 }],
      },
    });
    expect(quote.json.errors).toBeUndefined();
    const sent = await b.rep.raw('mutation($id: ID!) { sendQuote(id: $id) { status } }', {
      id: quote.json.data.createQuote.id,
    });
    expect(sent.json.errors).toBeUndefined();

    const p = await open(language);
    const { page } = p;
    await page.goto('/login');
    await p.login(a.user.billingUserId, PASSWORD);
    const main = page.getByRole('main');
    const secrets = [
      b.account.organisationName,
      b.account.accountNumber,
      'Bravo secret subject',
      'Bravo secret details',
      request.reference,
      invoice.data.issueInvoice.number,
      quote.json.data.createQuote.number,
    ];
    const noneOfTheirs = async () => {
      const text = await main.innerText();
      for (const secret of secrets) expect(text).not.toContain(secret);
    };

    await p.goto(`/requests/${request.id}`);
    await shows(page.getByRole('heading', { level: 1 }), say.notFound, { exact: true });
    await noneOfTheirs();
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('request-not-found');

    // The invoice and quote pages (another part of the portal): whatever they show, nothing of the other account.
    await p.goto(`/invoices/${invoice.data.issueInvoice.id}`);
    await page.waitForLoadState('networkidle');
    await noneOfTheirs();
    await p.goto(`/quotes/${quote.json.data.createQuote.id}`);
    await page.waitForLoadState('networkidle');
    await noneOfTheirs();
    // Their own list does not show it either.
    await p.goto('/requests');
    await visible(main.locator('table, p'));
    await page.waitForLoadState('networkidle');
    await noneOfTheirs();

    // And the data is unchanged and still theirs.
    const still = (await b.contact.raw(REQUESTS)).json.data.serviceRequests.edges.map((e: any) => e.node.id);
    expect(still).toEqual([request.id]);
    expect((await a.contact.raw(REQUESTS)).json.data.serviceRequests.edges).toEqual([]);
  });

  it('lists the requests and the activity 20 at a time, the rest behind "Show more"', async () => {
    const c = await portal.customer(language, `${name} Many`);
    const subject = (i: number) => `Question ${String(i).padStart(2, '0')}`;
    for (let i = 1; i <= 23; i++) {
      const filed = await c.contact.raw(FILE, { input: { type: 'OTHER', subject: subject(i), details: 'One more' } });
      expect(filed.json.errors).toBeUndefined();
    }
    const p = await open(language);
    const { page } = p;
    await page.goto('/login');
    await p.login(c.user.billingUserId, PASSWORD);
    await p.goto('/requests');
    const main = page.getByRole('main');
    const rows = main.locator('tbody tr');
    const more = main.getByRole('button', { name: say.more, exact: true });

    // The newest 20 first; the three oldest only after "Show more", once each, and then the button is gone.
    await shows(rows, subject(23));
    expect(await rows.count()).toBe(20);
    expect(await main.innerText()).not.toContain(subject(3));
    await more.click();
    await shows(rows, subject(1));
    const subjects = await rows.locator('td:nth-child(2)').allInnerTexts();
    expect(subjects).toEqual(Array.from({ length: 23 }, (_, i) => subject(23 - i)));
    expect(await more.count()).toBe(0);
    expect(await p.accessibility()).toEqual([]);

    // Coming back starts from the first page again.
    await page.reload();
    await shows(rows, subject(23));
    expect(await rows.count()).toBe(20);

    // The activity trail (one entry per request filed, and the account's own) pages the same way.
    await p.goto('/activity');
    await page.getByRole('heading', { level: 1, name: say.activity }).waitFor();
    await visible(rows.first());
    expect(await rows.count()).toBe(20);
    await more.click();
    await visible(rows.nth(20));
    expect(await rows.count()).toBeGreaterThan(23);
  });
});
