import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** The first page's JavaScript, gzipped, may not grow past this (issue 15): routes are split to keep it so. */
const FIRST_PAGE_BUDGET_BYTES = 200 * 1024;

/**
 * Fails the build when the JavaScript a browser must load before the first
 * page shows (the entry chunk and everything it imports statically) is over
 * the budget, and prints the figure otherwise.
 */
function firstPageBudget(): Plugin {
  return {
    name: 'corp-billing:first-page-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry);
      if (!entry || entry.type !== 'chunk') return this.error('no entry chunk');
      const seen = new Set<string>();
      const visit = (name: string) => {
        const chunk = bundle[name];
        if (seen.has(name) || !chunk || chunk.type !== 'chunk') return;
        seen.add(name);
        chunk.imports.forEach(visit);
      };
      visit(entry.fileName);
      let gzipped = 0;
      for (const name of seen) {
        const chunk = bundle[name];
        if (chunk.type === 'chunk') gzipped += gzipSync(chunk.code, { level: 9 }).length;
      }
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      const line = `first page JavaScript: ${kb(gzipped)} gzipped in ${seen.size} chunks (budget ${kb(FIRST_PAGE_BUDGET_BYTES)})`;
      if (gzipped > FIRST_PAGE_BUDGET_BYTES) this.error(`${line}: over budget; split the routes or drop a dependency`);
      console.log(line);
    },
  };
}

// `npm run portal:dev`: Vite's dev server with the API of a running service (PORTAL_API_URL) behind the same origin.
const api = process.env.PORTAL_API_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../dist/portal', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0,
    rollupOptions: {
      // React Router and react-intl mark themselves "use client" for server components; a browser bundle needs no such mark.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  plugins: [firstPageBudget()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      '/graphql': { target: api, changeOrigin: false },
      '^/(invoices|quotes|documents)/[^/]+\\.pdf': { target: api, changeOrigin: false },
    },
  },
});
