import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { defaultParamsSerializer } from '@graphql-mesh/hmac-upstream-signature';
import { Kind, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { AppError } from '../common/errors';

/** Where the gateway puts its signature in a subgraph request (Hive Gateway's `hmacSignature`). */
export const SIGNATURE_EXTENSION = 'hmac-signature';

/** The root fields only the gateway may ask a subgraph for: they answer for any entity, or show the subgraph's SDL. */
const GATEWAY_FIELDS = new Set(['_entities', '_service']);

/**
 * The gateway's signature of a subgraph request: HMAC-SHA256 with the shared
 * secret over the query and variables, serialised as Hive Gateway's
 * hmac-upstream-signature does (stable JSON of `{ query, variables }`).
 */
export function gatewaySignature(secret: string, query: string, variables?: Record<string, unknown> | null): string {
  const payload = defaultParamsSerializer({ query, variables: variables ?? undefined } as never);
  return createHmac('sha256', secret)
    .update(payload ?? '')
    .digest('base64');
}

function signedByGateway(
  secret: string,
  query: string | undefined,
  variables: Record<string, unknown> | undefined,
  signature: unknown,
) {
  if (typeof signature !== 'string' || query === undefined) return false;
  const expected = Buffer.from(gatewaySignature(secret, query, variables));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Whether an operation asks for one of the gateway-only root fields, through fragments too. */
function asksForGatewayFields(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): boolean {
  return selectionSet.selections.some((selection) => {
    if (selection.kind === Kind.FIELD) return GATEWAY_FIELDS.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return asksForGatewayFields(selection.selectionSet, fragments, seen);
    const name = selection.name.value;
    if (seen.has(name) || !fragments[name]) return false;
    seen.add(name);
    return asksForGatewayFields(fragments[name].selectionSet, fragments, seen);
  });
}

/**
 * A subgraph is not a back door: `_entities` (any entity by id) and
 * `_service` (the subgraph's SDL) are answered only to requests the gateway
 * signed with FEDERATION_SECRET. Every other operation goes through the same
 * authentication, limits and permissions as in the single process.
 */
export function gatewaySignaturePlugin(secret: string): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          const fragments = Object.fromEntries(
            document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])),
          ) as Record<string, FragmentDefinitionNode>;
          if (!operation || !asksForGatewayFields(operation.selectionSet, fragments)) return;
          if (signedByGateway(secret, request.query, request.variables, request.extensions?.[SIGNATURE_EXTENSION]))
            return;
          throw new AppError(
            'GATEWAY_SIGNATURE_REQUIRED',
            'Only the gateway may ask a subgraph for _entities or _service',
          );
        },
      };
    },
  };
}
