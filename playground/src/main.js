// Convene's playground: GraphiQL with the demo network's example queries, bundled
// with React and the editor workers so that nothing is fetched from another origin.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';

import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

import EXAMPLES from './examples.json';
import { createFetcher } from './fetcher.js';

const container = document.getElementById('playground');
const endpoint = new URL(container.dataset.endpoint, window.location.href).toString();

createRoot(container).render(
  createElement(GraphiQL, {
    fetcher: createFetcher(endpoint),
    defaultTabs: EXAMPLES,
    defaultEditorToolsVisibility: true,
  }),
);
