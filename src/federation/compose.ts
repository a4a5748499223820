import { printSubgraphSchema } from '@apollo/subgraph';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { moduleSubgraphs } from '../schema';

/**
 * The placeholder address of a module's subgraph in supergraph.graphql: the
 * gateway replaces every one with the URL configured in GATEWAY_SUBGRAPHS.
 */
export function placeholderUrl(module: string): string {
  return `http://${module}.subgraph.invalid/graphql`;
}

/**
 * Composes every module's subgraph schema into the supergraph (build time,
 * `npm run schema:emit`), with The Guild's MIT-licensed composer. Throws with
 * every composition error when the modules do not compose.
 */
export async function composeSupergraph(): Promise<{ supergraphSdl: string; publicSdl: string }> {
  const subgraphs = await moduleSubgraphs();
  const result = composeServices(
    subgraphs.map((s) => ({
      name: s.name,
      url: placeholderUrl(s.name),
      typeDefs: parse(printSubgraphSchema(s.schema)),
    })),
  );
  if (result.errors) throw new Error(`The modules do not compose:\n${result.errors.map((e) => e.message).join('\n')}`);
  return { supergraphSdl: result.supergraphSdl + '\n', publicSdl: result.publicSdl };
}
