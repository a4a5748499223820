import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Access } from '../../common/permissions';
import { Role } from '../../common/roles';
import { DocumentService } from './document.service';
import { VendorDocument } from './vendor-document.entity';

@Resolver(() => VendorDocument)
export class DocumentResolver {
  constructor(private readonly documentService: DocumentService) {}

  @Access('AUTHENTICATED')
  @Query(() => [VendorDocument], {
    description: "Tax and vendor forms: a billing contact's for their country, all for staff",
  })
  documents(@Ctx() ctx: RequestContext): Promise<VendorDocument[]> {
    return this.documentService.list(ctx);
  }

  @Access(Role.ACCOUNT_SERVICES)
  @Mutation(() => Boolean, { description: 'Remove a document from the document centre' })
  deleteDocument(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return this.documentService.delete(ctx, id);
  }

  @FieldResolver(() => String, { description: 'GET this path with the Authorization header to download the PDF' })
  downloadPath(@Root() doc: VendorDocument): string {
    return `/documents/${doc.id}.pdf`;
  }
}
