import { randomUUID } from 'node:crypto';
import { ADD_METHOD, ISSUE, PAY, plainLine } from '../helpers/billing';
import { customer } from '../helpers/fixtures';
import { linkToken } from '../helpers/mailbox';
import { LOGIN, REFRESH, REQUEST_RESET, RESET } from '../helpers/operations';
import { PASSWORD, startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ LOG_LEVEL: 'trace' });
});
afterAll(() => t.stop());

describe('logs', () => {
  it('never contain passwords, tokens, reset links or card numbers, whatever the flow', async () => {
    const secrets: string[] = [PASSWORD];
    const { contact, user, rep, account } = await customer(t, 'Secretive Inc');
    secrets.push(contact.accessToken, contact.refreshToken);

    // Failed and successful logins, a refresh.
    const anon = t.anonymous();
    await anon.mutate(LOGIN, { input: { userId: user.billingUserId, password: 'wrong password guess 1' } });
    secrets.push('wrong password guess 1');
    const refreshed = await anon.mutate(REFRESH, { token: contact.refreshToken });
    secrets.push(refreshed.data.refreshSession.accessToken, refreshed.data.refreshSession.refreshToken!);

    // A password reset, through the e-mailed link.
    await anon.mutate(REQUEST_RESET, { userId: user.billingUserId });
    const mail = await t.mailbox.waitFor((m) => m.to.includes(user.email) && /reset-password\?token=/.test(m.text));
    const resetToken = linkToken(mail, 'reset-password');
    secrets.push(resetToken, encodeURIComponent(resetToken));
    const newPassword = 'a brand new passphrase for logs';
    expect((await anon.mutate(RESET, { input: { token: resetToken, newPassword } })).errors).toEqual([]);
    secrets.push(newPassword);

    // Payment methods and a payment; card numbers sent by mistake.
    const fresh = await t.loginAs(user, newPassword);
    secrets.push(fresh.accessToken, fresh.refreshToken);
    for (const token of ['4242424242424242', '4000 0566 5566 5556']) {
      await fresh.mutate(ADD_METHOD, { input: { type: 'CARD', token, makeDefault: false } });
      secrets.push(token);
    }
    const card = (
      await fresh.mutate(ADD_METHOD, { input: { type: 'CARD', token: 'tok_sandbox_visa', makeDefault: true } })
    ).data.addPaymentMethod.id;
    const invoice = (await rep.mutate(ISSUE, { input: { accountId: account.id, lines: [plainLine(1_000)] } })).data
      .issueInvoice;
    const paid = await fresh.mutate(PAY, {
      input: {
        invoiceId: invoice.id,
        amount: { amountMinor: 1_000, currency: 'USD' },
        paymentMethodId: card,
        idempotencyKey: randomUUID(),
      },
    });
    expect(paid.data.payInvoice.status).toBe('SUCCEEDED');

    const logged = JSON.stringify(t.logs);
    expect(t.logs.length).toBeGreaterThan(20); // the flows above were logged, at trace level
    for (const secret of secrets)
      expect({ secret: secret.slice(0, 12), found: logged.includes(secret) }).toEqual({
        secret: secret.slice(0, 12),
        found: false,
      });
    // Nothing shaped like a card number or a bearer token either.
    // (UUIDs are taken out first: a run like "0-6053-4538-8321" inside one looks like a card number.)
    const withoutIds = logged.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>');
    expect(withoutIds).not.toMatch(/(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/);
    expect(logged).not.toMatch(/Bearer\s+[A-Za-z0-9._-]{20,}/);
  });
});
