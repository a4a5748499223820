import type { Command } from 'commander';
import { MONEY } from '../fragments';
import { graphql } from '../graphql';
import { money } from '../output';
import { action } from './action';

const PRODUCTS = graphql(
  `
    query CliProducts($includeInactive: Boolean!) {
      products(includeInactive: $includeInactive) {
        id
        code
        name
        description
        active
        prices {
          ...CliMoney
        }
      }
    }
  `,
  [MONEY],
);

export function registerProducts(program: Command): void {
  program
    .command('products')
    .description("the catalogue (a quote's lines name these products)")
    .command('list')
    .description('the products with their yearly price per seat in each currency')
    .option('--include-inactive', 'also the products no longer sold')
    .action(
      action(async (run, options: { includeInactive?: boolean }) => {
        const { products } = await run.query(PRODUCTS, { includeInactive: Boolean(options.includeInactive) });
        run.out.rows(products, [
          { header: 'Id', value: (p) => p.id },
          { header: 'Code', value: (p) => p.code },
          { header: 'Name', value: (p) => p.name },
          { header: 'Prices', value: (p) => p.prices.map(money).join(', ') },
          { header: 'Active', value: (p) => (p.active ? 'yes' : 'no') },
        ]);
      }),
    );
}
