// The app's one way to the API: GraphQL over HTTP with Apollo's automatic persisted
// queries. A request names its document by the SHA-256 of its text
// ({"extensions": {"persistedQuery": {"version": 1, "sha256Hash": H}}}); when the
// server answers that it does not know the hash (PersistedQueryNotFound), the
// request is sent again with the text, which the server then keeps. A server that
// does not take persisted queries at all (it answers that the request has no query)
// gets the text from then on.
import { token } from './session.js';

const ENDPOINT = document.getElementById('app')?.dataset.endpoint ?? '/graphql';

let serverTakesHashes = true;

/** An error the API answered with; `messages` lists every error of the answer. */
export class ApiError extends Error {
  constructor(messages, status) {
    super(messages.join('; '));
    this.name = 'ApiError';
    this.messages = messages;
    this.status = status;
  }
}

function asksForText(errors) {
  return (errors ?? []).some((error) => {
    const code = error.extensions?.code ?? '';
    const message = error.message ?? '';
    return (
      code === 'PERSISTED_QUERY_NOT_FOUND' ||
      message === 'PersistedQueryNotFound' ||
      code === 'PersistedQueryNotFound' ||
      /no 'query'|no query/i.test(message)
    );
  });
}

async function post(body) {
  const headers = {
    accept: 'application/graphql-response+json, application/json;q=0.9',
    'content-type': 'application/json',
  };
  const secret = token();
  if (secret) headers.authorization = `Bearer ${secret}`;
  const response = await fetch(ENDPOINT, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.text();
  try {
    return { status: response.status, payload: JSON.parse(text) };
  } catch {
    throw new ApiError([`HTTP ${response.status}: ${text.slice(0, 200)}`], response.status);
  }
}

/**
 * Run a document (as imported from a .graphql file) with variables; resolves to the
 * answer's `data`, rejects with an ApiError when the answer has errors.
 */
export async function request(document, variables = {}) {
  const base = { operationName: document.name, variables };
  const persisted = { persistedQuery: { version: 1, sha256Hash: document.hash } };
  let answer;
  if (serverTakesHashes) {
    answer = await post({ ...base, extensions: persisted });
    if (asksForText(answer.payload.errors)) {
      const unknownHash = !/no 'query'|no query/i.test(answer.payload.errors[0]?.message ?? '');
      serverTakesHashes = unknownHash;
      answer = await post({ ...base, query: document.text, extensions: persisted });
    }
  } else {
    answer = await post({ ...base, query: document.text });
  }
  const { payload, status } = answer;
  if (payload.errors?.length) {
    throw new ApiError(
      payload.errors.map((error) => error.message),
      status,
    );
  }
  return payload.data;
}
