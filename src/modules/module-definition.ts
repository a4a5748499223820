import type { ReferenceResolver } from '../common/references';
import type { Services } from './services';

/** What every module's index.ts exports as `<name>Module`: how the composition root and the schema use it. */
export interface ModuleDefinition {
  /** The folder name under src/modules (what `SUBGRAPH=` names). */
  name: string;
  /** The TypeORM entities (tables) the module owns. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: Function[];
  /** GraphQL types the module's resolvers do not reach but its subgraph must have. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  /** The entities it owns (`@key`), each with the reference resolver `_entities` and other modules use. */
  references?: (services: Services) => Record<string, ReferenceResolver>;
  /** Other modules' entities it adds fields to, each answering whether the caller may see the entity. */
  extendedReferences?: (services: Services) => Record<string, ReferenceResolver>;
}
