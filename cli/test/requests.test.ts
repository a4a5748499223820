import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Role } from '../../src/common/roles';
import type { TestClient } from '../../test/helpers/client';
import { customer } from '../../test/helpers/fixtures';
import { graphql, type VariablesOf } from '../../test/helpers/graphql';
import { cliSuite, JOURNEY_MS } from './helpers/suite';

/** Account services work the queue of requests from the CLI: list, take, comment, resolve, decline. */
const FILE = graphql(`
  mutation CliTestFileRequest($input: FileRequestInput!) {
    fileServiceRequest(input: $input) {
      id
      reference
    }
  }
`);
const COMMENT = graphql(`
  mutation CliTestComment($id: ID!, $body: String!) {
    commentOnServiceRequest(id: $id, body: $body) {
      id
    }
  }
`);
const REQUEST = graphql(`
  query CliTestRequest($id: ID!) {
    serviceRequest(id: $id) {
      status
      resolutionNote
      closedAt
    }
  }
`);

const suite = cliSuite();

async function file(contact: TestClient, input: VariablesOf<typeof FILE>['input']) {
  const r = await contact.mutate(FILE, { input });
  expect(r.errors).toEqual([]);
  return r.data.fileServiceRequest;
}

const statusOf = async (client: TestClient, id: string) => (await client.query(REQUEST, { id })).data.serviceRequest;

