import * as z from 'zod';

/**
 * JSON Schemas of the file formats, for editors (VS Code's YAML extension
 * reads the `# yaml-language-server: $schema=…` line): generated from the
 * zod schemas by zod itself, so that they cannot drift from the loader.
 *
 * zod exports everything but a value read through a transform (a size with
 * a unit, a duration, a workload chosen by key): it sees only the transform's
 * input, `unknown`. Such a schema is registered here with a stand-in, a zod
 * schema that accepts the same input and can be exported. The loader stays
 * the authority: it also checks what a JSON Schema cannot say (names that
 * refer to each other, options that exclude each other).
 */

/** The JSON Schema draft editors and ajv read without options. */
const TARGET = 'draft-07';

/** A JSON Schema document or subschema. */
export type JsonSchema = Record<string, unknown>;

/** Schema → its stand-in. (A plain map: a zod registry maps its metadata's types, which for a schema costs the type checker minutes.) */
const standIns = new WeakMap<z.core.$ZodType, z.core.$ZodType>();

/** Registers what `schema` is exported as; returns `schema`. */
export function exportedAs<S extends z.core.$ZodType>(schema: S, standIn: z.core.$ZodType): S {
  standIns.set(schema, standIn);
  return schema;
}

export interface EditorSchemaTitle {
  title: string;
  description: string;
}

/** The JSON Schema of what a file may hold: the input side of `schema`, defaults shown. */
export function editorJsonSchema(schema: z.ZodType, { title, description }: EditorSchemaTitle): JsonSchema {
  const { $schema, ...body } = exportInput(schema);
  return { $schema, title, description, ...body };
}

function exportInput(schema: z.core.$ZodType): JsonSchema {
  return z.toJSONSchema(schema, { target: TARGET, io: 'input', override: replaceByStandIn }) as JsonSchema;
}

function replaceByStandIn({ zodSchema, jsonSchema, path }: { zodSchema: z.core.$ZodType; jsonSchema: JsonSchema; path: (string | number)[] }): void {
  const standIn = standIns.get(zodSchema);
  if (standIn === undefined) {
    if (readsAnything(zodSchema)) throw new Error(`a transform of unknown input at ${path.join('.') || 'the root'} has no stand-in: give it one with exportedAs()`);
    return;
  }
  const { $schema: _, ...exported } = exportInput(standIn);
  for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
  Object.assign(jsonSchema, exported);
}

/** A transform of `unknown`: it would be exported as `{}`, which accepts anything and tells an editor nothing. */
function readsAnything(schema: z.core.$ZodType): boolean {
  const def = schema._zod.def;
  return def.type === 'pipe' && (def as z.core.$ZodPipeDef).in._zod.def.type === 'unknown';
}
