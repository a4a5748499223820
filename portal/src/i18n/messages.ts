import type { Language } from './language';

// One catalogue per language and area (messages/<language>/<area>.json), loaded for the chosen language only.
const catalogues = import.meta.glob<Record<string, string>>('./messages/*/*.json', { import: 'default' });

export async function loadMessages(language: Language): Promise<Record<string, string>> {
  const parts = Object.entries(catalogues).filter(([file]) => file.startsWith(`./messages/${language}/`));
  const loaded = await Promise.all(parts.map(([, load]) => load()));
  return Object.assign({}, ...loaded) as Record<string, string>;
}
