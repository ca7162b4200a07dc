// Image build of one service (run from services/<name>): our workspace packages
// export TypeScript sources, so they are bundled into dist/main.js; every
// third-party package stays external so OpenTelemetry can still patch pg,
// express, amqplib and http at load time. The Dockerfile installs those with
// `pnpm deploy --prod` and a hoisted node_modules.
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
  clean: true,
  splitting: false,
  sourcemap: true,
  noExternal: [/^@pgfleet\//],
  external: [/^(?!@pgfleet\/)[^./]/],
});
