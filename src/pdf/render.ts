import PDFDocument from 'pdfkit';
import { resolveLocale } from '../common/locale-format';
import { pdfSafe } from './winansi';

/** Creating the pdfkit document of a printable business document (invoice, quote) and collecting its bytes. */

const MARGIN = 50;

/** LETTER for the United States and Canada, A4 elsewhere. */
function pageSizeFor(locale: string): 'A4' | 'LETTER' {
  try {
    const region = new Intl.Locale(locale).maximize().region;
    return region === 'US' || region === 'CA' ? 'LETTER' : 'A4';
  } catch {
    return 'A4';
  }
}

export interface DocumentInfo {
  /** The PDF's Title (shown by viewers instead of the file name). */
  title: string;
  subject: string;
  /** Author and Creator: the vendor. */
  author: string;
}

/**
 * Renders one document: `build` gets the resolved locale (see `resolveLocale`) and
 * returns the document information and the drawing, which runs on a pdfkit
 * document sized for the locale (A4, or LETTER for the US and Canada) with
 * buffered pages.
 */
export function renderDocument(
  locale: string,
  build: (resolvedLocale: string) => { info: DocumentInfo; draw: (doc: PDFKit.PDFDocument) => void },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const resolved = resolveLocale(locale);
    const { info, draw } = build(resolved);
    const doc = new PDFDocument({
      size: pageSizeFor(resolved),
      margin: MARGIN,
      bufferPages: true,
      lang: resolved,
      displayTitle: true,
      info: {
        Title: pdfSafe(info.title),
        Subject: pdfSafe(info.subject),
        Author: pdfSafe(info.author),
        Creator: pdfSafe(info.author),
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      draw(doc);
      doc.end();
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
