import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { RequestContext } from '../context';

/** What a module passes around for an entity another module owns: its type and id, nothing else. */
export interface EntityReference {
  id: string;
}

/**
 * Answers a reference to an entity a module owns or extends, with the same
 * tenant scoping and permissions as the module's queries: a reference the
 * caller may not see resolves to null, exactly as an id that does not exist.
 */
export type ReferenceResolver = (ctx: RequestContext, id: string) => Promise<object | null>;

/** The GraphQL type of a reference: the owning module's entity, seen from another module as its key alone. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type ReferenceType = Function & { prototype: EntityReference; typeName: string };

/** A Federation 2 entity type of this name with only its key, `id`; the module's resolvers add any other field. */
function keyOnlyType(typeName: string, resolvable: boolean, role: string): ReferenceType {
  @Directive(resolvable ? '@key(fields: "id")' : '@key(fields: "id", resolvable: false)')
  @ObjectType(typeName)
  class KeyOnly implements EntityReference {
    static readonly typeName = typeName;

    @Field(() => ID)
    id!: string;
  }
  Object.defineProperty(KeyOnly, 'name', { value: `${typeName}${role}` });
  return KeyOnly;
}

/**
 * A reference stub for an entity another module owns: the type name and
 * `id`, marked `resolvable: false`, so the module that uses it can return
 * `{ id }` and the owner's subgraph answers every other field. The owning
 * module exports one from its index for the modules that point at it.
 */
export function referenceType(typeName: string): ReferenceType {
  return keyOnlyType(typeName, false, 'Reference');
}

/** An entity of another module that this module adds fields to: resolvable by id, with the fields the module's resolvers add. */
export function extendedType(typeName: string): ReferenceType {
  return keyOnlyType(typeName, true, 'Extension');
}

/**
 * What a field that points at another module's entity answers: that entity
 * when its module runs in this process (through the owner's reference
 * resolver), or `{ id }` for the gateway to complete. Null for no id.
 */
export function reference(
  ctx: RequestContext,
  type: ReferenceType,
  id: string | null | undefined,
): Promise<EntityReference | null> {
  return id ? (ctx.resolveReference(type.typeName, id) as Promise<EntityReference | null>) : Promise.resolve(null);
}

/** A reference resolver's answer for a lookup that throws NOT_FOUND: null instead, as `_entities` expects. */
export async function orNull<T>(lookup: Promise<T>): Promise<T | null> {
  try {
    return await lookup;
  } catch (err) {
    if ((err as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND') return null;
    throw err;
  }
}
