import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { CliError, EXIT } from '../errors';
import { graphql, type ResultOf } from '../graphql';
import { oneOf } from '../input';
import type { Column } from '../output';
import { action } from './action';

const DOCUMENTS = graphql(`
  query CliDocuments {
    documents {
      id
      title
      kind
      countries
      sizeBytes
      sha256
      createdAt
      downloadPath
    }
  }
`);

type Listed = ResultOf<typeof DOCUMENTS>['documents'][number];
/** What `POST /documents` answers (201). */
interface Uploaded {
  id: string;
  title: string;
  kind: string;
  countries: string[];
  sizeBytes: number;
  sha256: string;
}

const KINDS = ['W9', 'VENDOR_FORM', 'REGIONAL_FORM', 'TAX_CERTIFICATE', 'OTHER'] as const;

/** `US,it` as ["US", "IT"]: ISO 3166-1 alpha-2 codes (the service checks that they exist). */
function countryList(value: string): string[] {
  const codes = value
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
  const bad = codes.find((c) => !/^[A-Z]{2}$/.test(c));
  if (bad) throw new InvalidArgumentError(`${bad} is not a two-letter country code.`);
  return [...new Set(codes)];
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const countries = (d: { countries: readonly string[] }) => (d.countries.length > 0 ? d.countries.join(', ') : 'all');

const UPLOADED: ReadonlyArray<Column<Uploaded>> = [
  { header: 'Id', value: (d) => d.id },
  { header: 'Title', value: (d) => d.title },
  { header: 'Kind', value: (d) => d.kind },
  { header: 'Countries', value: countries },
  { header: 'Size', value: (d) => size(d.sizeBytes) },
  { header: 'SHA-256', value: (d) => d.sha256 },
];
const LISTED: ReadonlyArray<Column<Listed>> = [
  { header: 'Id', value: (d) => d.id },
  { header: 'Title', value: (d) => d.title },
  { header: 'Kind', value: (d) => d.kind },
  { header: 'Countries', value: countries },
  { header: 'Size', value: (d) => size(d.sizeBytes) },
  { header: 'Uploaded', value: (d) => d.createdAt },
];

export function registerDocuments(program: Command): void {
  const documents = program
    .command('documents')
    .description('the document centre: tax and vendor forms (PDF) for billing contacts');

  documents
    .command('upload')
    .description('upload a PDF (at most 5 MB) for the billing contacts of the countries given, or all')
    .argument('<file>', 'the PDF')
    .requiredOption('--title <title>', 'the title contacts see')
    .requiredOption('--kind <kind>', KINDS.join(', '), oneOf(KINDS))
    .option(
      '--countries <codes>',
      'the countries it applies to, e.g. US,IT (default all; a W9 reaches US accounts only)',
      countryList,
    )
    .action(
      action(
        async (run, file: string, options: { title: string; kind: (typeof KINDS)[number]; countries?: string[] }) => {
          let bytes: Buffer;
          try {
            bytes = readFileSync(file);
          } catch (err) {
            throw new CliError(`cannot read ${file}: ${(err as Error).message}`, EXIT.BAD_INPUT);
          }
          const query = new URLSearchParams({
            title: options.title,
            kind: options.kind,
            countries: (options.countries ?? []).join(','),
          });
          const path = `/documents?${query.toString()}`;
          if (run.options.dryRun) {
            process.stdout.write(`POST ${path}\ncontent-type: application/pdf\n(${bytes.length} bytes of ${file})\n`);
            return;
          }
          const res = await run.api.http(path, {
            method: 'POST',
            headers: { 'content-type': 'application/pdf' },
            body: new Uint8Array(bytes),
          });
          const doc = (await res.json()) as Uploaded;
          run.out.say(`Uploaded ${doc.title} (${doc.id}).`);
          run.out.record(doc, UPLOADED);
        },
      ),
    );

  documents
    .command('list')
    .description('the documents of the document centre (staff see all of them)')
    .action(
      action(async (run) => {
        run.out.rows((await run.query(DOCUMENTS, {})).documents, LISTED);
      }),
    );
}
