import { createHash } from 'node:crypto';
import { isISO31661Alpha2 } from 'class-validator';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
import { AppError, BadUserInputError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import { inTransaction } from '../../common/transactions';
import type { AccountService } from '../account';
import { Role } from '../../common/roles';
import type { DocumentStorage } from './document-storage';
import { DocumentKind, VendorDocument } from './vendor-document.entity';

export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

export interface DocumentMeta {
  title: string;
  kind: string;
  countries: string[];
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * The document centre. Staff upload PDFs (checked by content, at most 5 MB)
 * with the countries they apply to; a billing contact sees those for their
 * account's country, and the W-9 only when the account is in the US. A
 * document a contact may not see answers NOT_FOUND, like an unknown id.
 */
export class DocumentService {
  constructor(
    private readonly ds: DataSource,
    private readonly accounts: AccountService,
    private readonly storage: DocumentStorage,
    private readonly log: Logger,
  ) {}

  static appliesTo(doc: VendorDocument, country: string): boolean {
    if (doc.kind === DocumentKind.W9 && country !== 'US') return false;
    return doc.countries.length === 0 || doc.countries.includes(country);
  }

  async upload(ctx: RequestContext, meta: DocumentMeta, bytes: Buffer): Promise<VendorDocument> {
    const role = ctx.principal?.role;
    if (role !== Role.ACCOUNT_SERVICES && role !== Role.SALES_REP)
      throw new ForbiddenError('Only staff upload documents');
    const title = meta.title?.trim();
    if (!title || title.length > 200) throw new BadUserInputError('title must be 1 to 200 characters', 'title');
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(title))
      throw new BadUserInputError('title must not contain control characters', 'title');
    if (!Object.values(DocumentKind).includes(meta.kind as DocumentKind))
      throw new BadUserInputError(`kind must be one of ${Object.values(DocumentKind).join(', ')}`, 'kind');
    const countries = [...new Set(meta.countries.map((c) => c.trim().toUpperCase()).filter(Boolean))];
    const bad = countries.find((c) => !isISO31661Alpha2(c));
    if (bad) throw new BadUserInputError(`${bad} is not an ISO 3166-1 alpha-2 country`, 'countries');
    if (bytes.length > MAX_DOCUMENT_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'Documents are at most 5 MB');
    if (bytes.length < 8 || bytes.subarray(0, 5).toString('latin1') !== '%PDF-')
      throw new AppError('NOT_A_PDF', 'Only PDF documents can be uploaded', { field: 'file' });

    const doc = this.ds.getRepository(VendorDocument).create({
      title,
      kind: meta.kind as DocumentKind,
      countries,
      sizeBytes: bytes.length,
      sha256: sha256(bytes),
      uploadedBy: ctx.principal!.userId,
    });
    doc.storageKey = `${doc.id}.pdf`;
    await this.storage.put(doc.storageKey, bytes);
    try {
      await inTransaction(this.ds, (tx) => tx.manager.insert(VendorDocument, doc));
    } catch (err) {
      await this.storage.delete(doc.storageKey);
      throw err;
    }
    this.log.info(
      { event: 'document.uploaded', documentId: doc.id, kind: doc.kind, by: ctx.principal!.userId },
      'document uploaded',
    );
    return doc;
  }

  /** Staff see every document; a billing contact those for their account's country. */
  async list(ctx: RequestContext): Promise<VendorDocument[]> {
    const docs = await this.ds.getRepository(VendorDocument).find({ order: { kind: 'ASC', title: 'ASC' } });
    const country = await this.contactCountry(ctx);
    return country === null ? docs : docs.filter((d) => DocumentService.appliesTo(d, country));
  }

  async get(ctx: RequestContext, id: string): Promise<VendorDocument> {
    const doc = await this.ds.getRepository(VendorDocument).findOneBy({ id });
    const country = doc ? await this.contactCountry(ctx) : null;
    if (!doc || (country !== null && !DocumentService.appliesTo(doc, country))) throw new NotFoundError('Document');
    return doc;
  }

  /** The bytes of a document the caller may see, checked against the stored checksum. */
  async download(ctx: RequestContext, id: string): Promise<{ doc: VendorDocument; bytes: Buffer }> {
    const doc = await this.get(ctx, id);
    const bytes = await this.storage.get(doc.storageKey).catch((err: NodeJS.ErrnoException) => {
      // Removed meanwhile (or lost): the same answer as for an unknown document.
      if (err.code === 'ENOENT') throw new NotFoundError('Document');
      throw err;
    });
    if (sha256(bytes) !== doc.sha256) throw new Error(`document ${doc.id} does not match its checksum`);
    return { doc, bytes };
  }

  async delete(ctx: RequestContext, id: string): Promise<boolean> {
    const doc = await this.get(ctx, id);
    await inTransaction(this.ds, (tx) => tx.manager.delete(VendorDocument, { id: doc.id }));
    // The document is gone once its row is; a file left behind is only logged.
    await this.storage
      .delete(doc.storageKey)
      .catch((err) => this.log.warn({ err, documentId: doc.id }, 'document file not removed'));
    return true;
  }

  /** The account country of a billing contact; null for staff (no filter). */
  private async contactCountry(ctx: RequestContext): Promise<string | null> {
    if (!ctx.principal) throw new UnauthenticatedError();
    if (ctx.principal.role !== Role.BILLING_CONTACT) return null;
    return (await this.accounts.ownAccount(ctx)).country;
  }
}
