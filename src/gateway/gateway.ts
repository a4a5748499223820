import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { packageRoot } from '../common/package-root';
import { Readable } from 'node:stream';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import proxyaddr from 'proxy-addr';
import { ConfigError, type Config } from '../config';
import type { Logger } from '../common/logger';
import { placeholderUrl } from '../federation/compose';
import { queryCost, QueryTooCostlyError } from '../http/query-cost';
import { generateRequestId } from '../http/request-id';
import { REFRESH_TOKEN_COOKIE, SESSION_TRANSPORT_HEADER } from '../http/session-cookie';
import { modules } from '../modules';
import { ERROR_CODES } from '../modules/error-codes';

/** Where each module's subgraph answers, from GATEWAY_SUBGRAPHS; every module needs one. */
export function subgraphUrls(config: Config): Record<string, string> {
  const urls = config.federation.gatewaySubgraphs;
  const missing = modules.map((m) => m.name).filter((name) => !urls[name]);
  if (missing.length)
    throw new ConfigError(
      `Missing GATEWAY_SUBGRAPHS entries for ${missing.join(', ')}: give module=http://host:port/graphql for every module`,
    );
  return urls;
}

/** The committed supergraph with each subgraph's configured URL in place of its placeholder. */
export function supergraphWithUrls(urls: Record<string, string>): string {
  let sdl = readFileSync(path.join(packageRoot(), 'supergraph.graphql'), 'utf8');
  for (const [module, url] of Object.entries(urls)) sdl = sdl.replaceAll(placeholderUrl(module), url);
  return sdl;
}

/**
 * The single process's limits, enforced before the gateway plans anything:
 * depth, aliases, directives and tokens (graphql-armor, as in http/server.ts)
 * and the cost model of http/query-cost.ts over the same API schema.
 */
function queryLimits(config: Config, apiSchema: GraphQLSchema): GatewayPlugin[] {
  const limits = config.graphql;
  const common = { exposeLimits: true, propagateOnRejection: true };
  const armor = new EnvelopArmor({
    maxDepth: { ...common, n: limits.maxDepth },
    maxAliases: { ...common, n: limits.maxAliases },
    maxDirectives: { ...common, n: limits.maxDirectives },
    maxTokens: { ...common, n: limits.maxTokens },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: config.env === 'production' },
  }).protect();
  const cost: GatewayPlugin = {
    onExecute({ args }) {
      const { document, variableValues, operationName } = args as {
        document: DocumentNode;
        variableValues?: Record<string, unknown> | null;
        operationName?: string | null;
      };
      const measured = queryCost(apiSchema, document, {
        variables: variableValues ?? undefined,
        operationName: operationName ?? undefined,
      });
      if (measured > limits.maxCost)
        throw new QueryTooCostlyError(`The query costs ${measured}, above the limit of ${limits.maxCost}`, {
          cost: measured,
          maxCost: limits.maxCost,
        });
    },
  };
  return [...(armor.plugins as GatewayPlugin[]), cost];
}

/**
 * Every error leaves the gateway with a code and without a stack: a
 * subgraph's own errors pass as the subgraph formatted them; a subgraph that
 * does not answer is SUBGRAPH_UNAVAILABLE for the fields it owns; anything
 * else is INTERNAL_SERVER_ERROR, logged here.
 */
