import http from 'node:http';
import { gatewaySignature } from '../../src/federation/signature';
import { fileRouteOf } from '../../src/gateway/gateway';
import { Role } from '../../src/common/roles';
import { ISSUE, plainLine } from '../helpers/billing';
import type { Federation } from '../helpers/federation';
import { catalogue, customer, type Customer } from '../helpers/fixtures';
import { graphql } from '../helpers/graphql';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * The federated topology: subgraph processes behind the real gateway, on one
 * database. The journeys of the other e2e files run through it in CI
 * (TEST_TOPOLOGY=federated); this file covers what only the topology has:
 * `_entities` and `_service` for the gateway alone, the same scoping for every
 * reference, health across subgraphs, file routes and a subgraph that is down.
 */
let t: TestServer;
let fed: Federation;
let acme: Customer;
let globex: Customer;
let cas: Awaited<ReturnType<TestServer['loginAs']>>;
let invoiceId: string;
let productId: string;

const OVERVIEW = graphql(`
  query FederatedOverview {
    me {
      displayName
      account {
        accountNumber
        billTo {
          city
        }
        salesRep {
          displayName
        }
        subscription {
          status
        }
        purchaseOrders {
          number
        }
      }
    }
  }
`);

beforeAll(async () => {
  t = await startTestServer({}, { federated: true });
  fed = t.federation!;
  acme = await customer(t, 'Acme Federated');
  globex = await customer(t, 'Globex Federated');
  cas = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
  const issued = await cas.mutate(ISSUE, { input: { accountId: acme.account.id, lines: [plainLine(10_000)] } });
  expect(issued.errors).toEqual([]);
  invoiceId = issued.data.issueInvoice.id;
  productId = (await catalogue(t, { FEDSEAT: { prices: { USD: 12_000 } } })).FEDSEAT;
}, 180_000);

afterAll(async () => {
  await t?.stop();
});

/** A request to one subgraph, as the gateway would send it (signed) or as anybody could (unsigned). */
async function toSubgraph(
  group: string,
  query: string,
  variables: Record<string, unknown>,
  options: { token?: string; sign?: boolean | string } = {},
) {
  const signature = options.sign === true ? gatewaySignature(fed.secret, query, variables) : options.sign || undefined;
  const response = await fetch(fed.subgraphs[group], {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: JSON.stringify({ query, variables, ...(signature ? { extensions: { 'hmac-signature': signature } } : {}) }),
  });
  return (await response.json()) as {
    data?: { _entities?: Array<{ id?: string } | null>; _service?: { sdl: string } };
    errors?: Array<{ message: string; extensions: { code: string } }>;
  };
}

const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Node_ { id } } }';
const entitiesQuery = (typeName: string) =>
  ENTITIES.replace('Node_', typeName).replace('{ id }', typeName === 'Invoice' ? '{ id number }' : '{ id }');

