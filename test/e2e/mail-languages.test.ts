import { randomBytes } from 'node:crypto';
import { gql } from '@apollo/client';
import { systemContext } from '../../src/context';
import { addDays, oneYearFrom, today } from '../../src/common/dates';
import { formatDate } from '../../src/common/locale-format';
import { type BillingUser } from '../../src/modules/identity/billing-user.entity';
import { Role } from '../../src/common/roles';
import type { TestClient } from '../helpers/client';
import { customer, ITALIAN, type Customer } from '../helpers/fixtures';
import { linkToken, type ReceivedMail } from '../helpers/mailbox';
import { ACTIVATE, CHANGE_PASSWORD, INVITE, REQUEST_RESET, RESET } from '../helpers/operations';
import { cli } from '../helpers/process';
import { PASSWORD, startTestServer, type TestServer } from '../helpers/server';

/**
 * Every e-mail is written in its reader's language: a billing contact reads
 * their account's locale, a staff member their own (English when they have
 * none), the shared requests mailbox English. These tests read the real
 * e-mails the service sends over SMTP.
 */

const CONTACT_CHANGE = gql`
  mutation ($input: NewBillingContactInput!) {
    requestBillingContactChange(input: $input) {
      id
      status
    }
  }
`;
const FILE = gql`
  mutation ($input: FileRequestInput!) {
    fileServiceRequest(input: $input) {
      id
      reference
    }
  }
`;
const TAKE = gql`
  mutation ($id: ID!) {
    takeServiceRequest(id: $id) {
      id
      status
    }
  }
`;
const COMMENT = gql`
  mutation ($id: ID!, $body: String!) {
    commentOnServiceRequest(id: $id, body: $body) {
      body
    }
  }
`;
const RESOLVE = gql`
  mutation ($id: ID!, $note: String!) {
    resolveServiceRequest(id: $id, note: $note) {
      id
      status
    }
  }
`;
const DECLINE = gql`
  mutation ($id: ID!, $note: String!) {
    declineServiceRequest(id: $id, note: $note) {
      id
      status
    }
  }
`;
const CREATE_PO = gql`
  mutation ($input: CreatePurchaseOrderInput!) {
    createPurchaseOrder(input: $input) {
      id
      number
    }
  }
`;
const CREATE_PRODUCT = gql`
  mutation ($input: CreateProductInput!) {
    createProduct(input: $input) {
      id
    }
  }
`;
const CREATE_SUBSCRIPTION = gql`
  mutation ($accountId: ID!, $input: CreateSubscriptionInput!) {
    createSubscription(accountId: $accountId, input: $input) {
      id
    }
  }
`;
const CREATE_QUOTE = gql`
  mutation ($input: CreateQuoteInput!) {
    createQuote(input: $input) {
      id
      number
      revision
    }
  }
`;
const SEND_QUOTE = gql`
  mutation ($id: ID!) {
    sendQuote(id: $id) {
      id
      status
    }
  }
`;
const ACCEPT_QUOTE = gql`
  mutation ($id: ID!) {
    acceptQuote(id: $id) {
      id
      status
      invoice {
        number
      }
    }
  }
`;
const REJECT_QUOTE = gql`
  mutation ($input: RejectQuoteInput!) {
    rejectQuote(input: $input) {
      id
      status
    }
  }
`;

const NEW_PASSWORD = 'a brand new passphrase';
const REQUESTS_MAILBOX = 'cas-queue@vendor.example';

let t: TestServer;
let cas: TestClient;
let productId: string;
beforeAll(async () => {
  t = await startTestServer({
    REQUESTS_NOTIFY_EMAIL: REQUESTS_MAILBOX,
    PUBLIC_URL: 'https://billing.example',
    TAX_RATES: 'IT=2200',
  });
  cas = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
  const product = await cas.mutate(CREATE_PRODUCT, {
    input: { code: 'LINGUA', name: 'Lingua seat', prices: [{ currency: 'EUR', unitPriceMinor: 120_000 }] },
  });
  expect(product.errors).toEqual([]);
  productId = product.data.createProduct.id;
});
afterAll(() => t.stop());

const tag = () => randomBytes(3).toString('hex');

/** A staff user made as the CLI makes them: with a language, or with none. */
function staff(role: Role.SALES_REP | Role.ACCOUNT_SERVICES, locale: string | null): Promise<BillingUser> {
  const billingUserId = `staff.${locale ?? 'none'}.${tag()}`.toLowerCase();
  return t.app.services.users.createUser({
    role,
    billingUserId,
    email: `${billingUserId}@vendor.example`,
    displayName: locale === 'it-IT' ? 'Giorgio Rossi' : 'Grace Hopper',
    password: PASSWORD,
    locale,
  });
}

