import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeSupergraph } from '../federation/compose';
import type { Services } from '../modules/services';
import { createSchema, printSortedSchema } from '../schema';

/**
 * `npm run schema:emit` writes schema.graphql (the API of the single process)
 * and supergraph.graphql (every module's subgraph, composed for the gateway)
 * in the current folder; no database needed.
 */
async function emit(): Promise<void> {
  writeFileSync(path.resolve('schema.graphql'), printSortedSchema(await createSchema({} as Services)));
  writeFileSync(path.resolve('supergraph.graphql'), (await composeSupergraph()).supergraphSdl);
  console.log('Wrote schema.graphql and supergraph.graphql');
}

emit().catch((err) => {
  console.error(`corp-billing: ${(err as Error).message}`);
  process.exit(1);
});