describe('the federated topology', () => {
  it('answers through the gateway what the single process answers, across subgraphs', async () => {
    const r = await acme.contact.query(OVERVIEW);
    expect(r.errors).toEqual([]);
    expect(r.data.me?.account).toEqual({
      accountNumber: acme.account.accountNumber,
      billTo: { city: null },
      salesRep: { displayName: 'Test sales_rep' },
      subscription: null,
      purchaseOrders: [],
    });
  });

  it('is ready when every subgraph is, and live on its own', async () => {
    const ready = await fetch(`${fed.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(Object.values(((await ready.json()) as { subgraphs: Record<string, boolean> }).subgraphs)).toEqual([
      true,
      true,
      true,
    ]);
    expect((await fetch(`${fed.url}/health/live`)).status).toBe(200);
  });

  it('passes the file routes to the subgraph that owns them: an invoice PDF through the gateway', async () => {
    const r = await acme.contact.query(
      graphql(`
        query FederatedPdf($id: ID!) {
          invoice(id: $id) {
            pdfUrl
          }
        }
      `),
      { id: invoiceId },
    );
    expect(r.errors).toEqual([]);
    const pdfUrl = r.data.invoice.pdfUrl;
    expect(pdfUrl.startsWith(`${fed.url}/invoices/`)).toBe(true);
    const pdf = await fetch(pdfUrl);
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('passes only plain file paths: no dot segment reaches another route of a subgraph', async () => {
    expect(fileRouteOf('/invoices/abc.pdf?expires=1&signature=x')).toBe('invoices');
    expect(fileRouteOf('/documents')).toBe('documents');
    for (const path of ['/invoices/../graphql', '/invoices/%2e%2e/graphql', '/quotes/..%2Fgraphql', '/documents/a/b'])
      expect([path, fileRouteOf(path)]).toEqual([path, undefined]);
    // Sent raw (fetch would normalise the path first): the gateway does not pass it to the billing subgraph.
    const { hostname, port } = new URL(fed.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ hostname, port, path: '/invoices/../health/ready', method: 'GET' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(404);
  });

  it('refuses _entities and _service to anybody but the gateway, on every subgraph', async () => {
    for (const group of Object.keys(fed.subgraphs)) {
      const variables = { r: [{ __typename: 'CorporateAccount', id: acme.account.id }] };
      const query = entitiesQuery('CorporateAccount');
      for (const sign of [
        false,
        'bm90IHRoZSBnYXRld2F5',
        gatewaySignature('another secret'.repeat(3), query, variables),
      ]) {
        const r = await toSubgraph(group, query, variables, { token: cas.accessToken, sign });
        expect([group, r.data?._entities, r.errors?.map((e) => e.extensions.code)]).toEqual([
          group,
          undefined,
          ['GATEWAY_SIGNATURE_REQUIRED'],
        ]);
      }
      const service = await toSubgraph(group, '{ _service { sdl } }', {}, { token: cas.accessToken });
      expect(service.errors?.map((e) => e.extensions.code)).toEqual(['GATEWAY_SIGNATURE_REQUIRED']);
      const signed = await toSubgraph(group, '{ _service { sdl } }', {}, { sign: true });
      expect(signed.data?._service?.sdl).toContain('@key');
    }
  });

  it("resolves no reference to another account's object, for every entity and principal", async () => {
    const rep = await t.loginAs(await t.user(Role.SALES_REP));
    const principals: Record<string, string | undefined> = {
      anonymous: undefined,
      acmeContact: acme.contact.accessToken,
      globexContact: globex.contact.accessToken,
      acmeRep: acme.rep.accessToken,
      otherRep: rep.accessToken,
      accountServices: cas.accessToken,
    };
    // Which principals see each entity; every subgraph that owns or extends the type answers alike.
    const cases: Array<{ type: string; id: string; groups: string[]; seenBy: string[] }> = [
      {
        type: 'CorporateAccount',
        id: acme.account.id,
        groups: ['people', 'billing', 'sales'],
        seenBy: ['acmeContact', 'acmeRep', 'accountServices'],
      },
      {
        // A billing contact: to those who may see the account.
        type: 'BillingUser',
        id: acme.user.id,
        groups: ['people'],
        seenBy: ['acmeContact', 'acmeRep', 'accountServices'],
      },
      {
        // Staff users (who drafted a quote, who works a request) are shown to contacts.
        type: 'BillingUser',
        id: acme.repUser.id,
        groups: ['people'],
        seenBy: ['acmeContact', 'globexContact', 'acmeRep', 'otherRep', 'accountServices'],
      },
      {
        type: 'Invoice',
        id: invoiceId,
        groups: ['billing'],
        seenBy: ['acmeContact', 'acmeRep', 'accountServices'],
      },
      {
        type: 'Product',
        id: productId,
        groups: ['sales'],
        seenBy: ['acmeContact', 'globexContact', 'acmeRep', 'otherRep', 'accountServices'],
      },
    ];
    for (const c of cases) {
      for (const group of c.groups) {
        const query = entitiesQuery(c.type);
        const variables = { r: [{ __typename: c.type, id: c.id }] };
        const seen: string[] = [];
        for (const [name, token] of Object.entries(principals)) {
          const r = await toSubgraph(group, query, variables, { token, sign: true });
          expect([c.type, group, name, r.errors ?? []]).toEqual([c.type, group, name, []]);
          const entity = r.data?._entities?.[0];
          if (entity) {
            expect(entity.id).toBe(c.id);
            seen.push(name);
          }
        }
        expect([c.type, group, seen]).toEqual([c.type, group, c.seenBy]);
      }
    }
  });

  it('answers the other fields when a subgraph is down, with a coded error for the fields it owns', async () => {
    await fed.stopSubgraph('sales');
    const r = await acme.contact.query(OVERVIEW);
    expect(r.errors.map((e) => [e.extensions?.code, e.path])).toEqual([
      ['SUBGRAPH_UNAVAILABLE', ['me', 'account', 'subscription']],
    ]);
    expect(r.data.me?.account?.accountNumber).toBe(acme.account.accountNumber);
    expect(r.data.me?.account?.salesRep?.displayName).toBe('Test sales_rep');
    expect(JSON.stringify(r.errors)).not.toMatch(/ECONNREFUSED|at .*\.js|127\.0\.0\.1/);
    // The gateway stays up; it is not ready while a subgraph is down (once its last check, kept half a second, is over).
    expect((await fetch(`${fed.url}/health/live`)).status).toBe(200);
    let ready = 200;
    for (const until = Date.now() + 10_000; ready !== 503 && Date.now() < until;) {
      ready = (await fetch(`${fed.url}/health/ready`)).status;
      if (ready !== 503) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(ready).toBe(503);
  });
});
