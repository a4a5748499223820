import { Role } from '../../src/common/roles';
import type { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;
let contact: TestClient;
let token: string;
/** What authenticating costs a request (the session check), before anything else runs. */
let authStatements: number;
beforeAll(async () => {
  t = await startTestServer();
  const client = await t.loginAs(await t.user(Role.BILLING_CONTACT));
  [contact, token] = [client, client.accessToken];
  authStatements = (await contact.raw('{ __typename }')).json.extensions.sqlStatements;
});
afterAll(() => t.stop());

/** A nested selection `depth` levels deep through fields that exist (invoice → payments → invoice → …). */
const nested = (depth: number) => {
  let selection = 'id';
  for (let i = 0; i < depth; i++) selection = i % 2 === 0 ? `invoice { ${selection} }` : `payments { ${selection} }`;
  return `{ invoice(id: "x") { ${selection} } }`;
};

describe('query limits', () => {
  const refused: Array<[string, () => string, string]> = [
    ['an over-deep query', () => nested(12), 'QUERY_TOO_DEEP'],
    [
      'an alias flood',
      () => `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: me { id }`).join(' ')} }`,
      'TOO_MANY_ALIASES',
    ],
    ['a directive flood', () => `{ me { id ${'@include(if: true) '.repeat(30)} } }`, 'TOO_MANY_DIRECTIVES'],
    ['a huge document', () => `{ me { ${'id '.repeat(50_000)} } }`, 'QUERY_TOO_LARGE'],
    [
      'a cost bomb through nested lists',
      () =>
        `{ invoices(first: 20) { edges { node { lines { id description } payments { id invoice { lines { id description quantity } payments { id amount { amountMinor currency formatted } } } } } } } }`.replace(
          /lines \{ id description \}/,
          `lines { ${'id description quantity taxRateBasisPoints periodStart periodEnd '.repeat(6)} }`,
        ),
      'QUERY_TOO_COSTLY',
    ],
  ];

  it.each(refused)('refuse %s before it touches the database', async (_name, query, code) => {
    const r = await contact.raw(query());
    expect(r.status).toBe(400);
    expect(r.json.errors?.[0]?.extensions?.code).toBe(code);
    expect(r.json.data).toBeUndefined();
    // Nothing ran beyond authentication: the document was refused before execution.
    expect(r.json.extensions.sqlStatements).toBe(authStatements);
  });

  it('refuse batched requests', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/batch/i);
  });

  it('let ordinary portal queries through', async () => {
    const r = await contact.raw(`{ me { id displayName account { id organisationName } }
      invoices(first: 20) { totalCount edges { node { number status total { formatted } lines { description quantity amount { formatted } } payments { status amount { formatted } } } } } }`);
    expect(r.json.errors).toBeUndefined();
  });

  it('stop a request that runs past its time budget', async () => {
    const slow = await startTestServer({ GRAPHQL_TIMEOUT_MS: '100' });
    try {
      const client = await slow.loginAs(await slow.user(Role.BILLING_CONTACT));
      // Stall the request before execution so its budget is spent by the time resolvers start.
      const original = slow.app.services.sessions.authenticate.bind(slow.app.services.sessions);
      slow.app.services.sessions.authenticate = async (token: string) => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        return original(token);
      };
      const r = await client.raw('{ me { id } }');
      expect(r.json.errors?.[0]?.extensions?.code).toBe('QUERY_TIMEOUT');
    } finally {
      await slow.stop();
    }
  });
});

describe('in production', () => {
  let prod: TestServer;
  beforeAll(async () => {
    prod = await startTestServer({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://billing.example',
      VENDOR_NAME: 'Vendor Ltd',
      VENDOR_ADDRESS: '1 Main Street; Springfield',
      REMIT_IBAN: 'GB33BUKB20201555555555',
      REMIT_SWIFT: 'BUKBGB22',
      PAYMENT_GATEWAY: 'sandbox',
    });
  });
  afterAll(() => prod.stop());

  it('turns introspection and field suggestions off', async () => {
    const anon = prod.anonymous();
    const introspection = await anon.raw('{ __schema { types { name } } }');
    expect(introspection.json.data).toBeUndefined();
    expect(introspection.json.errors[0].message).toMatch(/introspection/i);
    const typo = await anon.raw('{ mee { id } }');
    expect(typo.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(typo.json.errors[0].message).not.toMatch(/did you mean|"me"/i);
    // Development keeps suggestions, for people building the portal.
    expect((await t.anonymous().raw('{ mee { id } }')).json.errors[0].message).toMatch(/Did you mean "me"/);
  });
});
