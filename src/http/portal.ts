import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type Request, type Response, type NextFunction } from 'express';
import type { Logger } from '../common/logger';

/**
 * What the portal's pages may load: its own scripts, styles, images and
 * fonts, and calls to this origin (the API); no inline script, no plugins,
 * no framing by other sites, forms only to itself.
 */
export const PORTAL_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** A year: hashed assets never change under their name. */
const ASSET_MAX_AGE_SECONDS = 365 * 24 * 3600;

/** A route of the portal's own router: a GET for a page, no file extension, not an API path. */
const isPageRoute = (req: Request) =>
  (req.method === 'GET' || req.method === 'HEAD') &&
  !path.extname(req.path) &&
  !/^\/(graphql|health|assets)(\/|$)/.test(req.path) &&
  req.accepts(['html', 'json']) === 'html';

/**
 * The billing contacts' portal, built into `dir` (index.html, assets/ with
 * hashed names): assets cached for a year, the app shell (never cached, so
 * a new release is picked up at once) for every page route the portal's
 * router owns, both under the portal's Content Security Policy. Nothing is
 * served when the portal is not built.
 */
export function portalRouter(dir: string, log: Logger): Router {
  const router = Router();
  const shellFile = path.join(dir, 'index.html');
  if (!existsSync(shellFile)) {
    log.info({ portalDir: dir }, 'the portal is not built: only the API is served');
    return router;
  }
  const shell = readFileSync(shellFile);
  const policy = (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', PORTAL_CONTENT_SECURITY_POLICY);
    next();
  };
  router.use(
    '/assets',
    policy,
    express.static(path.join(dir, 'assets'), {
      index: false,
      immutable: true,
      maxAge: ASSET_MAX_AGE_SECONDS * 1000,
    }),
  );
  router.use((req, res, next) => {
    if (!isPageRoute(req)) return next();
    policy(req, res, () => {
      res.setHeader('Cache-Control', 'no-cache');
      res.type('html').send(shell);
    });
  });
  return router;
}
