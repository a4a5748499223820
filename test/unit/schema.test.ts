import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Services } from '../../src/modules/services';
import { createSchema, printSortedSchema } from '../../src/schema';

describe('schema.graphql', () => {
  it('is the schema the resolvers build (run `npm run schema:emit` after changing the API)', async () => {
    const built = printSortedSchema(await createSchema({} as Services));
    const committed = readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8');
    expect(committed).toBe(built);
  });
});
