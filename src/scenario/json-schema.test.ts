import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { editorJsonSchema, exportedAs } from './json-schema.js';

const title = { title: 't', description: 'd' };

describe('editorJsonSchema', () => {
  it('exports a schema registered with a stand-in as its stand-in, wherever it is used', () => {
    const percent = exportedAs(
      z.unknown().transform((value) => Number(String(value).replace('%', '')) / 100),
      z.string().regex(/^\d+%$/),
    );
    const schema = editorJsonSchema(z.strictObject({ share: percent, shares: z.array(percent).optional() }), title);
    const expected = { type: 'string', pattern: '^\\d+%$' };
    expect(schema).toMatchObject({ title: 't', properties: { share: expected, shares: { items: expected } }, additionalProperties: false, required: ['share'] });
  });

  it('refuses to export a transform of unknown input that has no stand-in (it would accept anything)', () => {
    const schema = z.strictObject({ nested: z.strictObject({ size: z.unknown().transform(Number) }) });
    expect(() => editorJsonSchema(schema, title)).toThrow('a transform of unknown input at properties.nested.properties.size has no stand-in');
  });

  it('describes the input a file holds: defaults shown, not required', () => {
    const schema = editorJsonSchema(z.strictObject({ seed: z.number().int().default(1) }), title);
    expect(schema).toMatchObject({ $schema: 'http://json-schema.org/draft-07/schema#', properties: { seed: { type: 'integer', default: 1 } } });
    expect(schema.required).toBeUndefined();
  });
});
