import { OperationTypeNode, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema, UseMiddleware, type ContainerType, type MiddlewareFn } from 'type-graphql';
import type { RequestContext } from './context';
import { AppError } from './common/errors';
import { applyTextPolicy } from './common/text-policy';
import { authChecker } from './common/permissions';
import { modules as allModules, type ModuleDefinition } from './modules';
import type { Services } from './modules/services';
import { monolithSchema, subgraphSchema, type ModuleSchema } from './federation/merge';

/**
 * Resolvers ask for services in their constructors; this container answers
 * with the process's single instance of each (see modules/services.ts).
 */
class ServiceContainer implements ContainerType {
  private readonly instances = new Map<unknown, unknown>();

  constructor(private readonly services: Services) {}

  get(someClass: new (...args: unknown[]) => unknown): unknown {
    let instance = this.instances.get(someClass);
    if (!instance) {
      const params = (Reflect.getMetadata('design:paramtypes', someClass) as unknown[] | undefined) ?? [];
      const args = params.map((type) => {
        const service = Object.values<unknown>(this.services as unknown as Record<string, unknown>).find(
          (s) => s instanceof (type as new () => unknown),
        );
        if (!service) throw new Error(`No service of type ${(type as { name?: string }).name} for ${someClass.name}`);
        return service;
      });
      instance = new someClass(...args);
      this.instances.set(someClass, instance);
    }
    return instance;
  }
}

/**
 * One module's part of the API, built by type-graphql from that module's
 * resolvers alone: the types it owns, the references and extensions of other
 * modules' types it uses, and the shared value types (Money, PageInfo).
 */
async function buildModuleSchema(
  module: ModuleDefinition,
  services: Services,
  container: ContainerType,
): Promise<ModuleSchema> {
  module.resolvers.forEach(withBoundary);
  const schema = await buildSchema({
    resolvers: module.resolvers as [ModuleDefinition['resolvers'][number]],
    orphanedTypes: module.orphanedTypes,
    container,
    authChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: true },
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    skipCheck: true,
  });
  return {
    name: module.name,
    schema,
    references: module.references?.(services) ?? {},
    extended: module.extendedReferences?.(services) ?? {},
  };
}

function buildModuleSchemas(services: Services, modules: ModuleDefinition[]): Promise<ModuleSchema[]> {
  const container = new ServiceContainer(services);
  return Promise.all(modules.map((m) => buildModuleSchema(m, services, container)));
}

/** The executable schema of the single process: every module's part merged, as the supergraph's API schema. */
export async function createSchema(services: Services): Promise<GraphQLSchema> {
  return monolithSchema(await buildModuleSchemas(services, allModules));
}

/** The Federation 2 subgraph of these modules (`SUBGRAPH=invoices,payments`): their types, `_entities` and `_service`. */
export async function createSubgraphSchema(services: Services, names: readonly string[]): Promise<GraphQLSchema> {
  return subgraphSchema(await buildModuleSchemas(services, modulesNamed(names)));
}

/** Each module's subgraph SDL on its own, as composition takes them (no services needed). */
export async function moduleSubgraphs(): Promise<{ name: string; schema: GraphQLSchema }[]> {
  const parts = await buildModuleSchemas({} as Services, allModules);
  return parts.map((part) => ({ name: part.name, schema: subgraphSchema([part]) }));
}

/** The modules of a SUBGRAPH list, by their folder names; an unknown name is a configuration error. */
export function modulesNamed(names: readonly string[]): ModuleDefinition[] {
  const unknown = names.filter((n) => !allModules.some((m) => m.name === n));
  if (unknown.length || names.length === 0)
    throw new Error(
      `SUBGRAPH must name modules among ${allModules.map((m) => m.name).join(', ')}` +
        (unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''),
    );
  return allModules.filter((m) => names.includes(m.name));
}

/**
 * Runs before every resolver (after the permission check): queries, mutations
 * and field resolvers, which are the methods of resolver classes. Plain
 * fields (an entity's column, a Money's amount) get no middleware, so
 * graphql-js reads them synchronously: a global middleware would make each of
 * the hundreds of fields of a list's response a promise of its own.
 * - the execution time budget: once a query is past its deadline, no further
 *   resolver starts (QUERY_TIMEOUT), so a slow or huge query stops doing work;
 * - the text policy (common/text-policy.ts) on the arguments the client gave,
 *   before type-graphql converts and validates them.
 */
const boundaryMiddleware: MiddlewareFn<RequestContext> = ({ context, info, args }, next) => {
  // Queries only: a mutation that has done its work must still answer with its result.
  if (
    info.operation.operation === OperationTypeNode.QUERY &&
    context.deadline !== undefined &&
    Date.now() > context.deadline
  )
    throw new AppError('QUERY_TIMEOUT', 'The request took too long and was stopped; ask for less at a time');
  if (info.fieldNodes[0]?.arguments?.length) applyTextPolicy(args, info.parentType.getFields()[info.fieldName].args);
  return next();
};

/** Resolver classes that have the boundary middleware (the schema is built more than once in a process). */
const bounded = new WeakSet<object>();

function withBoundary(resolverClass: ModuleDefinition['resolvers'][number]): void {
  if (bounded.has(resolverClass)) return;
  bounded.add(resolverClass);
  UseMiddleware(boundaryMiddleware)(resolverClass);
}

/** The SDL committed as schema.graphql: sorted, so diffs show real changes only. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
