import { createHash } from 'node:crypto';
import { gql } from '@apollo/client';
import { Role } from '../../../src/common/roles';
import { sampleW9Pdf } from '../../../src/pdf/sample-w9';
import { codeOf, type TestClient } from '../../helpers/client';
import { startTestServer, type TestServer } from '../../helpers/server';

const DOCUMENTS = gql`
  query {
    documents {
      id
      title
      kind
      countries
      sizeBytes
      sha256
      downloadPath
    }
  }
`;

let t: TestServer;
let staff: TestClient & { accessToken: string };
let pdf: Buffer;
beforeAll(async () => {
  t = await startTestServer();
  staff = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
  pdf = await sampleW9Pdf('Test Vendor');
});
afterAll(() => t.stop());

const upload = (token: string | undefined, query: Record<string, string>, body: Buffer) =>
  fetch(`${t.url}/documents?${new URLSearchParams(query).toString()}`, {
    method: 'POST',
    headers: { 'content-type': 'application/pdf', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: new Uint8Array(body),
  });
const download = (token: string, path: string) =>
  fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

async function contactIn(country: string) {
  const account = await t.account(`Buyer ${country}`, { country });
  return t.loginAs(await t.user(Role.BILLING_CONTACT, { accountId: account.id }));
}

describe('document centre', () => {
  const ids: Record<string, string> = {};

  it('takes PDFs from staff with title, kind and countries, and keeps their checksum', async () => {
    for (const [key, query] of [
      ['w9', { title: 'Form W-9', kind: 'W9', countries: 'US' }],
      ['vendor', { title: 'Vendor registration form', kind: 'VENDOR_FORM', countries: '' }],
      ['italy', { title: 'Dichiarazione fiscale', kind: 'REGIONAL_FORM', countries: 'IT,sm' }],
    ] as const) {
      const res = await upload(staff.accessToken, query, pdf);
      expect(res.status).toBe(201);
      const body = await res.json();
      expect(body).toMatchObject({
        title: query.title,
        kind: query.kind,
        sizeBytes: pdf.length,
        sha256: createHash('sha256').update(pdf).digest('hex'),
      });
      ids[key] = body.id;
    }
    const list = (await staff.query(DOCUMENTS)).data.documents;
    expect(list.find((d: any) => d.id === ids.italy).countries).toEqual(['IT', 'SM']);
  });

  it('refuses non-PDF files, files over 5 MB, bad metadata, and uploads from anyone but staff', async () => {
    const notPdf = await upload(
      staff.accessToken,
      { title: 'Fake', kind: 'OTHER' },
      Buffer.from('MZ\x90\x00 this is not a pdf'),
    );
    expect(notPdf.status).toBe(415);
    expect((await notPdf.json()).errors[0].extensions.code).toBe('NOT_A_PDF');
    const big = Buffer.concat([pdf, Buffer.alloc(5 * 1024 * 1024)]);
    const tooBig = await upload(staff.accessToken, { title: 'Huge', kind: 'OTHER' }, big);
    expect(tooBig.status).toBe(413);
    expect((await upload(staff.accessToken, { title: 'X', kind: 'PASSPORT' }, pdf)).status).toBe(400);
    expect((await upload(staff.accessToken, { title: 'X', kind: 'OTHER', countries: 'Narnia' }, pdf)).status).toBe(400);
    expect((await upload(staff.accessToken, { kind: 'OTHER' }, pdf)).status).toBe(400);
    expect((await upload(staff.accessToken, { title: 'Bad\r\nX-Header: 1', kind: 'OTHER' }, pdf)).status).toBe(400);

    const contact = await contactIn('US');
    expect((await upload(contact.accessToken, { title: 'Mine', kind: 'OTHER' }, pdf)).status).toBe(403);
    expect((await upload(undefined, { title: 'Anon', kind: 'OTHER' }, pdf)).status).toBe(401);
    expect((await staff.query(DOCUMENTS)).data.documents).toHaveLength(3);
  });

  it("shows a billing contact the documents for their account's country, the W-9 only in the US", async () => {
    const us = await contactIn('US');
    const it = await contactIn('IT');
    const de = await contactIn('DE');
    const titles = async (c: TestClient) => (await c.query(DOCUMENTS)).data.documents.map((d: any) => d.kind).sort();
    expect(await titles(us)).toEqual(['VENDOR_FORM', 'W9']);
    expect(await titles(it)).toEqual(['REGIONAL_FORM', 'VENDOR_FORM']);
    expect(await titles(de)).toEqual(['VENDOR_FORM']);
  });

  it('downloads through an authenticated route as a PDF; what a contact may not see is 404', async () => {
    const us = await contactIn('US');
    const ok = await download(us.accessToken, `/documents/${ids.w9}.pdf`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/pdf');
    expect(ok.headers.get('content-disposition')).toBe('attachment; filename="Form W-9.pdf"');
    expect(Buffer.from(await ok.arrayBuffer()).equals(pdf)).toBe(true);

    const it = await contactIn('IT');
    const hidden = await download(it.accessToken, `/documents/${ids.w9}.pdf`);
    const unknown = await download(it.accessToken, `/documents/00000000-0000-4000-8000-000000000000.pdf`);
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toEqual(await unknown.json());
    expect((await download(it.accessToken, `/documents/${ids.italy}.pdf`)).status).toBe(200);
    expect((await fetch(`${t.url}/documents/${ids.vendor}.pdf`)).status).toBe(401);
    expect((await download('forged.token.value', `/documents/${ids.vendor}.pdf`)).status).toBe(401);
  });

  it('lets account services remove a document', async () => {
    const r = await staff.mutate(
      gql`
        mutation ($id: ID!) {
          deleteDocument(id: $id)
        }
      `,
      { id: ids.vendor },
    );
    expect(r.data.deleteDocument).toBe(true);
    expect((await download(staff.accessToken, `/documents/${ids.vendor}.pdf`)).status).toBe(404);
    const contact = await contactIn('US');
    expect(
      codeOf(
        await contact.mutate(
          gql`
            mutation ($id: ID!) {
              deleteDocument(id: $id)
            }
          `,
          { id: ids.w9 },
        ),
      ),
    ).toBe('FORBIDDEN');
  });
});
