import { resolve } from 'node:path';
import ts from 'typescript';

/**
 * Type-checks TypeScript examples as files of a user's project would be:
 * placed in the checkout, importing 'mirrorsim', which resolves (by the
 * package's own name and `exports`) to the built declarations, dist/index.d.ts
 * (`npm test` builds first). Returns the errors, each naming its example.
 */
export function typeErrors(examples: readonly { readonly at: string; readonly text: string }[]): string[] {
  const config = ts.getParsedCommandLineOfConfigFile('tsconfig.json', {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error('tsconfig.json cannot be read');
  const options: ts.CompilerOptions = { ...config.options, noEmit: true };
  const files = new Map(examples.map((example, i) => [resolve(`docs-example-${i}.ts`), example]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) => {
    const example = files.get(resolve(name));
    return example ? ts.createSourceFile(name, example.text, language) : getSourceFile.call(host, name, language, ...rest);
  };
  host.fileExists = (name) => files.has(resolve(name)) || fileExists.call(host, name);
  host.readFile = (name) => files.get(resolve(name))?.text ?? readFile.call(host, name);
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const example = d.file ? files.get(resolve(d.file.fileName)) : undefined;
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    const where = example ? `${example.at} (line ${line} of the example)` : (d.file?.fileName ?? 'tsc');
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}
