// Writes schemas/<format>.schema.json from the zod schemas, through the built CLI's own
// `mirrorsim schema` (npm run schemas builds first). src/cli/schema-command.test.ts fails while
// a shipped schema differs from what this would write.
import { writeFileSync } from 'node:fs';
import { SCHEMA_FORMATS, schemaText } from '../dist/cli/schema-command.js';

for (const format of SCHEMA_FORMATS) {
  const file = new URL(`../schemas/${format}.schema.json`, import.meta.url);
  writeFileSync(file, schemaText(format));
  console.log(`wrote schemas/${format}.schema.json`);
}
