// Every error the API returns, shown with its code, message and field (never swallowed).
import type { CombinedError } from "@urql/preact";

export interface ShownError {
  code: string;
  message: string;
  field: string | null;
}

export function shownErrors(error: CombinedError | undefined | null): ShownError[] {
  if (!error) return [];
  if (error.graphQLErrors.length > 0) {
    return error.graphQLErrors.map((e) => {
      const extensions = e.extensions as { code?: unknown; field?: unknown };
      return {
        code: typeof extensions.code === "string" ? extensions.code : "ERROR",
        message: e.message,
        field: typeof extensions.field === "string" ? extensions.field : null,
      };
    });
  }
  const message = error.networkError?.message ?? error.message;
  return [{ code: "NETWORK", message, field: null }];
}

const HINTS: Record<string, string> = {
  UNAUTHENTICATED: "Sign in with an API key (top right).",
  FORBIDDEN: "Your API key's role does not allow this: an editor's key can change the graph.",
};

export function Errors({ error }: { error: CombinedError | undefined | null }) {
  const shown = shownErrors(error);
  if (shown.length === 0) return null;
  return (
    <div class="errors" role="alert">
      {shown.map((e, i) => (
        <p key={i} class="error" data-code={e.code} data-field={e.field ?? ""}>
          <strong class="code">{e.code}</strong> {e.message}
          {e.field ? (
            <span class="field">
              {" "}
              (field <code>{e.field}</code>)
            </span>
          ) : null}
          {HINTS[e.code] ? <span class="hint"> {HINTS[e.code]}</span> : null}
        </p>
      ))}
    </div>
  );
}
