import { defineConfig } from "vite";

// Preact's JSX through esbuild (no plugin needed). In development (`npm run dev`) the API is
// proxied, so the app talks to /graphql on its own origin as it does when upg serves it.
export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    sourcemap: false,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { "/graphql": process.env.UPG_API_URL ?? "http://127.0.0.1:8000" },
  },
});
