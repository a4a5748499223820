import { DocumentResolver } from './document.resolver';
import { VendorDocument } from './vendor-document.entity';

export { DocumentService } from './document.service';

export const documentsModule = {
  name: 'documents',
  entities: [VendorDocument],
  resolvers: [DocumentResolver],
};
