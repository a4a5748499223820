import { getMetadataStorage as validationMetadata } from 'class-validator';
import type { Services } from '../../src/modules/services';
import { createSchema } from '../../src/schema';

/**
 * With `forbidUnknownValues`, class-validator refuses any object whose class
 * declares no rule at all ("an unknown value was passed to the validate
 * function"): such an input type would reject every value, however valid.
 * Every input type therefore declares rules (at least `@IsOptional()` on an
 * optional field), and nested input objects are validated too.
 */
type Constructor = abstract new (...args: never[]) => unknown;

interface InputTypeMetadata {
  name: string;
  target: Constructor;
  fields?: Array<{ name: string; getType(): unknown }>;
}
/** type-graphql keeps the types it built in a global metadata storage (not a public export). */
const graphqlMetadata = () =>
  (globalThis as unknown as { TypeGraphQLMetadataStorage: { inputTypes: InputTypeMetadata[] } })
    .TypeGraphQLMetadataStorage;

describe('input types', () => {
  beforeAll(async () => {
    await createSchema({} as Services);
  });

  it('each declare validation rules, so a valid value is accepted', () => {
    const withoutRules = graphqlMetadata()
      .inputTypes.filter(
        (input) => validationMetadata().getTargetValidationMetadatas(input.target, '', true, false).length === 0,
      )
      .map((input) => input.name);
    expect(withoutRules).toEqual([]);
  });

  it('validate nested input objects', () => {
    const storage = graphqlMetadata();
    const inputNames = new Set(storage.inputTypes.map((i) => i.target));
    const unchecked: string[] = [];
    for (const input of storage.inputTypes) {
      const rules = validationMetadata().getTargetValidationMetadatas(input.target, '', true, false);
      for (const field of input.fields ?? []) {
        const type = field.getType();
        if (
          inputNames.has(type as Constructor) &&
          !rules.some((r) => r.propertyName === field.name && r.type === 'nestedValidation')
        )
          unchecked.push(`${input.name}.${field.name}`);
      }
    }
    expect(unchecked).toEqual([]);
  });
});
