import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library: ESM + CJS + type declarations.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    // import.meta.url in the CJS build (used to find the native addon).
    shims: true,
  },
  {
    // The CLI: ESM with a shebang, split into chunks so each subcommand loads only
    // its own code (see the dynamic imports in src/cli/main.ts).
    entry: { main: 'src/cli/main.ts' },
    outDir: 'dist/cli',
    format: ['esm'],
    splitting: true,
    esbuildOptions(options) {
      options.chunkNames = 'chunks/[name]-[hash]';
    },
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The Itanium demangler as one CommonJS file, for the demangling worker thread
    // (src/symbols/demangle/batch.ts), which runs eval'd CommonJS source.
    entry: { 'demangle-itanium': 'src/symbols/demangle/itanium/index.ts' },
    format: ['cjs'],
    target: 'node20',
    platform: 'node',
  },
]);
