import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { createRequestContext, type RequestContext } from '../context';
import { AppError } from '../common/errors';
import { answerIfDatabaseUnavailable } from './db-unavailable';
import { requestIdOf } from './request-id';
import { runInRequestScope } from '../common/request-scope';
import { verifySignedPath } from '../common/signed-urls';
import { invoicePdfPath } from '../modules/invoices/invoice.service';
import { quotePdfPath } from '../modules/quotes/quote.service';
import { MAX_DOCUMENT_BYTES } from '../modules/documents/document.service';
import { httpStatusOf } from '../modules/error-codes';
import type { Services } from '../modules/services';

/**
 * File downloads over HTTP. The document centre, with the same bearer token as GraphQL:
 * `POST /documents?title=…&kind=…&countries=US,CA` (staff; the body is the PDF,
 * at most 5 MB) and `GET /documents/<id>.pdf`; invoices and quotes as
 * `GET /invoices/<id>.pdf` and `GET /quotes/<id>.pdf`, with the bearer token or
 * the signed link of `pdfUrl`.
 */
export function documentsRouter(services: Services): Router {
  const router = Router();
  const handle =
    (fn: (req: Request, res: Response) => Promise<void>, thenNext = false) =>
    (req: Request, res: Response, next: NextFunction) =>
      runInRequestScope({ requestId: requestIdOf(req), sqlStatements: 0 }, () =>
        fn(req, res).then(
          () => thenNext && next(),
          (err: unknown) => {
            if (answerIfDatabaseUnavailable(services.ds, err, res)) return;
            // Our own errors answer with their code's status (the registry, modules/error-codes.ts).
            if (err instanceof AppError) {
              res
                .status(httpStatusOf(err.code))
                .json({ errors: [{ message: err.message, extensions: err.extensions }] });
              return;
            }
            next(err);
          },
        ),
      );

  router.post(
    '/documents',
    // Authenticate before reading up to 5 MB of body.
    handle(async (req, res) => {
      res.locals.ctx = await authenticated(services, req);
    }, true),
    express.raw({ type: () => true, limit: MAX_DOCUMENT_BYTES }),
    handle(async (req, res) => {
      const q = req.query as Record<string, string | undefined>;
      const doc = await services.documents.upload(
        res.locals.ctx as RequestContext,
        { title: String(q.title ?? ''), kind: String(q.kind ?? ''), countries: String(q.countries ?? '').split(',') },
        Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      );
      res.status(201).json({
        id: doc.id,
        title: doc.title,
        kind: doc.kind,
        countries: doc.countries,
        sizeBytes: doc.sizeBytes,
        sha256: doc.sha256,
      });
    }),
  );

  router.get(
    '/documents/:file',
    handle(async (req, res) => {
      const ctx = await authenticated(services, req);
      const match = /^([0-9a-f-]{36})\.pdf$/.exec(String(req.params.file));
      if (!match) throw new AppError('NOT_FOUND', 'Document not found');
      const { doc, bytes } = await services.documents.download(ctx, match[1]);
      const name = doc.title.replace(/[^\w .-]+/g, '_').slice(0, 100) || 'document';
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `attachment; filename="${name}.pdf"`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.send(bytes);
    }),
  );
  /**
   * A generated PDF by a signed link (standing for the login that asked for
   * it, for five minutes) or by the bearer token (checked by `visible`).
   */
  const signedPdf = (
    what: 'Invoice' | 'Quote',
    pathOf: (id: string) => string,
    visible: (ctx: RequestContext, id: string) => Promise<unknown>,
    render: (id: string) => Promise<{ filename: string; pdf: Buffer }>,
  ) =>
    handle(async (req, res) => {
      const match = /^([0-9a-f-]{36})\.pdf$/.exec(String(req.params.file));
      if (!match) throw new AppError('NOT_FOUND', `${what} not found`);
      const id = match[1];
      const q = req.query as Record<string, unknown>;
      if (q.signature !== undefined || q.expires !== undefined) {
        if (!verifySignedPath(services.config.urlSigningKey, pathOf(id), q.expires, q.signature))
          throw new AppError(
            'LINK_EXPIRED',
            `This link has expired or is not valid; open the ${what.toLowerCase()} again for a new one`,
          );
      } else {
        await visible(await authenticated(services, req), id);
      }
      const { filename, pdf } = await render(id);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `inline; filename="${filename}.pdf"`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.send(pdf);
    });

  // Only `<id>.pdf` is a document: /invoices/<id> and /quotes/<id> are the portal's pages.
  const pdfOnly = (req: Request, _res: Response, next: NextFunction) =>
    next(String(req.params.file).endsWith('.pdf') ? undefined : 'route');
  router.get(
    '/invoices/:file',
    pdfOnly,
    signedPdf(
      'Invoice',
      invoicePdfPath,
      (ctx, id) => services.invoices.get(ctx, id),
      async (id) => {
        const { invoice, pdf } = await services.invoices.renderPdf(id);
        return { filename: invoice.number, pdf };
      },
    ),
  );
  router.get(
    '/quotes/:file',
    pdfOnly,
    signedPdf(
      'Quote',
      quotePdfPath,
      (ctx, id) => services.quotes.get(ctx, id),
      async (id) => {
        const { quote, pdf } = await services.quotes.renderPdf(id);
        return { filename: `${quote.number}-rev${quote.revision}`, pdf };
      },
    ),
  );
  return router;
}

async function authenticated(services: Services, req: Request) {
  const ctx = await createRequestContext(services.scope, req, requestIdOf(req));
  if (!ctx.principal) throw new AppError('UNAUTHENTICATED', ctx.authFailure ?? 'You must be logged in to do this');
  return ctx;
}
