import { buildSubgraphSchema } from '@apollo/subgraph';
import { mergeTypeDefs } from '@graphql-tools/merge';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { getResolversFromSchema, printSchemaWithDirectives } from '@graphql-tools/utils';
import {
  GraphQLObjectType,
  GraphQLScalarType,
  Kind,
  parse,
  visit,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import type { RequestContext } from '../context';
import type { ReferenceResolver } from '../common/references';

/** One module's part of the API (see schema.ts), with the reference resolvers of the entities it owns and extends. */
export interface ModuleSchema {
  name: string;
  schema: GraphQLSchema;
  /** Entities the module owns, by type name. */
  references: Record<string, ReferenceResolver>;
  /** Other modules' entities the module adds fields to, by type name. */
  extended: Record<string, ReferenceResolver>;
}

/** The Federation 2 version and directives our subgraphs use. */
export const FEDERATION_LINK = parse(
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])',
);
const FEDERATION_DIRECTIVES = new Set(['key', 'shareable', 'link']);

/**
 * The type definitions of several modules as one document: a type several
 * modules show (an entity and the references to it, a shared value type)
 * becomes one type with every module's fields. An entity keeps one `@key`: the
 * resolvable one when one of the modules owns or extends it.
 */
function mergedTypeDefs(parts: ModuleSchema[]): DocumentNode {
  const merged = mergeTypeDefs(
    parts.map((p) => parse(printSchemaWithDirectives(p.schema))),
    { throwOnConflict: true, sort: false },
  );
  const keyed = visit(merged, {
    ObjectTypeDefinition(node) {
      const keys = node.directives?.filter((d) => d.name.value === 'key') ?? [];
      if (keys.length < 2) return undefined;
      const keep = keys.find((k) => !isUnresolvable(k)) ?? keys[0];
      return { ...node, directives: node.directives!.filter((d) => d.name.value !== 'key' || d === keep) };
    },
  });
  return withRootTypes(keyed);
}

/**
 * Names the root types: without it, our `Subscription` object (an account's
 * subscription) would be taken for the root of GraphQL subscriptions, which
 * the API does not have.
 */
function withRootTypes(doc: DocumentNode): DocumentNode {
  const names = new Set(doc.definitions.flatMap((d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION ? [d.name.value] : [])));
  const roots = [
    ['query', 'Query'],
    ['mutation', 'Mutation'],
  ].filter(([, type]) => names.has(type));
  const schema = parse(`schema { ${roots.map(([op, type]) => `${op}: ${type}`).join(' ')} }`).definitions;
  return { ...doc, definitions: [...schema, ...doc.definitions.filter((d) => d.kind !== Kind.SCHEMA_DEFINITION)] };
}

function isUnresolvable(key: ConstDirectiveNode): boolean {
  return !!key.arguments?.some((a) => a.name.value === 'resolvable' && a.value.kind === Kind.BOOLEAN && !a.value.value);
}

/** Every module's resolvers as one map (a shared value type's fields resolve the same in every module). */
function mergedResolvers(parts: ModuleSchema[]): Record<string, Record<string, unknown>> {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const part of parts) {
    for (const [typeName, value] of Object.entries(getResolversFromSchema(part.schema))) {
      if (value instanceof GraphQLScalarType) merged[typeName] = value as never;
      else merged[typeName] = { ...merged[typeName], ...(value as Record<string, unknown>) };
    }
  }
  return merged;
}

/**
 * The field extensions type-graphql records (who may call an operation, a
 * field's query cost) live on the module schemas: carry them over to the
 * schema that serves, where the query-cost limit and the permission test read them.
 */
function copyFieldExtensions(parts: ModuleSchema[], target: GraphQLSchema): void {
  for (const part of parts) {
    for (const type of Object.values(part.schema.getTypeMap())) {
      if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
      const targetType = target.getType(type.name) as GraphQLObjectType | undefined;
      for (const field of Object.values(type.getFields())) {
        if (!Object.keys(field.extensions).length) continue;
        const targetField = targetType?.getFields()[field.name];
        if (targetField) Object.assign(targetField, { extensions: { ...targetField.extensions, ...field.extensions } });
      }
    }
  }
}

/** The schema of the single process: every module merged, without federation's directives and root fields. */
export function monolithSchema(parts: ModuleSchema[]): GraphQLSchema {
  const typeDefs = visit(mergedTypeDefs(parts), {
    Directive: (node) => (FEDERATION_DIRECTIVES.has(node.name.value) ? null : undefined),
  });
  const schema = makeExecutableSchema({ typeDefs, resolvers: mergedResolvers(parts) });
  copyFieldExtensions(parts, schema);
  return schema;
}

/**
 * A Federation 2 subgraph of one or more modules: their types with `@key`,
 * and `_entities` answering each entity they own or extend through the
 * module's reference resolver (the owner's when both are here).
 */
export function subgraphSchema(parts: ModuleSchema[]): GraphQLSchema {
  const resolvers = mergedResolvers(parts);
  const byType = new Map<string, ReferenceResolver>();
  for (const part of parts) for (const [t, r] of Object.entries(part.extended)) byType.set(t, r);
  for (const part of parts) for (const [t, r] of Object.entries(part.references)) byType.set(t, r);
  for (const [typeName, resolve] of byType) {
    resolvers[typeName] = {
      ...resolvers[typeName],
      __resolveReference: (reference: { id: string }, ctx: RequestContext) => resolve(ctx, reference.id),
    };
  }
  const typeDefs = mergedTypeDefs(parts);
  const schema = buildSubgraphSchema({
    typeDefs: { kind: Kind.DOCUMENT, definitions: [...FEDERATION_LINK.definitions, ...typeDefs.definitions] },
    resolvers: resolvers as never,
  });
  copyFieldExtensions(parts, schema);
  return schema;
}
