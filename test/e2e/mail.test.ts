import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gql } from '@apollo/client';
import { simpleParser } from 'mailparser';
import { inTransaction } from '../../src/common/transactions';
import { OutboxMessage, OutboxStatus } from '../../src/mail/outbox.entity';
import { MAX_ATTEMPTS } from '../../src/mail/mail.service';
import { Role } from '../../src/common/roles';
import { startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());
afterEach(() => t.clock.reset());

const outbox = () => t.app.ds.getRepository(OutboxMessage);
const sample = (kind: string) => ({ kind, subject: `Subject ${kind}`, text: `Body of ${kind}` });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met: ${JSON.stringify(v)}`);
    await sleep(50);
  }
}

describe('mail outbox', () => {
  it('sends a message queued in a committed transaction and marks it sent', async () => {
    const { ds, services } = t.app;
    await inTransaction(ds, (tx) => services.mail.enqueue(tx, ['ok@example.test'], sample('committed')));
    const mail = await t.mailbox.waitFor((m) => m.to.includes('ok@example.test'));
    expect(mail).toMatchObject({ subject: 'Subject committed', text: expect.stringContaining('Body of committed') });
    const row = await until(
      () => outbox().findOneByOrFail({ kind: 'committed' }),
      (r) => r.status === OutboxStatus.SENT,
    );
    expect(row.sentAt).toBeInstanceOf(Date);
    // The body may hold a single-use link: it is not kept once sent.
    expect(row.textBody).toBe('');
    expect(row).toMatchObject({ kind: 'committed', subject: 'Subject committed', recipients: ['ok@example.test'] });
  });

  it('sends nothing for a change that rolled back', async () => {
    const { ds, services } = t.app;
    await expect(
      inTransaction(ds, async (tx) => {
        await services.mail.enqueue(tx, ['rollback@example.test'], sample('rolled-back'));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await sleep(500);
    expect(await outbox().countBy({ kind: 'rolled-back' })).toBe(0);
    expect(t.mailbox.to('rollback@example.test')).toHaveLength(0);
  });

  it('retries a failed delivery later, with backoff, then marks it sent', async () => {
    const { ds, services } = t.app;
    t.mailbox.refuseNext = 1;
    await inTransaction(ds, (tx) => services.mail.enqueue(tx, ['retry@example.test'], sample('retry')));
    const failed = await until(
      () => outbox().findOneByOrFail({ kind: 'retry' }),
      (r) => r.lastError !== null,
    );
    expect(failed).toMatchObject({ status: OutboxStatus.PENDING, attempts: 1 });
    expect(failed.lastError).toMatch(/try again later/);
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 5_000);
    expect(t.mailbox.to('retry@example.test')).toHaveLength(0);

    // The backoff has passed.
    t.clock.advance({ ms: failed.nextAttemptAt.getTime() - Date.now() + 1000 });
    await services.mail.dispatchDue();
    await t.mailbox.waitFor((m) => m.to.includes('retry@example.test'));
    const sent = await until(
      () => outbox().findOneByOrFail({ id: failed.id }),
      (r) => r.status === OutboxStatus.SENT,
    );
    expect(sent).toMatchObject({ status: OutboxStatus.SENT, attempts: 2, lastError: null });
  });

  it('sends each message once when dispatch passes race for it', async () => {
    const { ds, services } = t.app;
    const to = [1, 2, 3, 4, 5, 6].map((n) => `race${n}@example.test`);
    await inTransaction(ds, async (tx) => {
      for (const address of to) await services.mail.enqueue(tx, [address], sample('race'));
    });
    // The background loop, woken by the commit, and two passes claim the same rows at once.
    await Promise.all([services.mail.dispatchDue(), services.mail.dispatchDue()]);
    await until(
      () => outbox().findBy({ kind: 'race' }),
      (rows) => rows.every((r) => r.status === OutboxStatus.SENT),
    );
    await sleep(300);
    expect(to.map((address) => t.mailbox.to(address).length)).toEqual(to.map(() => 1));
    expect((await outbox().findBy({ kind: 'race' })).map((r) => r.attempts)).toEqual(to.map(() => 1));
  });

  it('gives up after the last attempt and keeps the row as FAILED', async () => {
    const { ds, services } = t.app;
    await services.mail.stop(); // no background pass while this test steers the dispatcher
    try {
      await inTransaction(ds, (tx) => services.mail.enqueue(tx, ['never@example.test'], sample('hopeless')));
      const row = await outbox().findOneByOrFail({ kind: 'hopeless' });
      await outbox().update({ id: row.id }, { attempts: MAX_ATTEMPTS - 1 });
      t.mailbox.refuseNext = 1;
      await services.mail.dispatchDue();
      expect(await outbox().findOneByOrFail({ id: row.id })).toMatchObject({
        status: OutboxStatus.FAILED,
        attempts: MAX_ATTEMPTS,
        textBody: '',
      });
    } finally {
      t.mailbox.refuseNext = 0;
    }
  });
});

describe('without SMTP', () => {
  it('writes .eml files under DATA_DIR/mail and logs their path', async () => {
    const local = await startTestServer({ SMTP_URL: '' });
    try {
      const repUser = await local.user(Role.SALES_REP);
      const rep = await local.loginAs(repUser);
      const account = await local.account('Stark Components', { salesRepId: repUser.id });
      const r = await rep.mutate(
        gql`
          mutation ($input: InviteBillingContactInput!) {
            inviteBillingContact(input: $input) {
              id
            }
          }
        `,
        {
          input: {
            accountId: account.id,
            billingUserId: 'stark.ap',
            email: 'ap@stark.example',
            displayName: 'Stark AP',
          },
        },
      );
      expect(r.errors).toEqual([]);
      const dir = path.join(local.db.dataDir, 'mail');
      await until(
        async () => (existsSync(dir) ? readdirSync(dir) : []),
        (files) => files.length === 1,
      );
      const file = path.join(dir, readdirSync(dir)[0]);
      expect(file.endsWith('.eml')).toBe(true);
      const eml = await simpleParser(readFileSync(file));
      expect(eml.to).toMatchObject({ text: 'ap@stark.example' });
      expect(eml.text).toMatch(/\/activate\?token=/);
      expect(local.logs.find((l) => l.msg === 'mail written to file')?.file).toBe(file);
    } finally {
      await local.stop();
    }
  });
});
