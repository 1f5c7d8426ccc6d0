import { readFileSync } from 'node:fs';
import { buildAppSchema, SCHEMA_FILE, schemaText } from '../../src/schema';
import { isObjectType, isInputObjectType, isEnumType } from 'graphql';

describe('schema.graphql', () => {
  it('matches the schema built from the code (run `npm run schema` after changing types)', async () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText(await buildAppSchema()));
  });

  it('describes every type, field, argument and enum value', async () => {
    const schema = await buildAppSchema();
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      // Root operation types cannot carry a description in type-graphql; their fields do.
      const isRoot = [schema.getQueryType(), schema.getMutationType()].includes(type as never);
      if (!type.description && !isRoot) undocumented.push(type.name);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) undocumented.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) undocumented.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) undocumented.push(`${type.name}.${value.name}`);
      }
    }
    expect(undocumented).toEqual([]);
  });
});
