import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postJson } from '../helpers/client';
import { listening, run, stop, type Run } from '../helpers/process';

/**
 * The short end-to-end path a new install takes: the quick start on SQLite,
 * the demo contact's login and their invoice history with its PDF. CI also
 * runs it on every supported Node line (.ci/node-lines).
 */
describe(`smoke on Node ${process.version}`, () => {
  let dataDir: string;
  let server: Run | undefined;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'cb-smoke-'));
  });
  afterAll(async () => {
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with demo data, logs the demo contact in and shows their invoice history', async () => {
    server = run({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    const url = await listening(server);
    const [, userId, password] = /BILLING_CONTACT\s+user ID: (\S+)\s+password: (\S+)/.exec(server.stdout()) ?? [];
    expect(userId).toBeTruthy();

    const login = await postJson(url, {
      query: 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
      variables: { input: { userId, password } },
    });
    expect(login.json.errors).toBeUndefined();
    const auth = { authorization: `Bearer ${login.json.data.login.accessToken}` };

    const history = await postJson(
      url,
      { query: '{ invoices { totalCount edges { node { number status pdfUrl total { formatted } } } } }' },
      auth,
    );
    expect(history.json.errors).toBeUndefined();
    expect(history.json.data.invoices.totalCount).toBe(1);
    const [{ node: invoice }] = history.json.data.invoices.edges;
    expect(invoice).toMatchObject({ number: expect.stringMatching(/^INV-/), status: 'OPEN' });
    expect(invoice.total.formatted).toMatch(/\$/);

    // A signed link, made for PUBLIC_URL: fetched here from the server the test started.
    const link = new URL(invoice.pdfUrl);
    const pdf = await fetch(`${url}${link.pathname}${link.search}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });
});