describe('corp-billing requests', () => {
  it(
    'takes a request from the queue, comments, resolves it and shows the thread',
    async () => {
      const staffUser = await suite.t.user(Role.ACCOUNT_SERVICES);
      const staff = await suite.loggedIn(staffUser);
      const { account, user, contact } = await customer(suite.t, 'Queue Works Ltd');
      const request = await file(contact, {
        type: 'FORM_REQUEST',
        subject: 'Need your W-9',
        details: 'For our vendor file',
        formKind: 'W9',
      });

      const queue = await staff.json(['requests', 'list', '--status', 'open', '--account', account.id]);
      expect(queue).toEqual([
        expect.objectContaining({
          id: request.id,
          reference: request.reference,
          type: 'FORM_REQUEST',
          status: 'OPEN',
          subject: 'Need your W-9',
          assigneeName: null,
          account: { id: account.id, accountNumber: account.accountNumber, organisationName: 'Queue Works Ltd' },
        }),
      ]);
      expect(JSON.stringify(queue)).not.toContain('__typename');
      const table = await staff.ok(['requests', 'list', '--type', 'form-request']);
      const [header, row] = table.trimEnd().split('\n');
      expect(header).toMatch(/^Id\s+Reference\s+Type\s+Status\s+Subject\s+Account\s+Assignee\s+Filed$/);
      expect(row).toContain(request.reference);
      expect(row.indexOf('Need your W-9')).toBe(header.indexOf('Subject'));
      expect(await staff.json(['requests', 'list', '--status', 'resolved', '--account', account.id])).toEqual([]);

      const taken = await staff.json(['requests', 'take', request.id]);
      expect(taken).toMatchObject({ id: request.id, status: 'IN_PROGRESS', assigneeName: staffUser.displayName });
      const again = await staff.run(['requests', 'take', request.id]);
      expect(again).toMatchObject({ code: 6, stdout: '' });
      expect(again.stderr).toMatch(/^corp-billing: CONFLICT: /);

      const asked = await staff.json([
        'requests',
        'comment',
        request.id,
        '--body',
        'Which entity name should it show?',
      ]);
      expect(asked).toMatchObject({ body: 'Which entity name should it show?', authorRole: 'ACCOUNT_SERVICES' });
      await suite.t.mailbox.waitFor((m) => m.to.includes(user.email) && m.text.includes('Which entity name'));
      expect((await contact.mutate(COMMENT, { id: request.id, body: 'Queue Works Ltd, please' })).errors).toEqual([]);
      // A longer comment from a file, line breaks kept.
      const note = path.join(staff.home, 'comment.txt');
      writeFileSync(note, 'Thanks.\nThe W-9 follows by e-mail.\n');
      const fromFile = await staff.json(['requests', 'comment', request.id, '--body-file', note]);
      expect(fromFile.body).toBe('Thanks.\nThe W-9 follows by e-mail.');
      const noBody = await staff.run(['requests', 'comment', request.id]);
      expect(noBody).toMatchObject({ code: 2, stdout: '' });
      expect(noBody.stderr).toContain('--body');

      const resolved = await staff.run(['requests', 'resolve', request.id, '--note', 'Sent by e-mail']);
      expect(resolved.code).toBe(0);
      expect(resolved.stdout).toMatch(/^Status\s+RESOLVED$/m);
      expect(resolved.stdout).toMatch(/^Resolution note\s+Sent by e-mail$/m);

      const shown = await staff.json(['requests', 'show', request.id]);
      expect(shown).toMatchObject({
        status: 'RESOLVED',
        resolutionNote: 'Sent by e-mail',
        formKind: 'W9',
        details: 'For our vendor file',
        filedBy: { id: user.id, billingUserId: user.billingUserId },
        comments: [
          {
            body: 'Which entity name should it show?',
            authorRole: 'ACCOUNT_SERVICES',
            authorName: staffUser.displayName,
          },
          { body: 'Queue Works Ltd, please', authorRole: 'BILLING_CONTACT' },
          { body: 'Thanks.\nThe W-9 follows by e-mail.', authorRole: 'ACCOUNT_SERVICES' },
        ],
      });
      expect(shown.closedAt).toEqual(expect.any(String));
      const record = await staff.ok(['requests', 'show', request.id]);
      expect(record).toMatch(new RegExp(`^Reference\\s+${request.reference}$`, 'm'));
      expect(record).toMatch(/^Form\s+W9$/m);
      expect(record).not.toMatch(/^Wanted date/m); // only the fields of its type
      expect(record).toMatch(
        /^Comments\s+\S+ Test account_services \(ACCOUNT_SERVICES\): Which entity name should it show\?$/m,
      );
      expect(record).toMatch(/\(BILLING_CONTACT\): Queue Works Ltd, please$/m);

      // The contact sees it resolved through the API.
      expect(await statusOf(contact, request.id)).toMatchObject({
        status: 'RESOLVED',
        resolutionNote: 'Sent by e-mail',
      });
      await suite.t.mailbox.waitFor((m) => m.to.includes(user.email) && m.text.includes('Sent by e-mail'));
    },
    JOURNEY_MS,
  );

  it('declines a request only when confirmed: --yes without a terminal', async () => {
    const staff = await suite.loggedIn(await suite.t.user(Role.ACCOUNT_SERVICES));
    const { contact } = await customer(suite.t, 'Declined Goods Ltd');
    const request = await file(contact, { type: 'OTHER', subject: 'Free seats?', details: 'Ten more, at no cost' });
    await staff.ok(['requests', 'take', request.id]);

    const asked = await staff.run(['requests', 'decline', request.id, '--note', 'Not possible']);
    expect(asked).toMatchObject({ code: 2, stdout: '' });
    expect(asked.stderr).toMatch(/^corp-billing: Decline request .*--yes to confirm\.\n$/);
    expect(await statusOf(contact, request.id)).toMatchObject({ status: 'IN_PROGRESS', resolutionNote: null });
    // --dry-run shows the mutation and sends nothing, without asking.
    const dry = await staff.ok(['requests', 'decline', request.id, '--note', 'Not possible', '--dry-run']);
    expect(dry).toContain('mutation CliDeclineRequest');
    expect(await statusOf(contact, request.id)).toMatchObject({ status: 'IN_PROGRESS' });

    const declined = await staff.json(['requests', 'decline', request.id, '--note', 'Not possible', '--yes']);
    expect(declined).toMatchObject({ id: request.id, status: 'DECLINED', resolutionNote: 'Not possible' });
    expect(await statusOf(contact, request.id)).toMatchObject({ status: 'DECLINED', resolutionNote: 'Not possible' });
    // Closed: no more comments, no second decision.
    expect((await staff.run(['requests', 'comment', request.id, '--body', 'One more thing'])).code).toBe(6);
    expect((await staff.run(['requests', 'resolve', request.id, '--note', 'Done after all'])).code).toBe(6);
  });

  it(
    "shows a rep their accounts' requests, refuses them the queue's work, and stops bad flags before sending",
    async () => {
      const { repUser, contact, account } = await customer(suite.t, 'Rep View Ltd');
      const request = await file(contact, {
        type: 'BILLING_FREQUENCY_CHANGE',
        subject: 'Quarterly, please',
        details: 'From next term',
        wantedFrequency: 'QUARTERLY',
      });
      const rep = await suite.loggedIn(repUser);
      const mine = await rep.json(['requests', 'list', '--all']);
      expect(mine.map((r: { id: string }) => r.id)).toEqual([request.id]);
      expect((await rep.json(['requests', 'show', request.id])).wantedFrequency).toBe('QUARTERLY');
      const take = await rep.run(['requests', 'take', request.id]);
      expect(take).toMatchObject({ code: 4, stdout: '' });
      expect(take.stderr).toMatch(/^corp-billing: FORBIDDEN: /);
      expect(await statusOf(contact, request.id)).toMatchObject({ status: 'OPEN' });
      // Another rep's account: not found, like an unknown id.
      const other = await suite.loggedIn(await suite.t.user(Role.SALES_REP));
      expect((await other.run(['requests', 'show', request.id])).code).toBe(5);
      expect(await other.json(['requests', 'list', '--account', account.id])).toEqual([]);

      // Usage errors are found before anything is sent (the service here does not even answer).
      const away = ['--url', 'http://127.0.0.1:9/graphql'];
      for (const args of [
        ['requests', 'list', '--status', 'pending'],
        ['requests', 'list', '--type', 'refund'],
        ['requests', 'list', '--limit', '0'],
        ['requests', 'list', '--all', '--limit', '5'],
        ['requests', 'resolve', request.id],
        ['requests', 'decline', request.id],
        ['requests', 'comment', request.id, '--body', 'a', '--body-file', 'b.txt'],
        ['requests', 'show'],
      ]) {
        const result = await rep.run([...args, ...away]);
        expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code: 2, stdout: '' });
      }
    },
    JOURNEY_MS,
  );
});
