import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The message catalogues: the same keys in every language, and every id the code asks for is in them. */
const ROOT = path.join(__dirname, '..', 'src');
const MESSAGES = path.join(ROOT, 'i18n', 'messages');
const LANGUAGES = readdirSync(MESSAGES);

function catalogue(language: string): Record<string, string> {
  const dir = path.join(MESSAGES, language);
  return Object.assign(
    {},
    ...readdirSync(dir).map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Record<string, string>),
  );
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

describe('the message catalogues', () => {
  it('has Italian and English, with the same keys and no empty message', () => {
    expect(LANGUAGES.sort()).toEqual(['en', 'it']);
    const [en, it] = [catalogue('en'), catalogue('it')];
    expect(Object.keys(it).sort()).toEqual(Object.keys(en).sort());
    for (const messages of [en, it]) expect(Object.entries(messages).filter(([, m]) => !m.trim())).toEqual([]);
  });

  it('holds every message id the portal asks for with a literal t(…)', () => {
    const en = catalogue('en');
    const missing: string[] = [];
    for (const file of sources(ROOT)) {
      const text = readFileSync(file, 'utf8');
      for (const [, id] of text.matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g))
        if (!(id in en)) missing.push(`${path.relative(ROOT, file)}: ${id}`);
      // A computed id (`t(\`quoteStatus.${status}\`)`): its prefix must exist.
      for (const [, prefix] of text.matchAll(/\bt\(`([a-zA-Z0-9_.]+\.)\$\{/g))
        if (!Object.keys(en).some((k) => k.startsWith(prefix)))
          missing.push(`${path.relative(ROOT, file)}: ${prefix}*`);
    }
    expect(missing).toEqual([]);
  });
});
