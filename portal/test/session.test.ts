import { ISSUE, plainLine } from '../../test/helpers/billing';
import { INVITE } from '../../test/helpers/operations';
import { shows, visible } from './helpers/expect';
import { linkIn } from './helpers/browser';
import { portalSuite } from './helpers/suite';
import { PASSWORD, SAY } from './helpers/world';

/** Logging in and out, the e-mailed links, the session across reloads, the overview and the profile, in both languages. */
const portal = portalSuite({ LOGIN_THROTTLE_USER_THRESHOLD: '3', LOGIN_THROTTLE_BASE_DELAY_SECONDS: '120' });
const open = portal.open;

const TEXT = {
  it: {
    invalid: "L'ID utente di fatturazione o la password non sono corretti.",
    throttled: /Troppi tentativi\. Riprova tra \d+ minut[io]\./,
    forgotLink: 'Password dimenticata?',
    forgotTitle: 'Password dimenticata',
    sent: /Se l'ID utente di fatturazione appartiene a un utente attivo/,
    setPassword: 'Imposta la password',
    passwordSet: 'La password è impostata. Accedi ora.',
    activate: 'Attiva',
    newPassword: 'Nuova password',
    repeat: 'Ripeti la nuova password',
    mismatch: 'Le due password non coincidono.',
    loggedOut: 'Sei uscito dal portale.',
    invalidLink: 'Questo link non è più valido: è già stato usato oppure è scaduto.',
    money: '1234,56 €',
    seats: 'Analytics seat',
    quotesWaiting: '1 preventivo attende la tua decisione',
    overdue: 'Scaduta',
    changed: 'La password è cambiata.',
    currentWrong: 'La password attuale non è corretta.',
    everywhere: 'Esci ovunque',
    expired: 'La sessione è terminata. Accedi di nuovo.',
    renews: /Si rinnova automaticamente il/,
  },
  en: {
    invalid: 'The billing user ID or the password is not correct.',
    throttled: /Too many attempts\. Try again in \d+ minutes?\./,
    forgotLink: 'Forgot password?',
    forgotTitle: 'Forgot password',
    sent: /If the billing user ID belongs to an active user/,
    setPassword: 'Set the password',
    passwordSet: 'Your password is set. Log in with it now.',
    activate: 'Activate',
    newPassword: 'New password',
    repeat: 'Repeat the new password',
    mismatch: 'The two passwords are not the same.',
    loggedOut: 'You have logged out.',
    invalidLink: 'This link is no longer valid: it was used already or it has expired.',
    money: '$1,234.56',
    seats: 'Analytics seat',
    quotesWaiting: '1 quote waits for your decision',
    overdue: 'Overdue',
    changed: 'Your password is changed.',
    currentWrong: 'The current password is not correct.',
    everywhere: 'Log out everywhere',
    expired: 'Your session has ended. Please log in again.',
    renews: /Renews automatically on/,
  },
} as const;

