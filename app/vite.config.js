import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { graphqlDocuments } from './plugins/documents.js';
import { bundleSizes } from './plugins/sizes.js';

// Convene serves the built files itself, under /app/ (see web/app.py).
export default defineConfig({
  base: '/app/',
  logLevel: 'warn',
  plugins: [
    graphqlDocuments({
      schemaPath: fileURLToPath(new URL('../schema.graphql', import.meta.url)),
      fragmentsPath: fileURLToPath(new URL('./src/fragments.graphql', import.meta.url)),
    }),
    bundleSizes({ initialBudgetBytes: 250 * 1024 }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // Cytoscape is one chunk, loaded only by the network explorer.
    chunkSizeWarningLimit: 1200,
  },
});
