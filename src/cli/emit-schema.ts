import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Services } from '../modules/services';
import { createSchema, printSortedSchema } from '../schema';

/** `npm run schema:emit` writes schema.graphql in the current folder (no database needed). */
async function emit(): Promise<void> {
  const schema = await createSchema({} as Services);
  writeFileSync(path.resolve('schema.graphql'), printSortedSchema(schema));
  console.log('Wrote schema.graphql');
}

emit().catch((err) => {
  console.error(`corp-billing: ${(err as Error).message}`);
  process.exit(1);
});