/** The first e-mail to `address` that matches, waiting for it. */
const mailTo = (address: string, match: (m: ReceivedMail) => boolean = () => true) =>
  t.mailbox.waitFor((m) => m.to.includes(address.toLowerCase()) && match(m));

/** The number of e-mails to `address` so far, to wait for the next one. */
const nextMailTo = (address: string) => {
  const seen = t.mailbox.to(address).length;
  return (match: (m: ReceivedMail) => boolean = () => true) =>
    t.mailbox.waitFor(
      (m) => m.to.includes(address.toLowerCase()) && t.mailbox.to(address).indexOf(m) >= seen && match(m),
    );
};

describe('e-mails to billing contacts are in the account’s language', () => {
  it('invitation: Italian for an it-IT account, English for an en-US one', async () => {
    const rep = await staff(Role.SALES_REP, null);
    const repClient = await t.loginAs(rep);
    const it = await t.account('Invito Srl', { salesRepId: rep.id, country: 'IT', currency: 'EUR', locale: 'it-IT' });
    const en = await t.account('Invite Inc', { salesRepId: rep.id, country: 'US', currency: 'USD', locale: 'en-US' });
    for (const [account, email] of [
      [it, 'ap@invito.example'],
      [en, 'ap@invite.example'],
    ] as const) {
      const r = await repClient.mutate(INVITE, {
        input: { accountId: account.id, billingUserId: email, email, displayName: 'Paola Neri' },
      });
      expect(r.errors).toEqual([]);
    }
    const itMail = await mailTo('ap@invito.example');
    expect(itMail.subject).toBe('Invito al portale di fatturazione aziendale di Invito Srl');
    expect(itMail.text).toContain('Gentile Paola Neri,');
    expect(itMail.text).toContain('le è stato assegnato il ruolo di referente per la fatturazione di Invito Srl');
    expect(itMail.text).toContain('Il suo ID utente di fatturazione è: ap@invito.example');
    expect(itMail.text).toMatch(/apra questo link entro \d+ giorni:\n\nhttps:\/\/billing\.example\/activate\?token=/);
    expect(itMail.text).not.toMatch(/Hello|billing contact|Corporate Billing Portal/);

    const enMail = await mailTo('ap@invite.example');
    expect(enMail.subject).toBe('You are invited to the Corporate Billing Portal of Invite Inc');
    expect(enMail.text).toContain('Hello Paola Neri,');
  });

  it('password reset and password changed', async () => {
    const { user } = await customer(t, 'Password Srl', ITALIAN);
    const next = nextMailTo(user.email);
    expect((await t.anonymous().mutate(REQUEST_RESET, { userId: user.billingUserId })).errors).toEqual([]);
    const reset = await next((m) => m.text.includes('/reset-password?token='));
    expect(reset.subject).toBe('Reimpostazione della password del portale di fatturazione aziendale');
    expect(reset.text).toContain(
      'è stata richiesta la reimpostazione della password del suo accesso al portale di fatturazione aziendale.',
    );
    expect(reset.text).toMatch(/apra questo link entro \d+ minuti:/);
    expect(reset.text).toContain('Il link si può usare una sola volta.');

    const changedNext = nextMailTo(user.email);
    expect(
      (
        await t
          .anonymous()
          .mutate(RESET, { input: { token: linkToken(reset, '/reset-password'), newPassword: NEW_PASSWORD } })
      ).errors,
    ).toEqual([]);
    const changed = await changedNext();
    expect(changed.subject).toBe('La password del portale di fatturazione aziendale è stata modificata');
    expect(changed.text).toContain('è stata appena modificata e le altre sessioni sono state chiuse.');
    expect(changed.text).toContain('reimposti subito la password e contatti il servizio Corporate Account Services.');

    // Changed from the portal (logged in), too.
    const again = await t.loginAs(user, NEW_PASSWORD);
    const changedAgainNext = nextMailTo(user.email);
    expect(
      (
        await again.mutate(CHANGE_PASSWORD, {
          input: { currentPassword: NEW_PASSWORD, newPassword: `${NEW_PASSWORD} 2` },
        })
      ).errors,
    ).toEqual([]);
    expect((await changedAgainNext()).subject).toBe(
      'La password del portale di fatturazione aziendale è stata modificata',
    );
  });

  it('billing contact change: the invitation, then "replaced" to the old contact and "confirmed" to the new one', async () => {
    const { user, contact } = await customer(t, 'Cambio Srl', ITALIAN);
    const r = await contact.mutate(CONTACT_CHANGE, {
      input: { billingUserId: `nuovo.${tag()}`, email: 'nuovo@cambio.example', displayName: 'Marco Neri' },
    });
    expect(r.errors).toEqual([]);
    const invitation = await mailTo('nuovo@cambio.example');
    expect(invitation.subject).toBe('Invito al portale di fatturazione aziendale di Cambio Srl');
    expect(
      (
        await t
          .anonymous()
          .mutate(ACTIVATE, { input: { token: linkToken(invitation, '/activate'), newPassword: NEW_PASSWORD } })
      ).errors,
    ).toEqual([]);

    const replaced = await mailTo(user.email, (m) => m.subject.includes('Cambio Srl'));
    expect(replaced.subject).toBe('Non è più referente per la fatturazione di Cambio Srl');
    expect(replaced.text).toContain(
      'Marco Neri è ora referente per la fatturazione di Cambio Srl nel portale di fatturazione aziendale.',
    );
    expect(replaced.text).toContain('Il suo accesso al portale è terminato.');
    const confirmed = await mailTo('nuovo@cambio.example', (m) => m.subject !== invitation.subject);
    expect(confirmed.subject).toBe('Ora è referente per la fatturazione di Cambio Srl');
    expect(confirmed.text).toContain('Gentile Marco Neri,');
    expect(confirmed.text).toContain('il suo accesso è attivo');
    expect(confirmed.text).toContain(
      'Riceverà le fatture di Cambio Srl e potrà gestirne i dati di fatturazione, i preventivi e i pagamenti.',
    );
  });

  it('request updates (taken, replied, resolved, declined); the shared requests mailbox gets English', async () => {
    const { user, contact } = await customer(t, 'Richieste Srl', ITALIAN);
    const filed = await contact.mutate(FILE, {
      input: { type: 'FORM_REQUEST', subject: 'Modulo W-8BEN-E', details: 'Per il nostro fornitore', formKind: 'W9' },
    });
    expect(filed.errors).toEqual([]);
    const { id, reference } = filed.data.fileServiceRequest;

    const notice = await mailTo(REQUESTS_MAILBOX, (m) => m.subject.includes(reference));
    expect(notice.subject).toBe(`New request ${reference} from Richieste Srl: Modulo W-8BEN-E`);
    expect(notice.text).toContain(`Richieste Srl filed a FORM_REQUEST request (${reference}):`);

    expect((await cas.mutate(TAKE, { id })).errors).toEqual([]);
    const taken = await mailTo(user.email, (m) => m.subject.includes(reference));
    expect(taken.subject).toBe(`La sua richiesta ${reference} è in lavorazione`);
    expect(taken.text).toContain(`la sua richiesta ${reference} («Modulo W-8BEN-E») è in lavorazione.`);

    expect((await cas.mutate(COMMENT, { id, body: 'Quale ragione sociale deve riportare?' })).errors).toEqual([]);
    const replied = await mailTo(user.email, (m) => m.text.includes('Quale ragione sociale'));
    expect(replied.subject).toBe(`La sua richiesta ${reference}: risposta di Corporate Account Services`);
    expect(replied.text).toContain(
      `il servizio Corporate Account Services ha risposto alla sua richiesta ${reference} («Modulo W-8BEN-E»).`,
    );

    expect((await cas.mutate(RESOLVE, { id, note: 'Inviato per e-mail' })).errors).toEqual([]);
    const resolved = await mailTo(user.email, (m) => m.text.includes('Inviato per e-mail'));
    expect(resolved.subject).toBe(`La sua richiesta ${reference} è stata risolta`);
    expect(resolved.text).toContain('Gentile Test billing_contact,');

    const other = (
      await contact.mutate(FILE, { input: { type: 'OTHER', subject: 'Sconto', details: 'Uno sconto, per favore' } })
    ).data.fileServiceRequest;
    await cas.mutate(TAKE, { id: other.id });
    expect((await cas.mutate(DECLINE, { id: other.id, note: 'Non previsto dal contratto' })).errors).toEqual([]);
    const declined = await mailTo(user.email, (m) => m.text.includes('Non previsto dal contratto'));
    expect(declined.subject).toBe(`La sua richiesta ${other.reference} è stata respinta`);
    expect(declined.text).toContain(`la sua richiesta ${other.reference} («Sconto») è stata respinta.`);
    for (const m of t.mailbox.to(user.email)) expect(m.text).not.toMatch(/Hello|Your request/);
  });

  it('purchase order reminders', async () => {
    const { user, contact } = await customer(t, 'Ordini Srl', ITALIAN);
    const expiresOn = addDays(today(), 25);
    expect(
      (await contact.mutate(CREATE_PO, { input: { number: 'PO-IT-30', validFrom: addDays(today(), -10), expiresOn } }))
        .errors,
    ).toEqual([]);
    expect(
      (
        await contact.mutate(CREATE_PO, {
          input: { number: 'PO-IT-7', validFrom: addDays(today(), -10), expiresOn: addDays(today(), 1) },
        })
      ).errors,
    ).toEqual([]);
    await t.app.services.purchaseOrders.sendExpiryReminders(systemContext(t.app.services, 'test-job'));
    const thirty = await mailTo(user.email, (m) => m.subject.includes('PO-IT-30'));
    expect(thirty.subject).toBe("L'ordine d'acquisto PO-IT-30 scade tra 25 giorni");
    expect(thirty.text).toContain(
      `l'ordine d'acquisto PO-IT-30 di Ordini Srl scade il ${formatDate(expiresOn, 'it-IT')}.`,
    );
    expect(thirty.text).toContain(
      'ne prolunghi la scadenza o ne aggiunga uno nuovo nel portale di fatturazione aziendale.',
    );
    expect((await mailTo(user.email, (m) => m.subject.includes('PO-IT-7'))).subject).toBe(
      "L'ordine d'acquisto PO-IT-7 scade tra 1 giorno",
    );
  });
});

