import { lexicographicSortSchema, OperationTypeNode, printSchema, type GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema, type ContainerType, type MiddlewareFn } from 'type-graphql';
import type { RequestContext } from './context';
import { AppError } from './common/errors';
import { applyTextPolicy } from './common/text-policy';
import { authChecker } from './common/permissions';
import { resolvers } from './modules';
import type { Services } from './modules/services';

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

/** The executable schema, built from every module's resolvers. */
export async function createSchema(services: Services): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    container: new ServiceContainer(services),
    authChecker,
    authMode: 'error',
    globalMiddlewares: [boundaryMiddleware],
    validate: { forbidUnknownValues: true },
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
  });
}

/**
 * Runs before every resolver (after the permission check):
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

/** The SDL committed as schema.graphql: sorted, so diffs show real changes only. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
