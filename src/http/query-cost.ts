import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  getVariableValues,
  isListType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { AppError } from '../common/errors';

/**
 * The cost model of a GraphQL document: an upper bound of the number of
 * fields its answer can hold, computed before anything runs.
 *
 * - Every selected field counts 1, plus what is selected inside it.
 * - A page (a connection with `first`) counts its `edges` `first` times;
 *   `totalCount` and `pageInfo` once. A `first` above the page cap counts at
 *   the cap, because the list refuses it (BAD_USER_INPUT) without loading it.
 * - A list without `first` counts its selection as many times as the list
 *   can hold items (LIST_SIZES: the limit its service enforces, or an
 *   assumed size where nothing enforces one).
 * - Lists of scalars count 1; introspection (off in production) counts 0.
 *
 * A field may override its cost with type-graphql's `@Field({ complexity })`
 * (graphql-query-complexity's field extensions estimator reads it first).
 */

/** `first` of every connection: 1 to 100 (PageArgs in common/pagination.ts). */
export const MAX_PAGE_SIZE = 100;

/**
 * The most items each list without `first` can hold, by `Type.field`. A test
 * (test/security/page-limits.test.ts) fails when a list of the schema is
 * missing here or a limit below changes.
 */
export const LIST_SIZES: Readonly<Record<string, number>> = {
  // Enforced when the items are written.
  'CorporateAccount.invoiceRecipients': 10, // MAX_INVOICE_RECIPIENTS (RECIPIENT_LIMIT)
  'Query.paymentMethods': 10, // MAX_PAYMENT_METHODS (PAYMENT_METHOD_LIMIT)
  'Query.accountUsers': 100, // MAX_ACCOUNT_USERS (ACCOUNT_USER_LIMIT)
  'Invoice.lines': 200, // IssueInvoiceInput.lines @ArrayMaxSize(200)
  'Quote.lines': 50, // QuoteDraftInput.lines @ArrayMaxSize(50)
  'AccountSubscription.items': 100, // CreateSubscriptionInput.items @ArrayMaxSize(100)
  'Product.prices': 50, // CreateProductInput.prices / UpdateProductInput.prices @ArrayMaxSize(50)
  'Quote.effect': 150, // one per product of the subscription (100) or of the quote (50)
  'AccountActivity.changes': 101, // SUBSCRIPTION_CREATED: the term and one per item
  // Nothing enforces a maximum: counted as one page.
  'Invoice.payments': MAX_PAGE_SIZE,
  'CorporateAccount.purchaseOrders': MAX_PAGE_SIZE,
  'ServiceRequest.comments': MAX_PAGE_SIZE,
  'Query.documents': MAX_PAGE_SIZE,
  'Query.products': MAX_PAGE_SIZE,
  'Query.webhookEndpoints': MAX_PAGE_SIZE,
};

/** A list missing from LIST_SIZES counts as one page. */
const UNDECLARED_LIST_SIZE = MAX_PAGE_SIZE;

const isList = (field: GraphQLField<unknown, unknown>) => isListType(getNullableType(field.type));
const isConnection = (field: GraphQLField<unknown, unknown>) =>
  field.args.some((a) => a.name === 'first') && getNamedType(field.type).name.endsWith('Connection');
const pageSize = (first: unknown) =>
  typeof first === 'number' ? Math.min(Math.max(first, 0), MAX_PAGE_SIZE) : MAX_PAGE_SIZE;

/** The `edges` fields selected in a connection's selection set, through fragments. */
function edgesFields(
  selectionSet: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): FieldNode[] {
  if (!selectionSet) return [];
  return selectionSet.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return s.name.value === 'edges' ? [s] : [];
    if (s.kind === Kind.INLINE_FRAGMENT) return edgesFields(s.selectionSet, fragments, seen);
    const name = s.name.value;
    if (seen.has(name)) return [];
    seen.add(name);
    return edgesFields(fragments.get(name)?.selectionSet, fragments, seen);
  });
}

/** The estimator of this model, for one document (it remembers what each `edges` selection costs). */
function costEstimator(document: DocumentNode): ComplexityEstimator {
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  /** The cost of one item's `edges` selection (a cursor and a node), by field node; children are estimated before parents. */
  const edgeCosts = new Map<FieldNode, number>();
  return ({ type, field, node, args, childComplexity }) => {
    if (type.name.startsWith('__') || field.name === '__schema' || field.name === '__type') return 0;
    // A subgraph's `_entities` (asked by the gateway) holds one item per representation it is given.
    if (type.name === 'Query' && field.name === '_entities')
      return 1 + (Array.isArray(args.representations) ? args.representations.length : 1) * childComplexity;
    if (field.name === 'edges' && type.name.endsWith('Connection')) {
      const cost = 1 + childComplexity;
      edgeCosts.set(node, cost);
      return cost;
    }
    if (isConnection(field)) {
      const edges = edgesFields(node.selectionSet, fragments).reduce((sum, n) => sum + (edgeCosts.get(n) ?? 0), 0);
      // childComplexity holds each edges selection once: add the other first - 1 items.
      return 1 + childComplexity + (pageSize(args.first) - 1) * edges;
    }
    if (isList(field)) return 1 + (LIST_SIZES[`${type.name}.${field.name}`] ?? UNDECLARED_LIST_SIZE) * childComplexity;
    return 1 + childComplexity;
  };
}

/** The cost of the operation a request runs (see the model above). Throws GraphQLError for documents it cannot measure. */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  options: { variables?: Record<string, unknown>; operationName?: string } = {},
): number {
  return getComplexity({
    schema,
    query: document,
    variables: options.variables,
    operationName: options.operationName,
    estimators: [fieldExtensionsEstimator(), costEstimator(document)],
  });
}

/** Refusal of a document over the cost limit: HTTP 400, QUERY_TOO_COSTLY. */
export class QueryTooCostlyError extends AppError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super('QUERY_TOO_COSTLY', message, extensions);
  }
}

/**
 * Refuses an operation whose cost is over `maxCost` once the operation and
 * its variables are known, before execution starts (nothing runs for it).
 * Variables that do not fit the operation are left to execution, which
 * refuses them before any resolver runs.
 */
export function queryCostPlugin<TContext extends BaseContext>(maxCost: number): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, response }) {
          if (!operation) return; // Apollo refuses a document whose operation it cannot pick
          const variables = request.variables ?? {};
          if (getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors) return;
          let cost: number;
          try {
            cost = queryCost(schema, document, { variables, operationName: operation.name?.value });
          } catch (err) {
            response.http.status = 400;
            const message = err instanceof Error ? err.message : String(err);
            if (/maximum allowed number of nodes/.test(message))
              throw new QueryTooCostlyError(
                'Query Cost limit exceeded: the document selects too many fields once its fragments are expanded',
                { maxCost },
              );
            throw new AppError('BAD_USER_INPUT', message);
          }
          if (cost > maxCost) {
            response.http.status = 400;
            throw new QueryTooCostlyError(
              `Query Cost limit of ${maxCost} exceeded: this query costs ${cost}. Each field counts 1, and a list counts what is selected in it ` +
                "once per item it can hold (first, or the list's maximum); ask for fewer items or fields",
              { cost, maxCost },
            );
          }
        },
      };
    },
  };
}
