/**
 * Plan definitions are written in JSON or YAML; YAML is easier to type and review for people
 * who copy a Kế hoạch from paper. Either way the same schema validates the result.
 */
import { parse, YAMLParseError } from 'yaml';

export const yamlMediaTypes = ['application/yaml', 'application/x-yaml', 'text/yaml'];

export type ParsedDocument = { ok: true; value: unknown } | { ok: false; path: string; message: string };

export function parseYamlDocument(text: string): ParsedDocument {
  try {
    // Plain data only: no custom tags, no merge keys, so a document cannot build objects.
    return { ok: true, value: parse(text, { schema: 'core', merge: false, maxAliasCount: 100 }) };
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const [line, column] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [0, 0];
      return { ok: false, path: `(yaml line ${line}, column ${column})`, message: error.message.split('\n')[0]! };
    }
    throw error;
  }
}
