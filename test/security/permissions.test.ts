import type { GraphQLObjectType } from 'graphql';
import type { Services } from '../../src/modules/services';
import { createSchema } from '../../src/schema';
import { PERMISSIONS } from './permissions';

/** Every root operation's declared audience, read from the built schema (`@Access` writes it into the field's extensions). */
async function declared(): Promise<Record<'Query' | 'Mutation', Record<string, string[] | null>>> {
  const schema = await createSchema({} as Services);
  const read = (type: GraphQLObjectType) =>
    Object.fromEntries(
      Object.entries(type.getFields()).map(([name, field]) => [
        name,
        (field.extensions as { access?: string[] }).access ?? null,
      ]),
    );
  return { Query: read(schema.getQueryType()!), Mutation: read(schema.getMutationType()!) };
}

describe('the permission table', () => {
  it('covers every root operation, and every operation declares who may call it', async () => {
    const schema = await declared();
    for (const root of ['Query', 'Mutation'] as const) {
      const undeclared = Object.entries(schema[root])
        .filter(([, access]) => access === null)
        .map(([name]) => name);
      expect({ root, undeclared }).toEqual({ root, undeclared: [] });
      // An operation missing from the table, or a line for one that no longer exists, fails here.
      expect(Object.keys(schema[root]).sort()).toEqual(Object.keys(PERMISSIONS[root]).sort());
    }
  });

  it('matches the reviewed rule of each operation', async () => {
    const schema = await declared();
    for (const root of ['Query', 'Mutation'] as const)
      for (const [name, expected] of Object.entries(PERMISSIONS[root]))
        expect({ operation: `${root}.${name}`, access: [...(schema[root][name] ?? [])].sort() }).toEqual({
          operation: `${root}.${name}`,
          access: [...expected].sort(),
        });
  });
});
