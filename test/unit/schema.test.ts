import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Services } from '../../src/modules/services';
import { buildSchema } from 'graphql';
import { composeSupergraph } from '../../src/federation/compose';
import { createSchema, printSortedSchema } from '../../src/schema';
import { run, stop } from '../helpers/process';

const ROOT = path.join(__dirname, '../..');

describe('schema.graphql', () => {
  it('is the schema the resolvers build (run `npm run schema:emit` after changing the API)', async () => {
    const built = printSortedSchema(await createSchema({} as Services));
    const committed = readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8');
    expect(committed).toBe(built);
  });

  it("has no subscription root: the type of an account's subscription is not taken for one", () => {
    const committed = buildSchema(readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'));
    expect(committed.getSubscriptionType()).toBeUndefined();
    expect(committed.getType('AccountSubscription')).toBeDefined();
  });

  it('is what test/graphql-env.d.ts types the test operations with (run `npx gql.tada generate output`)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'graphql-env-'));
    const fresh = path.join(dir, 'graphql-env.d.ts');
    const cli = run({}, path.join(path.dirname(require.resolve('gql.tada/package.json')), 'bin/cli.js'), [
      'generate',
      'output',
      '--tsconfig',
      path.join(ROOT, 'tsconfig.json'),
      '--output',
      fresh,
    ]);
    try {
      expect([await cli.exited, cli.stderr()]).toEqual([0, '']);
      expect(readFileSync(path.join(ROOT, 'test/graphql-env.d.ts'), 'utf8')).toBe(readFileSync(fresh, 'utf8'));
    } finally {
      await stop(cli);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('supergraph.graphql', () => {
  it("is every module's subgraph composed (run `npm run schema:emit` after changing the API)", async () => {
    const committed = readFileSync(path.join(ROOT, 'supergraph.graphql'), 'utf8');
    expect(committed).toBe((await composeSupergraph()).supergraphSdl);
  });

  it('exposes exactly the API of the single process (schema.graphql): both topologies serve one API', async () => {
    const { publicSdl } = await composeSupergraph();
    const api = printSortedSchema(buildSchema(publicSdl));
    expect(api).toBe(readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'));
  });
});
