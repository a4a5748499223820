import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import helmet from 'helmet';
import express, { type ErrorRequestHandler, type NextFunction, type Request, type Response } from 'express';
import type { GraphQLSchema } from 'graphql';
import { pinoHttp } from 'pino-http';
import type { Config } from '../config';
import { createRequestContext, type RequestContext } from '../context';
import type { ErrorCode } from '../common/error-codes';
import { currentRequestScope, enableRequestScopes, runInRequestScope } from '../common/request-scope';
import type { Services } from '../modules/services';
import { createErrorFormatter, tagWithRequestId } from './errors';
import { portalRouter } from './portal';
import { sessionCookieOf } from './session-cookie';
import { documentsRouter } from './documents';
import { healthRouter } from './health';
import { answerIfDatabaseUnavailable, refusalLogObject, serviceUnavailablePlugin } from './db-unavailable';
import { queryCostPlugin } from './query-cost';
import { gatewaySignaturePlugin } from '../federation/signature';
import { generateRequestId, requestIdOf } from './request-id';

export interface HttpServer {
  server: http.Server;
  url: string;
  /** Stops accepting, lets in-flight requests finish, then resolves. */
  stop(): Promise<void>;
}

/** One log line per GraphQL operation: request id, operation, duration, principal, outcome. */
function operationLogPlugin(services: Services): ApolloServerPlugin<RequestContext> {
  const { config, log } = services;
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        // Before the formatter runs: it logs and answers internal errors with this request's id.
        async didEncounterErrors({ contextValue, errors }) {
          for (const error of errors) tagWithRequestId(error, contextValue.requestId);
        },
        async willSendResponse({ contextValue, operationName, response, errors }) {
          const scope = currentRequestScope();
          if (config.exposeSqlStatementCount && scope && response.body.kind === 'single') {
            response.body.singleResult.extensions = {
              ...response.body.singleResult.extensions,
              sqlStatements: scope.sqlStatements,
            };
          }
          log.info(
            {
              requestId: contextValue?.requestId,
              operationName: operationName ?? null,
              durationMs: Number(process.hrtime.bigint() - started) / 1e6,
              principalId: contextValue?.principal?.userId ?? null,
              errorCodes: errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}

/**
 * Checks every document before it runs (graphql-armor): depth, aliases and
 * directives; the token limit is graphql-js's own, applied while parsing so a
 * huge document is cut short, and the cost (lists times page sizes) is
 * query-cost.ts's, once the variables are known. In production, "did you mean"
 * suggestions are removed so errors do not reveal the schema.
 */
function queryLimits(config: Config): ApolloArmor {
  const limits = config.graphql;
  const common = { exposeLimits: true, propagateOnRejection: true };
  return new ApolloArmor({
    maxDepth: { ...common, n: limits.maxDepth },
    maxAliases: { ...common, n: limits.maxAliases },
    maxDirectives: { ...common, n: limits.maxDirectives },
    // Tokens are limited by graphql-js's own parser (parseOptions below): a normal 400 parse error.
    maxTokens: { enabled: false },
    // Cost is measured by queryCostPlugin (query-cost.ts), which counts lists by their page size.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: config.env === 'production' },
  });
}

/**
 * Security headers on every response (helmet): no sniffing, no framing, no
 * referrer, HSTS, same-origin resource policy. The content security policy
 * is strict in production; in development it is off so Apollo's landing page
 * can load its scripts.
 */
function securityHeaders(config: Config) {
  return helmet({
    contentSecurityPolicy:
      config.env === 'production'
        ? {
            useDefaults: false,
            directives: {
              defaultSrc: ["'none'"],
              frameAncestors: ["'none'"],
              baseUri: ["'none'"],
              formAction: ["'none'"],
            },
          }
        : false,
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
  });
}

/** Express with the GraphQL endpoint, health checks, body limit and error handling. */
export async function startHttpServer(services: Services, schema: GraphQLSchema): Promise<HttpServer> {
  const { config, log } = services;
  // Statement counting needs a scope per request, which costs every promise of the process: only where it is exposed.
  if (config.exposeSqlStatementCount) enableRequestScopes();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const server = http.createServer(app);

  const armor = queryLimits(config).protect();
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: config.env !== 'production',
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: config.graphql.maxTokens },
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    stopOnTerminationSignals: false, // main.ts owns shutdown
    formatError: createErrorFormatter(log),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      // No HTTP caching hints are set, and the gateway asks for no traces: both
      // plugins would otherwise wrap every field of every response.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ...armor.plugins,
      queryCostPlugin(config.graphql.maxCost),
      operationLogPlugin(services),
      serviceUnavailablePlugin(services.ds),
      // A subgraph answers _entities and _service to the gateway only.
      ...(config.federation.subgraph ? [gatewaySignaturePlugin(config.federation.secret!)] : []),
    ],
    logger: {
      debug: (m) => log.debug(m),
      info: (m) => log.info(m),
      warn: (m) => log.warn(m),
      error: (m) => log.error(m),
    },
  });
  await apollo.start();

  app.use(
    pinoHttp({
      logger: log,
      genReqId: generateRequestId,
      autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
      quietReqLogger: true,
      customErrorObject: refusalLogObject,
      // A client that went away mid-request is routine: debug, not a failure.
      customLogLevel: (req: http.IncomingMessage, res: http.ServerResponse) =>
        req.readableAborted || !res.writableEnded ? 'debug' : 'info',
      serializers: {
        // The path only: a query string may carry a token.
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(securityHeaders(config));
  // Cross-origin calls only from the configured portal origins; without any, browsers allow same-origin only.
  app.use(cors({ origin: config.corsOrigins, methods: ['GET', 'POST'], maxAge: 600 }));
  let draining = false;
  app.use(healthRouter(services.ds, () => draining));
  app.use(documentsRouter(services));
  app.use(
    '/graphql',
    express.json({ limit: config.bodyLimitBytes }),
    // Body parsing is done: from here on the whole request runs in its scope.
    (req: Request, _res: Response, next: NextFunction) =>
      runInRequestScope({ requestId: requestIdOf(req), sqlStatements: 0 }, next),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        try {
          const ctx = await createRequestContext(services.scope, req, requestIdOf(req));
          ctx.sessionCookie = sessionCookieOf(req.headers, res, config);
          return ctx;
        } catch (err) {
          tagWithRequestId(err, requestIdOf(req));
          throw err;
        }
      },
    }),
  );
  app.use(portalRouter(config.portalDir, log));
  app.use((_req, res) => {
    res.status(404).json({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
  });
  app.use(httpErrorHandler(services));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return {
    server,
    url: `http://${host}:${address.port}`,
    stop: () => {
      draining = true;
      return apollo.stop();
    },
  };
}

/** How each body-parser refusal (its `type`) is answered: status, code, message. */
const BODY_ERRORS: Record<string, [number, ErrorCode, string]> = {
  'entity.parse.failed': [400, 'BAD_REQUEST', 'Request body is not valid JSON'],
  'encoding.unsupported': [
    415,
    'BAD_REQUEST',
    'Unsupported Content-Encoding: send the body as it is, or gzip, deflate or br',
  ],
  'charset.unsupported': [415, 'BAD_REQUEST', 'Unsupported charset: send JSON in UTF-8'],
  'request.size.invalid': [400, 'BAD_REQUEST', 'Request body length does not match its Content-Length'],
  'entity.verify.failed': [400, 'BAD_REQUEST', 'Request body was refused'],
};

/**
 * Errors raised outside GraphQL execution (body too large, malformed or
 * undecodable bodies, bugs). Every refusal of the client's request is a 4xx
 * with a code; a client that went away is logged at debug level only.
 */
function httpErrorHandler(services: Services): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const type = (err as { type?: string }).type;
    const status = Number(
      (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode,
    );
    const refuse = (statusCode: number, code: ErrorCode, message: string) => {
      if (!res.headersSent) res.status(statusCode).json({ errors: [{ message, extensions: { code } }] });
    };
    if (type === 'request.aborted') {
      services.log.debug({ requestId: req.id, reason: (err as Error).message }, 'client aborted the request');
      if (!res.headersSent && !res.destroyed) res.status(400).end();
      return;
    }
    if (type === 'entity.too.large') {
      refuse(
        413,
        'PAYLOAD_TOO_LARGE',
        `Request body is larger than the limit of ${(err as { limit?: number }).limit ?? services.config.bodyLimitBytes} bytes`,
      );
      return;
    }
    const known = type ? BODY_ERRORS[type] : undefined;
    if (known) {
      refuse(...known);
      return;
    }
    if (status >= 400 && status < 500 && (err as { expose?: boolean }).expose) {
      // A body that does not decompress as its Content-Encoding says is a zlib error; other refusals say what they are.
      const zlib = /^Z_|^ERR__ERROR/.test(String((err as { code?: string }).code ?? ''));
      refuse(
        status,
        'BAD_REQUEST',
        zlib
          ? 'Request body could not be read: check that it matches its Content-Encoding'
          : String((err as Error).message),
      );
      return;
    }
    if (answerIfDatabaseUnavailable(services.ds, err, res)) return;
    services.log.error({ err, requestId: req.id }, 'unhandled http error');
    res.status(500).json({
      errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: req.id } }],
    });
  };
}
