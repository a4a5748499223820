import { readFile } from 'node:fs/promises';
import { sampleW9Pdf } from '../../src/pdf/sample-w9';
import { shows, visible } from './helpers/expect';
import { portalSuite } from './helpers/suite';
import { PASSWORD } from './helpers/world';

/** The document centre (the W-9 for US accounts only, each account's own forms, downloads) in both languages, and switching to the other one. */
const portal = portalSuite();
const open = portal.open;

const TEXT = {
  it: {
    title: 'Documenti',
    download: 'Scarica Form W-9 (PDF)',
    regional: 'Modulo regionale',
    language: 'Lingua',
    name: 'Italiano',
  },
  en: {
    title: 'Documents',
    download: 'Download Form W-9 (PDF)',
    regional: 'Regional form',
    language: 'Language',
    name: 'English',
  },
} as const;

let w9: Buffer;
beforeAll(async () => {
  const staff = await portal.customer('en', 'Documents Staff');
  w9 = await sampleW9Pdf('Test Vendor');
  for (const query of [
    { title: 'Form W-9', kind: 'W9', countries: 'US' },
    { title: 'Dichiarazione fiscale', kind: 'REGIONAL_FORM', countries: 'IT' },
  ]) {
    const res = await fetch(`${portal.t.url}/documents?${new URLSearchParams(query).toString()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf', authorization: `Bearer ${staff.rep.accessToken}` },
      body: new Uint8Array(w9),
    });
    expect(res.status).toBe(201);
  }
});

describe.each(['it', 'en'] as const)('the documents page (%s)', (language) => {
  const say = TEXT[language];

  /**
   * The documents page of a US or an Italian account, in this language. The
   * portal speaks the account's language after login; a contact of the other
   * language switches, and the choice outlives a reload.
   */
  async function documentsOf(country: 'US' | 'IT', name: string) {
    const accountLanguage = country === 'US' ? 'en' : 'it';
    const c = await portal.customer(accountLanguage, `${name} ${language}`);
    const p = await open(language);
    await p.page.goto('/login');
    await p.login(c.user.billingUserId, PASSWORD);
    await p.goto('/documents');
    const heading = (l: 'it' | 'en') => p.page.getByRole('heading', { level: 1, name: TEXT[l].title });
    await heading(accountLanguage).waitFor();
    if (accountLanguage !== language) {
      await p.page.getByLabel(TEXT[accountLanguage].language).selectOption({ label: say.name });
      await heading(language).waitFor();
      await p.page.reload();
      await heading(language).waitFor();
    }
    expect(await p.page.locator('html').getAttribute('lang')).toBe(language);
    return { p, main: p.page.getByRole('main') };
  }

  it('offers the W-9 to a US account, and downloads it', async () => {
    const { p, main } = await documentsOf('US', 'Documents Corp');
    await visible(main.getByRole('row').filter({ hasText: 'Form W-9' }));
    expect(await main.innerText()).not.toContain('Dichiarazione fiscale');
    expect(await p.accessibility()).toEqual([]);
    await p.screenshot('documents');
    const [download] = await Promise.all([
      p.page.waitForEvent('download'),
      p.page.getByRole('button', { name: say.download }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Form W-9.pdf');
    const bytes = await readFile(await download.path());
    expect(bytes.equals(w9)).toBe(true);
  });

  it('does not offer the W-9 to an Italian account, only its own forms', async () => {
    const { p, main } = await documentsOf('IT', 'Documenti Srl');
    await visible(main.getByRole('row').filter({ hasText: 'Dichiarazione fiscale' }));
    await shows(main, say.regional);
    expect(await main.innerText()).not.toContain('W-9');
    expect(await p.accessibility()).toEqual([]);
  });
});
