import { spawn } from 'node:child_process';

/**
 * Text extraction from PDFs for tests, with pdf-parse (Mozilla PDF.js).
 *
 * PDF.js parses in a "worker" module that it loads with a dynamic `import()`
 * of an ES module, which Jest's CommonJS sandbox cannot do (it needs
 * --experimental-vm-modules). So the extraction runs in a plain child Node
 * process that loads pdf-parse's CommonJS build the ordinary way; `readPdfs`
 * reads several PDFs with one process.
 */
const EXTRACT_SCRIPT = `
const { PDFParse } = require(process.argv[1]);
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  try {
    const out = [];
    for (const base64 of JSON.parse(Buffer.concat(chunks).toString('utf8'))) {
      const parser = new PDFParse({ data: new Uint8Array(Buffer.from(base64, 'base64')) });
      try {
        const info = await parser.getInfo();
        const text = await parser.getText({ pageJoiner: '' });
        const pages = [...text.pages].sort((a, b) => a.num - b.num).map((p) => p.text);
        out.push({ total: text.total, pages, title: (info.info && info.info.Title) || null });
      } finally {
        await parser.destroy();
      }
    }
    process.stdout.write(JSON.stringify(out));
  } catch (err) {
    process.stderr.write(String((err && err.stack) || err));
    process.exitCode = 1;
  }
});
`;

export interface ExtractedPdf {
  /** Text of each page, whitespace normalised as by `normaliseWhitespace`. */
  pages: string[];
  /** All pages joined by newlines. */
  text: string;
  /** The document information dictionary's Title. */
  title: string | null;
}

/**
 * The text of all pages of a PDF, pages joined by newlines. Within a line, runs
 * of whitespace (including U+00A0 and U+202F, which Intl puts into formatted
 * money and dates) are one space, so tests compare words, not the extractor's
 * spacing.
 */
export async function pdfText(pdf: Buffer): Promise<string> {
  return (await readPdf(pdf)).text;
}

export async function readPdf(pdf: Buffer): Promise<ExtractedPdf> {
  const [result] = await readPdfs([pdf]);
  return result;
}

/** Several PDFs read by one child process: cheaper than one `readPdf` each. */
export async function readPdfs(pdfs: Buffer[]): Promise<ExtractedPdf[]> {
  const raw = JSON.parse(await runExtractor(JSON.stringify(pdfs.map((p) => p.toString('base64'))))) as Array<{
    total: number;
    pages: string[];
    title: string | null;
  }>;
  return raw.map(({ total, pages, title }) => {
    if (pages.length !== total) throw new Error(`pdf-parse returned ${pages.length} of ${total} pages`);
    const normalised = pages.map(normaliseWhitespace);
    return { pages: normalised, text: normalised.join('\n'), title };
  });
}

/** Collapses runs of spaces, tabs and no-break spaces to one space per line, and drops blank lines. */
export function normaliseWhitespace(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/[\s\u00a0\u2007\u2009\u202f]+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

function runExtractor(input: string): Promise<string> {
  const entry = require.resolve('pdf-parse');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', EXTRACT_SCRIPT, entry], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.stdin.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`PDF text extraction failed (exit ${code}): ${Buffer.concat(err).toString('utf8')}`));
    });
    child.stdin.end(input);
  });
}
