import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimeColumn } from '../../common/columns';

/** A corporate (offline) account managed by a sales representative. The Account module extends it. */
@ObjectType({ description: 'A corporate account managed by a sales representative' })
@Entity('corporate_account')
@Index('IDX_corporate_account_number', ['accountNumber'], { unique: true })
export class CorporateAccount {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @Field({ description: 'The vendor-assigned account number, e.g. CA-10000001' })
  @Column({ name: 'account_number', type: 'varchar', length: 32 })
  accountNumber!: string;

  @Field()
  @Column({ name: 'organisation_name', type: 'varchar', length: 200 })
  organisationName!: string;

  @Field()
  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();

  @TimeColumn({ name: 'updated_at' })
  updatedAt: Date = new Date();
}