describe('e-mails to staff are in the staff member’s language (English when they have none)', () => {
  it('password reset and password changed', async () => {
    const italian = await staff(Role.ACCOUNT_SERVICES, 'it-IT');
    const english = await staff(Role.ACCOUNT_SERVICES, null);
    for (const u of [italian, english])
      expect((await t.anonymous().mutate(REQUEST_RESET, { userId: u.billingUserId })).errors).toEqual([]);
    const itReset = await mailTo(italian.email, (m) => m.text.includes('/reset-password?token='));
    expect(itReset.subject).toBe('Reimpostazione della password del portale di fatturazione aziendale');
    expect(itReset.text).toContain('Gentile Giorgio Rossi,');
    const enReset = await mailTo(english.email, (m) => m.text.includes('/reset-password?token='));
    expect(enReset.subject).toBe('Reset your Corporate Billing Portal password');
    expect(enReset.text).toContain('Hello Grace Hopper,');

    for (const u of [italian, english]) {
      const session = await t.loginAs(u);
      expect(
        (await session.mutate(CHANGE_PASSWORD, { input: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } }))
          .errors,
      ).toEqual([]);
    }
    expect((await mailTo(italian.email, (m) => !m.text.includes('/reset-password'))).subject).toBe(
      'La password del portale di fatturazione aziendale è stata modificata',
    );
    expect((await mailTo(english.email, (m) => !m.text.includes('/reset-password'))).subject).toBe(
      'Your Corporate Billing Portal password was changed',
    );
  });

  it('the rep told of a quote decision: Italian for an it-IT rep, English for a rep without a language', async () => {
    const italianRep = await staff(Role.SALES_REP, 'it-IT');
    const englishRep = await staff(Role.SALES_REP, null);
    const quoteFor = async (c: Customer) => {
      const sub = await c.rep.mutate(CREATE_SUBSCRIPTION, {
        accountId: c.account.id,
        input: { termStart: today(), termEnd: oneYearFrom(today()), items: [{ productId, seats: 5 }] },
      });
      expect(sub.errors).toEqual([]);
      const q = await c.rep.mutate(CREATE_QUOTE, {
        input: { accountId: c.account.id, expiresOn: addDays(today(), 14), lines: [{ productId, seatChange: 2 }] },
      });
      expect(q.errors).toEqual([]);
      expect((await c.rep.mutate(SEND_QUOTE, { id: q.data.createQuote.id })).errors).toEqual([]);
      return q.data.createQuote as { id: string; number: string };
    };

    const accepting = await customer(t, 'Accetta Srl', { ...ITALIAN, rep: italianRep });
    const accepted = await quoteFor(accepting);
    const r = await accepting.contact.mutate(ACCEPT_QUOTE, { id: accepted.id });
    expect(r.errors).toEqual([]);
    const toItalianRep = await mailTo(italianRep.email, (m) => m.subject.includes(accepted.number));
    expect(toItalianRep.subject).toBe(`Preventivo ${accepted.number} rev. 1 accettato da Accetta Srl`);
    expect(toItalianRep.text).toContain(
      `Test billing_contact ha accettato il preventivo ${accepted.number} rev. 1 di Accetta Srl.`,
    );
    expect(toItalianRep.text).toContain(`È stata emessa la fattura ${r.data.acceptQuote.invoice.number}.`);

    const rejecting = await customer(t, 'Rifiuta Srl', { ...ITALIAN, rep: italianRep });
    const rejected = await quoteFor(rejecting);
    expect(
      (
        await rejecting.contact.mutate(REJECT_QUOTE, {
          input: { id: rejected.id, reason: 'PRICE', comment: 'Budget bloccato' },
        })
      ).errors,
    ).toEqual([]);
    const rejectedIt = await mailTo(italianRep.email, (m) => m.subject.includes(rejected.number));
    expect(rejectedIt.subject).toBe(`Preventivo ${rejected.number} rev. 1 rifiutato da Rifiuta Srl`);
    expect(rejectedIt.text).toContain('Motivo: prezzo (Budget bloccato)');

    // The same Italian account, with a rep who never chose a language.
    const english = await customer(t, 'Rifiuto Inglese Srl', { ...ITALIAN, rep: englishRep });
    const enQuote = await quoteFor(english);
    expect(
      (await english.contact.mutate(REJECT_QUOTE, { input: { id: enQuote.id, reason: 'TIMING' } })).errors,
    ).toEqual([]);
    const toEnglishRep = await mailTo(englishRep.email, (m) => m.subject.includes(enQuote.number));
    expect(toEnglishRep.subject).toBe(`Quote ${enQuote.number} rev. 1 rejected by Rifiuto Inglese Srl`);
    expect(toEnglishRep.text).toContain('Reason: TIMING');
  });

  it('the user:create CLI sets a staff member’s language with --locale; without it they get English', async () => {
    const env = { ...t.env, CORP_BILLING_PASSWORD: PASSWORD, LOG_LEVEL: 'warn' };
    const id = `cli.${tag()}`;
    const made = await cli(
      'user-create.js',
      [
        '--role',
        'ACCOUNT_SERVICES',
        '--user-id',
        id,
        '--email',
        `${id}@vendor.example`,
        '--name',
        'Lucia Bianchi',
        '--locale',
        'it-IT',
      ],
      env,
    );
    expect(made).toMatchObject({
      code: 0,
      out: expect.stringMatching(
        new RegExp(`^Created ACCOUNT_SERVICES ${id.replace('.', '\\.')} .*, e-mails in it-IT\\n$`),
      ),
    });
    const plainId = `cli.${tag()}`;
    const plain = await cli(
      'user-create.js',
      ['--role', 'SALES_REP', '--user-id', plainId, '--email', `${plainId}@vendor.example`, '--name', 'Ada Lovelace'],
      env,
    );
    expect(plain).toMatchObject({ code: 0, out: expect.stringMatching(/^Created SALES_REP [^,]*\n$/) });
    const bad = await cli(
      'user-create.js',
      [
        '--role',
        'SALES_REP',
        '--user-id',
        `cli.${tag()}`,
        '--email',
        'bad@vendor.example',
        '--name',
        'X',
        '--locale',
        'fr-FR',
      ],
      env,
    );
    expect(bad).toMatchObject({ code: 1, out: expect.stringContaining('locale must be one of en-US, it-IT') });

    for (const u of [id, plainId])
      expect((await t.anonymous().mutate(REQUEST_RESET, { userId: u })).errors).toEqual([]);
    expect((await mailTo(`${id}@vendor.example`)).subject).toBe(
      'Reimpostazione della password del portale di fatturazione aziendale',
    );
    expect((await mailTo(`${plainId}@vendor.example`)).subject).toBe('Reset your Corporate Billing Portal password');
  });

  it('a locale is for staff only, and must be a supported one', async () => {
    const { users } = t.app.services;
    const account = await t.account('Locale Srl', { country: 'IT', currency: 'EUR', locale: 'it-IT' });
    const base = { billingUserId: `x.${tag()}`, email: 'x@locale.example', displayName: 'X', password: PASSWORD };
    await expect(
      users.createUser({ ...base, role: Role.BILLING_CONTACT, accountId: account.id, locale: 'it-IT' }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(users.createUser({ ...base, role: Role.SALES_REP, locale: 'de-DE' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    // Any letter case; stored as listed.
    expect((await users.createUser({ ...base, role: Role.SALES_REP, locale: 'it-it' })).locale).toBe('it-IT');
  });
});
