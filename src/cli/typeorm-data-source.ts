import 'reflect-metadata';
import { loadConfig } from '../config';
import { createDataSource } from '../data-source';

/** For the TypeORM CLI: `npx typeorm -d dist/src/cli/typeorm-data-source.js migration:show`. */
export default createDataSource(loadConfig().database);
