// Typed operations from the API's SDL: every .graphql file under src/ is validated against
// ../graphql/schema.graphql (an operation that no longer matches fails here), and
// src/generated/graphql.ts gets a TypedDocumentNode per operation (tsc then checks its uses).
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../graphql/schema.graphql",
  documents: "src/**/*.graphql",
  errorsOnly: false,
  silent: true,
  generates: {
    "src/generated/graphql.ts": {
      plugins: ["typescript", "typescript-operations", "typed-document-node"],
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
        skipTypename: false,
        scalars: { DateTime: "string", Date: "string", ID: "string" },
      },
    },
  },
};

export default config;
