import { randomUUID } from 'node:crypto';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../../common/columns';
import { bigintMinorUnits } from '../../common/money';

/** A product of the catalogue, sold per seat per year. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A product of the catalogue, priced per seat per year' })
@Entity('product')
@Index('IDX_product_code', ['code'], { unique: true })
export class Product {
  @Field(() => ID)
  @IdColumn()
  id: string = randomUUID();

  @Field({ description: 'Stable product code, e.g. ANALYTICS-PRO' })
  @Column({ type: 'varchar', length: 40 })
  code!: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null = null;

  @Field({ description: 'Inactive products cannot be added to subscriptions' })
  @Column({ type: 'boolean' })
  active: boolean = true;

  @TimeColumn({ name: 'created_at' })
  createdAt: Date = new Date();

  @TimeColumn({ name: 'updated_at' })
  updatedAt: Date = new Date();
}

/** The unit price of a product per seat per year in one currency. */
@Entity('product_price')
@Index('IDX_product_price_currency', ['productId', 'currency'], { unique: true })
export class ProductPrice {
  @IdColumn()
  id: string = randomUUID();

  @ForeignKey(() => Product, { onDelete: 'CASCADE' })
  @RefColumn({ name: 'product_id' })
  productId!: string;

  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  @Column({ name: 'unit_price_minor', type: 'bigint', transformer: bigintMinorUnits })
  unitPriceMinor!: number;
}
