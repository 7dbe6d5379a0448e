/**
 * Plan definitions are written in JSON or YAML; YAML is easier to type and review for people
 * who copy a Kế hoạch from paper. Either way the same schema validates the result, and its
 * text is cleaned as a JSON body's is (cleanDocument).
 */
import { parse, YAMLParseError } from 'yaml';
import { cleanDocument, type CleanDocument } from './fields';

export const yamlMediaTypes = ['application/yaml', 'application/x-yaml', 'text/yaml'];

export function parseYamlDocument(text: string): CleanDocument {
  let value: unknown;
  try {
    // Plain data only: no custom tags, no merge keys, so a document cannot build objects.
    value = parse(text, { schema: 'core', merge: false, maxAliasCount: 100 });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const [line, column] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [0, 0];
      return { ok: false, path: `(yaml line ${line}, column ${column})`, message: error.message.split('\n')[0]! };
    }
    // Too many aliases, an alias to no anchor, nesting deeper than the stack: faults of the document.
    if (error instanceof ReferenceError || error instanceof RangeError) return { ok: false, path: '(yaml)', message: error.message.split('\n')[0]! };
    throw error;
  }
  return cleanDocument(value);
}
