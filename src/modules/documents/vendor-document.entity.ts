import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../../common/columns';

export enum DocumentKind {
  W9 = 'W9',
  VENDOR_FORM = 'VENDOR_FORM',
  REGIONAL_FORM = 'REGIONAL_FORM',
  TAX_CERTIFICATE = 'TAX_CERTIFICATE',
  OTHER = 'OTHER',
}
registerEnumType(DocumentKind, { name: 'DocumentKind' });

/** A vendor document (PDF) billing contacts can download: tax and vendor forms. */
@ObjectType({ description: 'A vendor document (PDF) for billing contacts: tax and vendor forms' })
@Entity('vendor_document')
@Index('IDX_vendor_document_kind', ['kind'])
export class VendorDocument {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @Field()
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Field(() => DocumentKind)
  @Column({ type: 'varchar', length: 30 })
  kind!: DocumentKind;

  @Field(() => [String], { description: 'ISO 3166-1 alpha-2 countries it applies to; empty means all' })
  @Column({ type: 'simple-json' })
  countries: string[] = [];

  /** Where the storage keeps the bytes; never exposed. */
  @Column({ name: 'storage_key', type: 'varchar', length: 200 })
  storageKey!: string;

  @Field(() => Int)
  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  @Field({ description: 'SHA-256 of the file, hex' })
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @RefColumn({ name: 'uploaded_by' })
  uploadedBy!: string;

  @Field()
  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();
}
