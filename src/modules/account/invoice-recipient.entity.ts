import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { AccountIdColumn, IdColumn, TimeColumn } from '../../common/columns';

/** An extra address that receives invoices by e-mail, beside the billing contact. */
@ObjectType({ description: 'An extra e-mail address that receives invoices' })
@Entity('invoice_recipient')
@Index('IDX_invoice_recipient_email', ['accountId', 'emailKey'], { unique: true })
export class InvoiceRecipient {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @AccountIdColumn()
  accountId!: string;

  @Field()
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  /** Lower-cased e-mail: no duplicates case-insensitively. */
  @Column({ name: 'email_key', type: 'varchar', length: 254 })
  emailKey!: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null = null;

  @Field()
  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();
}
