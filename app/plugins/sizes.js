// Vite plugin: prints the gzipped size of the JavaScript a first visit loads (the
// entry chunk and everything it imports statically) and of each chunk loaded later
// (dynamic imports, such as the network explorer's Cytoscape), and fails the build
// when the first exceeds the budget. It also writes dist/sizes.json.
import { gzipSync } from 'node:zlib';

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

export function bundleSizes({ initialBudgetBytes }) {
  return {
    name: 'convene-bundle-sizes',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((item) => item.type === 'chunk');
      const gzipped = new Map(
        chunks.map((chunk) => [chunk.fileName, gzipSync(chunk.code, { level: 9 }).length]),
      );
      const initial = new Set();
      const visit = (fileName) => {
        if (initial.has(fileName)) return;
        initial.add(fileName);
        bundle[fileName].imports.forEach(visit);
      };
      chunks.filter((chunk) => chunk.isEntry).forEach((chunk) => visit(chunk.fileName));
      const initialBytes = [...initial].reduce((sum, name) => sum + gzipped.get(name), 0);
      const lazy = chunks
        .filter((chunk) => !initial.has(chunk.fileName))
        .map((chunk) => ({ file: chunk.fileName, gzipBytes: gzipped.get(chunk.fileName) }));
      const report = {
        initialJsGzipBytes: initialBytes,
        initialBudgetBytes,
        initial: [...initial].map((file) => ({ file, gzipBytes: gzipped.get(file) })),
        lazy,
      };
      const lines = [
        `initial JavaScript: ${kb(initialBytes)} gzipped (budget ${kb(initialBudgetBytes)})`,
        ...lazy.map((chunk) => `  loaded later: ${chunk.file} ${kb(chunk.gzipBytes)} gzipped`),
      ];
      process.stderr.write(`app sizes: ${lines.join('\n')}\n`);
      this.emitFile({
        type: 'asset',
        fileName: 'sizes.json',
        source: `${JSON.stringify(report, null, 1)}\n`,
      });
      if (initialBytes > initialBudgetBytes) {
        this.error(`the initial JavaScript is ${kb(initialBytes)} gzipped, over the budget`);
      }
    },
  };
}
