import { defineConfig } from 'vite';

// Convene serves the built files itself, under /playground/ (see web/playground.py).
export default defineConfig({
  base: '/playground/',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // GraphiQL's editor (Monaco) is one large chunk by design; it is served locally.
    chunkSizeWarningLimit: 6000,
    rollupOptions: {
      onwarn(warning, warn) {
        // React libraries mark modules "use client"; that means nothing in a bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  worker: { format: 'es' },
});