describe.each(['it', 'en'] as const)('the portal session (%s)', (language) => {
  const say = TEXT[language];
  const name = language === 'it' ? 'Sessione Srl' : 'Session Corp';

  it('logs in with the billing user ID, one message for a wrong ID or password, and shows when to try again', async () => {
    const c = await portal.customer(language, `${name} Login`);
    const p = await open(language);
    const { page } = p;
    await page.goto('/');
    // Without a session every page leads to the login page, which says what it is in the browser's language.
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: SAY[language].login }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe(language);
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('login');

    const alert = page.getByRole('alert');
    /** One login attempt through the form, waiting for the service's answer. */
    const attempt = async (userId: string, password: string) => {
      await page.getByLabel(language === 'it' ? 'ID utente di fatturazione' : 'Billing user ID').fill(userId);
      await page.getByLabel('Password', { exact: true }).fill(password);
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/graphql') && r.request().method() === 'POST'),
        page.getByRole('button', { name: SAY[language].login }).click(),
      ]);
    };
    await attempt('nobody.here', 'wrong wrong wrong');
    await shows(alert, say.invalid, { exact: true });
    // A known user with a wrong password: the same message.
    await attempt(c.user.billingUserId, 'wrong wrong wrong');
    await shows(alert, say.invalid, { exact: true });
    expect(await p.accessibility()).toEqual([]);
    // The third failure reaches the threshold: the next attempt, even right, is throttled and says when to retry.
    await attempt(c.user.billingUserId, 'still wrong, still wrong');
    await attempt(c.user.billingUserId, 'wrong for the third time');
    await shows(alert, say.invalid, { exact: true });
    await attempt(c.user.billingUserId, PASSWORD);
    await shows(alert, say.throttled);
    expect(page.url()).toContain('/login');
  });

  it('keeps the user logged in across reloads with the token out of reach of scripts, and logs out', async () => {
    const c = await portal.customer(language, `${name} Reload`);
    const p = await open(language);
    const { page } = p;
    await page.goto('/invoices');
    // The page asked for comes back after the login.
    await page.waitForURL('**/login?next=%2Finvoices');
    await p.login(c.user.billingUserId, PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/invoices');
    await page.reload();
    await page.locator('main h1').waitFor();
    expect(new URL(page.url()).pathname).toBe('/invoices');
    await shows(page.locator('.account-name'), c.account.accountNumber);

    // The refresh token is an HttpOnly, SameSite=Strict cookie for /graphql; nothing readable holds a token.
    const cookies = await p.context.cookies();
    expect(cookies).toEqual([
      expect.objectContaining({ httpOnly: true, sameSite: 'Strict', path: '/graphql', secure: true }),
    ]);
    const readable = await page.evaluate(() => ({
      cookie: document.cookie,
      local: JSON.stringify(localStorage),
      session: JSON.stringify(sessionStorage),
    }));
    expect(readable.cookie).toBe('');
    expect(readable.local).not.toMatch(/ey[A-Za-z0-9_-]{10,}\.|rt_/);
    expect(readable.session).toBe('{}');

    await page.getByRole('banner').getByRole('button', { name: SAY[language].logout }).click();
    await page.waitForURL('**/login');
    await shows(page.getByRole('status'), say.loggedOut, { exact: true });
    expect(await p.context.cookies()).toEqual([]);
    await page.goto('/invoices');
    await page.waitForURL('**/login?next=%2Finvoices');
  });

  it('shows the account, the subscription, what needs attention and the Bill To on the overview', async () => {
    const c = await portal.customer(language, `${name} Overview`);
    const currency = language === 'it' ? 'EUR' : 'USD';
    // An invoice issued 40 days ago is overdue; a sent quote waits for a decision.
    const issueDate = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    const issued = await c.rep.mutate(ISSUE, {
      input: { accountId: c.account.id, issueDate, lines: [plainLine(123_456)] },
    });
    expect(issued.errors).toEqual([]);
    const quote = await c.rep.raw('mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id number } }', {
      input: {
        accountId: c.account.id,
        expiresOn: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
        lines: [{ productId: portal.ids.ARCHIVE, seatChange: 2 }],
      },
    });
    expect(quote.json.errors).toBeUndefined();
    const sent = await c.rep.raw('mutation($id: ID!) { sendQuote(id: $id) { status } }', {
      id: quote.json.data.createQuote.id,
    });
    expect(sent.json.errors).toBeUndefined();
    expect(currency).toBe(c.account.currency);

    const p = await open(language);
    const { page } = p;
    await page.goto('/login');
    await p.login(c.user.billingUserId, PASSWORD);
    await page.getByRole('heading', { level: 1, name: SAY[language].overview }).waitFor();
    const main = page.getByRole('main');
    await shows(main, c.account.accountNumber);
    await shows(main, `${name} Overview`);
    await visible(main.getByRole('row', { name: new RegExp(`${say.seats}\\s+10`) }));
    await shows(main, say.renews);
    await visible(main.getByRole('link', { name: say.quotesWaiting }));
    await visible(main.getByRole('link', { name: quote.json.data.createQuote.number }));
    await visible(main.getByRole('link', { name: issued.data.issueInvoice.number }));
    await shows(main, say.overdue);
    // Amounts in the account's locale: it-IT writes 1234,56 €.
    await shows(main, say.money);
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('overview');
    await main.getByRole('link', { name: language === 'it' ? 'Modifica intestatario' : 'Edit Bill To' }).click();
    await page.waitForURL('**/bill-to');
  });

  it('sets a new password from the e-mailed reset link, which then no longer works', async () => {
    const c = await portal.customer(language, `${name} Reset`);
    const p = await open(language);
    const { page } = p;
    await page.goto('/login');
    await page.getByRole('link', { name: say.forgotLink }).click();
    await page.waitForURL('**/forgot-password');
    // The URL changes before the lazily loaded page replaces the login page, whose field has the same label.
    await page.getByRole('heading', { level: 1, name: say.forgotTitle }).waitFor();
    const userIdField = page.getByLabel(language === 'it' ? 'ID utente di fatturazione' : 'Billing user ID');
    // An unknown ID gets the same confirmation as a known one.
    await userIdField.fill('nobody.at.all');
    await page
      .getByRole('button')
      .filter({ hasText: language === 'it' ? 'Invia il link' : 'Send the link' })
      .click();
    await shows(page.getByRole('status'), say.sent);
    const unknown = (await page.getByRole('status').innerText()).replace(/\s+/g, ' ').trim();
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('forgot-password');

    await page.goto('/forgot-password');
    await userIdField.fill(c.user.billingUserId);
    await page
      .getByRole('button')
      .filter({ hasText: language === 'it' ? 'Invia il link' : 'Send the link' })
      .click();
    await shows(page.getByRole('status'), unknown, { exact: true });
    const mail = await portal.t.mailbox.waitFor(
      (m) => m.to.includes(c.user.email) && m.text.includes('reset-password'),
    );
    const link = linkIn(mail.text, '/reset-password');

    await page.goto(link);
    await page.getByLabel(say.newPassword, { exact: true }).fill('a fresh portal passphrase');
    await page.getByLabel(say.repeat).fill('a different passphrase!!');
    await page.getByRole('button', { name: say.setPassword }).click();
    await visible(page.getByText(say.mismatch));
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('reset-password');
    await page.getByLabel(say.repeat).fill('a fresh portal passphrase');
    await page.getByRole('button', { name: say.setPassword }).click();
    await page.waitForURL('**/login?reset=done');
    await shows(page.getByRole('status'), say.passwordSet, { exact: true });
    await p.login(c.user.billingUserId, 'a fresh portal passphrase');
    await page.getByRole('heading', { level: 1, name: SAY[language].overview }).waitFor();

    // The link was used: opening it again says so, and offers a new one.
    const again = await open(language);
    await again.page.goto(link);
    await again.page.getByLabel(say.newPassword, { exact: true }).fill('yet another passphrase');
    await again.page.getByLabel(say.repeat).fill('yet another passphrase');
    await again.page.getByRole('button', { name: say.setPassword }).click();
    await shows(again.page.getByRole('alert'), say.invalidLink, { exact: true });
  });

  it('activates an invited billing contact from the e-mailed invitation', async () => {
    // A new account, without a billing contact yet, invites its first one.
    const c = await portal.customer(language, `${name} Invite`);
    const account = await portal.t.account(`${name} Invited`, {
      salesRepId: c.repUser.id,
      ...(language === 'it' ? { country: 'IT', currency: 'EUR', locale: 'it-IT' } : {}),
    });
    const email = `invited.${language}@example.test`;
    const invited = await c.rep.mutate(INVITE, {
      input: { accountId: account.id, billingUserId: `invited.${language}`, displayName: 'Invited Person', email },
    });
    expect(invited.errors).toEqual([]);
    const mail = await portal.t.mailbox.waitFor((m) => m.to.includes(email));
    const p = await open(language);
    const { page } = p;
    await page.goto(linkIn(mail.text, '/activate'));
    await page.getByLabel(say.newPassword, { exact: true }).fill('my first portal passphrase');
    await page.getByLabel(say.repeat).fill('my first portal passphrase');
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('activate');
    await page.getByRole('button', { name: say.activate, exact: true }).click();
    await page.waitForURL('**/login?reset=done');
    await p.login(`invited.${language}`, 'my first portal passphrase');
    await shows(page.locator('.account-name'), account.accountNumber);
  });

  it('changes the password on the profile, and logs out everywhere', async () => {
    const c = await portal.customer(language, `${name} Profile`);
    const [here, there] = [await open(language), await open(language)];
    for (const p of [here, there]) {
      await p.page.goto('/login');
      await p.login(c.user.billingUserId, PASSWORD);
    }
    const { page } = here;
    await here.goto('/profile');
    const current = page.getByLabel(language === 'it' ? 'Password attuale' : 'Current password');
    const submit = page.getByRole('button', { name: language === 'it' ? 'Cambia password' : 'Change password' });
    await current.fill('not my password at all');
    await page.getByLabel(say.newPassword, { exact: true }).fill('the profile passphrase');
    await page.getByLabel(say.repeat).fill('the profile passphrase');
    await submit.click();
    await shows(page.getByRole('alert'), say.currentWrong, { exact: true });
    await current.fill(PASSWORD);
    await submit.click();
    await shows(page.getByRole('status'), say.changed);
    expect(await here.accessibility()).toEqual([]);
    await here.screenshot('profile');
    // This tab keeps its session (the new cookie); the other one's has ended.
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/profile');
    await there.page.reload();
    await there.page.waitForURL('**/login');

    // Log out everywhere: another browser logged in with the new password is logged out too.
    const third = await open(language);
    await third.page.goto('/login');
    await third.login(c.user.billingUserId, 'the profile passphrase');
    await third.goto('/profile');
    await page.getByRole('button', { name: say.everywhere }).click();
    await page.waitForURL('**/login');
    // The other browser finds out at its next request, and says why it shows the login page.
    await third.page.getByRole('navigation').getByRole('link', { name: SAY[language].overview }).click();
    await third.page.waitForURL('**/login');
    await shows(third.page.getByRole('status'), say.expired, { exact: true });
  });
});
