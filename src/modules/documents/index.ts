import type { ModuleDefinition } from '../module-definition';
import { DocumentResolver } from './document.resolver';
import { VendorDocument } from './vendor-document.entity';

export { DocumentService } from './document.service';

export { LocalDiskStorage } from './document-storage';
export const documentsModule: ModuleDefinition = {
  name: 'documents',
  entities: [VendorDocument],
  resolvers: [DocumentResolver],
};
