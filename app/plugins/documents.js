// Vite plugin: GraphQL documents as modules, checked against the API's schema.
//
// `import PersonPage from './documents/PersonPage.graphql'` gives
// {name, text, hash}: the operation's name, the document's exact text and the
// SHA-256 (hex) of that text. A document file holds one operation; the fragments it
// spreads are taken from the shared fragments file and appended to its text (those
// it needs, by name), so the text sent is complete on its own. Every document is parsed and validated against
// ../schema.graphql (the committed schema); a document that does not fit fails the
// build, naming the file and the problem. The build also writes
// dist/persisted-queries.json, {hash: text} for every document the app uses, the
// manifest a server can load to accept only these documents.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate, visit, Kind } from 'graphql';

export const MANIFEST = 'persisted-queries.json';

export function sha256(text) {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function spreadNames(node, names = new Set()) {
  visit(node, {
    FragmentSpread(spread) {
      names.add(spread.name.value);
    },
  });
  return names;
}

/** Each fragment of the file by name: its source text and the fragments it spreads. */
function readFragments(path) {
  const source = readFileSync(path, 'utf8');
  const fragments = new Map();
  for (const definition of parse(source).definitions) {
    fragments.set(definition.name.value, {
      text: source.slice(definition.loc.start, definition.loc.end),
      spreads: spreadNames(definition),
    });
  }
  return fragments;
}

/** The operation's text followed by every fragment it needs, in name order. */
function withFragments(text, fragments) {
  const needed = new Set();
  const pending = [...spreadNames(parse(text))];
  while (pending.length) {
    const name = pending.pop();
    if (needed.has(name) || !fragments.has(name)) continue;
    needed.add(name);
    pending.push(...fragments.get(name).spreads);
  }
  const parts = [...needed].sort().map((name) => fragments.get(name).text);
  return [text.trimEnd(), ...parts].join('\n\n') + '\n';
}

export function graphqlDocuments({ schemaPath, fragmentsPath }) {
  let schema = null;
  let fragments = null;
  const manifest = new Map();
  return {
    name: 'convene-graphql-documents',
    buildStart() {
      this.addWatchFile(schemaPath);
      this.addWatchFile(fragmentsPath);
      schema = buildSchema(readFileSync(schemaPath, 'utf8'));
      fragments = readFragments(fragmentsPath);
      manifest.clear();
    },
    transform(source, id) {
      if (!id.endsWith('.graphql')) return null;
      let document;
      let text;
      try {
        text = withFragments(source, fragments);
        document = parse(text);
      } catch (error) {
        this.error(`${id}: ${error.message}`);
      }
      const problems = validate(schema, document);
      if (problems.length > 0) {
        const lines = problems.map((problem) => {
          const where = problem.locations?.[0];
          return `  ${id}:${where ? `${where.line}:${where.column}` : ''} ${problem.message}`;
        });
        this.error(`documents do not match schema.graphql:\n${lines.join('\n')}`);
      }
      const operations = document.definitions.filter(
        (definition) => definition.kind === Kind.OPERATION_DEFINITION,
      );
      if (operations.length !== 1 || !operations[0].name) {
        this.error(`${id}: a document holds exactly one named operation`);
      }
      const hash = sha256(text);
      manifest.set(hash, text);
      const module = { name: operations[0].name.value, text, hash };
      return { code: `export default ${JSON.stringify(module)};`, map: null };
    },
    generateBundle() {
      const entries = [...manifest.entries()].sort(([a], [b]) => a.localeCompare(b));
      this.emitFile({
        type: 'asset',
        fileName: MANIFEST,
        source: `${JSON.stringify(Object.fromEntries(entries), null, 1)}\n`,
      });
    },
  };
}
