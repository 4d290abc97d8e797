import { editorJsonSchema, type JsonSchema } from '../scenario/json-schema.js';
import { scenarioSchema } from '../scenario/schema.js';
import { experimentSchema } from '../sweep/experiment-schema.js';
import { EXIT } from './exit-codes.js';

/** The file formats with a JSON Schema, by the name `mirrorsim schema` takes (and schemas/NAME.schema.json bears). */
export const SCHEMA_FORMATS = ['scenario', 'experiment'] as const;
export type SchemaFormat = (typeof SCHEMA_FORMATS)[number];

const GENERATED = 'Generated from the zod schema by `npm run schemas` (it is `mirrorsim schema FORMAT`); `mirrorsim validate` checks more: names and references, options that exclude each other.';

/** The JSON Schema of a format, as shipped in schemas/ and printed by `mirrorsim schema`. */
export function schemaOf(format: SchemaFormat): JsonSchema {
  switch (format) {
    case 'scenario':
      return editorJsonSchema(scenarioSchema, { title: 'mirrorsim scenario', description: `A mirrorsim scenario (docs/scenarios.md). ${GENERATED}` });
    case 'experiment':
      return editorJsonSchema(experimentSchema, { title: 'mirrorsim experiment', description: `A mirrorsim experiment: a base scenario, a grid, seeds, metrics and charts (docs/sweeps.md, "The experiment file"). ${GENERATED}` });
    default:
      return format satisfies never;
  }
}

/** The text of schemas/FORMAT.schema.json. */
export function schemaText(format: SchemaFormat): string {
  return `${JSON.stringify(schemaOf(format), null, 2)}\n`;
}

/** `mirrorsim schema FORMAT`: prints the format's JSON Schema. */
export function schemaCommand(format: SchemaFormat): number {
  process.stdout.write(schemaText(format));
  return EXIT.ok;
}