function maskError(log: Logger) {
  return (error: unknown): Error => {
    const err = error instanceof GraphQLError ? error : new GraphQLError(String(error));
    const code = err.extensions?.code as string | undefined;
    const original = err.originalError as (Error & { code?: string; cause?: { code?: string } }) | undefined;
    const unreachable =
      /fetch failed|ECONNREFUSED|ECONNRESET|socket hang up|ETIMEDOUT|upstream/i.test(err.message) ||
      ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'].includes(original?.cause?.code ?? original?.code ?? '') ||
      code === 'DOWNSTREAM_SERVICE_ERROR';
    if (unreachable)
      return new GraphQLError('This part of the service is not available right now; try again shortly', {
        path: err.path,
        extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
      });
    // Only our own codes pass, with what our errors carry; the gateway's own additions (the subgraph's
    // name, the upstream request with its signature, the raw response) are internal and never leave.
    if (code && code in ERROR_CODES) {
      const { serviceName: _s, request: _q, response: _r, http: _h, ...extensions } = err.extensions ?? {};
      if (code === 'INTERNAL_SERVER_ERROR')
        return new GraphQLError('Internal server error', { path: err.path, extensions });
      return new GraphQLError(err.message, { path: err.path, extensions });
    }
    if (code) {
      // An upstream failure Hive names itself (an answer that is not GraphQL, a timeout): the subgraph did not answer.
      log.warn({ code, message: err.message, path: err.path }, 'a subgraph did not answer properly');
      return new GraphQLError('This part of the service is not available right now; try again shortly', {
        path: err.path,
        extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
      });
    }
    // graphql-js's own refusals (variables that do not fit, an invalid document) carry no code: as Apollo codes them.
    if (!original || original instanceof GraphQLError)
      return new GraphQLError(err.message, {
        path: err.path,
        extensions: { code: /^Variable "\$/.test(err.message) ? 'BAD_USER_INPUT' : 'GRAPHQL_VALIDATION_FAILED' },
      });
    log.error({ err: original ?? err }, 'gateway error');
    return new GraphQLError('Internal server error', { path: err.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  };
}

/** The file routes, by the module whose subgraph serves them (same paths as the single process). */
const FILE_ROUTES: [RegExp, string][] = [
  [/^\/invoices\/[^/]+$/, 'invoices'],
  [/^\/quotes\/[^/]+$/, 'quotes'],
  [/^\/documents(\/[^/]+)?$/, 'documents'],
];

/**
 * The subgraph whose file route a request path is, or none. The path must be
 * plain: no dot segments, encoded dots or slashes, backslashes, so that
 * `/invoices/../graphql` can never reach another route of a subgraph.
 */
export function fileRouteOf(url: string): string | undefined {
  const [pathname] = url.split('?');
  if (/\.\.|%2e|%2f|%5c|\\/i.test(pathname)) return undefined;
  return FILE_ROUTES.find(([pattern]) => pattern.test(pathname))?.[1];
}

/** The base address (origin) of a subgraph's GraphQL URL: where its file routes and health checks are. */
const originOf = (graphqlUrl: string) => new URL(graphqlUrl).origin;

/** Headers a file route needs from the client, and the ones its answer carries back. */
const FILE_REQUEST_HEADERS = ['authorization', 'content-type', 'content-length', 'user-agent', 'x-request-id'];
const FILE_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'cache-control',
  'retry-after',
  'x-request-id',
];

/** Passes a file request (PDFs, document uploads) to the subgraph that owns it, streaming both ways. */
async function proxyFile(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  target: string,
  clientAddress: string,
): Promise<void> {
  const headers = new Headers({ 'x-forwarded-for': clientAddress });
  for (const name of FILE_REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers.set(name, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const upstream = await fetch(target + (req.url ?? '/'), {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
    redirect: 'manual',
    ...(hasBody ? { duplex: 'half' } : {}),
  });
  const out: Record<string, string> = {};
  for (const name of FILE_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) out[name] = value;
  }
  res.writeHead(upstream.status, out);
  if (upstream.body)
    await new Promise<void>((resolve, reject) => {
      Readable.fromWeb(upstream.body as never)
        .on('error', reject)
        .pipe(res)
        .on('finish', resolve)
        .on('error', reject);
    });
  else res.end();
}

/** TRUST_PROXY as Express reads it (a hop count, addresses and subnets, or none), for the client's address. */
function trustOf(setting: Config['trustProxy']): (address: string, hop: number) => boolean {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  if (typeof setting === 'string') return proxyaddr.compile(setting.split(',').map((v) => v.trim()));
  return () => setting;
}

export interface Gateway {
  url: string;
  stop(): Promise<void>;
}

/**
 * `npm run gateway`: the composed API at /graphql through Hive Gateway, from
 * supergraph.graphql with the subgraph URLs of GATEWAY_SUBGRAPHS; the file
 * routes passed to the subgraph that owns them; /health/live and
 * /health/ready (ready when every subgraph is).
 */
export async function startGateway(config: Config, log: Logger, apiSchema: GraphQLSchema): Promise<Gateway> {
  if (!config.federation.secret)
    throw new ConfigError('Missing FEDERATION_SECRET: the gateway signs its subgraph requests with it');
  const urls = subgraphUrls(config);
  const trust = trustOf(config.trustProxy);
  const runtime = createGatewayRuntime<{ clientAddress: string; requestId: string }>({
    supergraph: supergraphWithUrls(urls),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
    // As the single process: cross-origin calls only from CORS_ORIGINS; none by default (same origin only).
    cors: config.corsOrigins.length ? { origin: config.corsOrigins, methods: ['GET', 'POST'], maxAge: 600 } : false,
    // Hive's own log only when debugging: errors are logged by maskError, requests by the subgraphs.
    logging: config.logLevel === 'debug' || config.logLevel === 'trace' ? 'debug' : false,
    disableIntrospection: config.env === 'production' ? { disableIf: () => true } : undefined,
    maskedErrors: { maskError: maskError(log) },
    hmacSignature: { secret: config.federation.secret },
    requestId: { headerName: 'x-request-id', generateRequestId: ({ context }) => context.requestId ?? '' },
    propagateHeaders: {
      // The caller's token and address reach the subgraph, which authenticates and throttles as the single process does.
      fromClientToSubgraphs: ({ request, context }) => ({
        authorization: request.headers.get('authorization'),
        'user-agent': request.headers.get('user-agent'),
        'x-forwarded-for': context.clientAddress,
        'x-request-id': context.requestId,
        // The portal's refresh-token cookie, only when it asks for it (http/session-cookie.ts).
        ...(request.headers.get(SESSION_TRANSPORT_HEADER) === 'cookie' && {
          [SESSION_TRANSPORT_HEADER]: 'cookie',
          cookie: request.headers.get('cookie'),
        }),
      }),
      // A subgraph that set or removed that cookie (the identity one): the portal gets it as from the single process.
      fromSubgraphsToClient: ({ response }) => {
        const cookies = response.headers.getSetCookie().filter((c) => c.startsWith(`${REFRESH_TOKEN_COOKIE}=`));
        return cookies.length ? { 'set-cookie': cookies } : undefined;
      },
    },
    plugins: () => queryLimits(config, apiSchema),
  });

  // Each subgraph process by the modules it serves (not by its address: that stays internal).
  const processes = new Map<string, string[]>();
  for (const [module, url] of Object.entries(urls))
    processes.set(originOf(url), [...(processes.get(originOf(url)) ?? []), module]);
  let lastCheck: { at: number; result: Promise<Record<string, boolean>> } | undefined;
  /** Whether each subgraph process is ready; one check answers every probe for half a second. */
  const ready = (): Promise<Record<string, boolean>> => {
    if (lastCheck && Date.now() - lastCheck.at < 500) return lastCheck.result;
    const result = Promise.all(
      [...processes].map(async ([origin, served]) => {
        try {
          const response = await fetch(`${origin}/health/ready`, { signal: AbortSignal.timeout(750) });
          return [served.join(','), response.ok] as const;
        } catch {
          return [served.join(','), false] as const;
        }
      }),
    ).then((entries) => Object.fromEntries(entries));
    lastCheck = { at: Date.now(), result };
    return result;
  };

  let draining = false;
  const server = http.createServer((req, res) => {
    const clientAddress = proxyaddr(req, trust).replace(/^::ffff:/, '');
    const pathname = (req.url ?? '/').split('?')[0];
    const fail = (err: unknown) => {
      log.error({ err }, 'gateway request failed');
      if (!res.headersSent)
        res.writeHead(502, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            errors: [
              { message: 'This part of the service is not available', extensions: { code: 'SUBGRAPH_UNAVAILABLE' } },
            ],
          }),
        );
      else res.destroy();
    };
    if (pathname === '/health/live') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (pathname === '/health/ready') {
      ready().then((subgraphs) => {
        const up = !draining && Object.values(subgraphs).every(Boolean);
        res.writeHead(up ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: draining ? 'draining' : up ? 'ok' : 'unavailable', subgraphs }));
      }, fail);
      return;
    }
    const file = fileRouteOf(req.url ?? '/');
    if (file) {
      proxyFile(req, res, originOf(urls[file]), clientAddress).catch(fail);
      return;
    }
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > config.bodyLimitBytes) {
      res.writeHead(413, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          errors: [
            {
              message: `Request body is larger than the limit of ${config.bodyLimitBytes} bytes`,
              extensions: { code: 'PAYLOAD_TOO_LARGE' },
            },
          ],
        }),
      );
      return;
    }
    const requestId = generateRequestId(req, res);
    // handle() answers some requests synchronously (no promise): one catch for both kinds.
    Promise.resolve()
      .then(() => runtime.handle(req, res, { clientAddress, requestId }))
      .catch(fail);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    stop: () =>
      (stopping ??= (async () => {
        draining = true;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await runtime.dispose();
      })()),
  };
}
