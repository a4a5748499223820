/**
 * WinAnsi: the encoding of pdfkit's standard 14 fonts. pdfkit writes any other
 * character as garbage, so everything drawn goes through `pdfSafe`.
 */

/** Characters of WinAnsiEncoding's 0x80–0x9F range (the rest is Latin-1). */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

const REPLACEMENTS: Record<string, string> = {
  '\u202f': '\u00a0', // narrow no-break space (Intl: fr-FR thousands, some percent signs)
  '\u2007': '\u00a0', // figure space
  '\u2009': ' ', // thin space
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2004': ' ',
  '\u2005': ' ',
  '\u2006': ' ',
  '\u2008': ' ',
  '\u200a': ' ',
  '\u2010': '-',
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '–',
  '\u2212': '-', // minus sign (Intl in some locales)
  '\u2032': "'",
  '\u2033': '"',
  ł: 'l', // letters without a decomposition to a WinAnsi base letter
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ħ: 'h',
  Ħ: 'H',
  ı: 'i',
  ŀ: 'l',
  Ŀ: 'L',
  '\t': ' ',
  '\r': '',
  '\u200b': '', // zero-width space
  '\u200c': '',
  '\u200d': '',
  '\u200e': '', // bidi marks Intl inserts for some locales
  '\u200f': '',
  '\u061c': '',
  '\u2066': '',
  '\u2067': '',
  '\u2068': '',
  '\u2069': '',
  '\ufeff': '',
};

function isWinAnsi(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch);
}

/** Text that pdfkit's Helvetica can draw: known look-alikes mapped, accents dropped where needed, else '?'. */
export function pdfSafe(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const replaced = REPLACEMENTS[ch] ?? ch;
    if ([...replaced].every(isWinAnsi)) {
      out += replaced;
      continue;
    }
    const base = replaced.normalize('NFD').replace(/\p{M}+/gu, '');
    out += base.length > 0 && [...base].every(isWinAnsi) ? base : '?';
  }
  return out;
}
