import { initGraphQLTada } from 'gql.tada';
import type { introspection } from '../graphql-env';

/**
 * `graphql(...)` documents for the operations the tests share: their results
 * and variables are typed from schema.graphql (through test/graphql-env.d.ts,
 * which `npx gql.tada generate output` writes). Scalars are typed as the JSON
 * carries them.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  // Tests read whole results: a fragment's fields are plain fields of the result.
  disableMasking: true;
  scalars: {
    DateTime: string;
    LocalDate: string;
    Currency: string;
    SafeInt: number;
  };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
