import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, ForeignKey, Index, VersionColumn } from 'typeorm';
import { AccountIdColumn, IdColumn, RefColumn, StatusColumn, TimeColumn } from '../../common/columns';
import { BillingFrequency } from '../account';
import { Role } from '../../common/roles';

export enum RequestType {
  BILLING_FREQUENCY_CHANGE = 'BILLING_FREQUENCY_CHANGE',
  REACTIVATION = 'REACTIVATION',
  CANCELLATION = 'CANCELLATION',
  FORM_REQUEST = 'FORM_REQUEST',
  BILLING_CONTACT_CHANGE = 'BILLING_CONTACT_CHANGE',
  INVOICE_COPY = 'INVOICE_COPY',
  OTHER = 'OTHER',
}
registerEnumType(RequestType, { name: 'ServiceRequestType' });

export enum RequestStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  RESOLVED = 'RESOLVED',
  DECLINED = 'DECLINED',
}
registerEnumType(RequestStatus, { name: 'ServiceRequestStatus' });

export enum FormKind {
  W9 = 'W9',
  VENDOR_FORM = 'VENDOR_FORM',
  REGIONAL_FORM = 'REGIONAL_FORM',
}
registerEnumType(FormKind, { name: 'FormKind' });

/** What a request of a given type asks for, beside its subject and details. */
export interface RequestDetails {
  wantedFrequency?: BillingFrequency;
  reason?: string;
  wantedDate?: string;
  formKind?: FormKind;
  invoiceNumber?: string;
}

/** A request filed by a billing contact with Corporate Account Services. */
@ObjectType({ description: 'A request to Corporate Account Services' })
@Entity('service_request')
@Index('IDX_service_request_reference', ['reference'], { unique: true })
@Index('IDX_service_request_queue', ['status', 'type', 'createdAt'])
@Index('IDX_service_request_account', ['accountId', 'createdAt'])
export class ServiceRequest {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @AccountIdColumn()
  accountId!: string;

  @Field({ description: 'Reference to quote, e.g. CAS-48213907' })
  @Column({ type: 'varchar', length: 20 })
  reference!: string;

  @Field(() => RequestType)
  @Column({ type: 'varchar', length: 30 })
  type!: RequestType;

  @Field(() => RequestStatus)
  @StatusColumn()
  status: RequestStatus = RequestStatus.OPEN;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  subject!: string;

  @Field()
  @Column({ type: 'text' })
  details!: string;

  /** The type's own fields; exposed one by one. */
  @Column({ name: 'details_json', type: 'simple-json', nullable: true })
  typeDetails: RequestDetails | null = null;

  @RefColumn({ name: 'filed_by' })
  filedBy!: string;

  @RefColumn({ name: 'assigned_to', nullable: true })
  assignedTo: string | null = null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'resolution_note', type: 'text', nullable: true })
  resolutionNote: string | null = null;

  @Field()
  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();

  @Field()
  @TimeColumn({ name: 'updated_at' })
  updatedAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @TimeColumn({ name: 'closed_at', nullable: true })
  closedAt: Date | null = null;

  /** Grows by one with every change of the row (TypeORM's UPDATEs and saves bump it): events carry it. Not in the API. */
  @VersionColumn({ type: 'integer', default: 1 })
  version: number = 1;
}

/** One message in a request's thread, from the contact or from staff. */
@ObjectType({ description: 'A comment on a request' })
@Entity('service_request_comment')
@Index('IDX_service_request_comment', ['requestId', 'createdAt'])
export class ServiceRequestComment {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @ForeignKey(() => ServiceRequest, { onDelete: 'CASCADE' })
  @RefColumn({ name: 'request_id' })
  requestId!: string;

  @RefColumn({ name: 'author_id' })
  authorId!: string;

  @Field(() => Role)
  @Column({ name: 'author_role', type: 'varchar', length: 20 })
  authorRole!: Role;

  @Field()
  @Column({ type: 'text' })
  body!: string;

  @Field()
  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();
}
