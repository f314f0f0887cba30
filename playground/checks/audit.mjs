// Runs the graphql-http conformance audit (GraphQL over HTTP) against a live server
// and prints one JSON line: [{id, name, status, reason}], status ok|notice|warn|error.
//
//   node checks/audit.mjs http://127.0.0.1:8000/graphql
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node checks/audit.mjs <graphql endpoint URL>');
  process.exit(2);
}

const results = await auditServer({ url });
const report = results.map((result) => ({
  id: result.id,
  name: result.name,
  status: result.status,
  reason: result.status === 'ok' ? null : result.reason,
}));
process.stdout.write(`${JSON.stringify(report)}\n`);
