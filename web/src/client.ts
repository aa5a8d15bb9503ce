// The one GraphQL client: urql over fetch, to /graphql on this origin, with the signed-in API
// key (kept in sessionStorage: gone when the tab closes) sent as a bearer token.
import { Client, fetchExchange } from "@urql/preact";

const TOKEN_KEY = "upg.token";

export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value: string | null): void {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

// No normalised or document cache: every page asks the server again, so what an editor
// changes shows everywhere at once (the API answers a page in milliseconds).
export function newClient(): Client {
  return new Client({
    url: "/graphql",
    exchanges: [fetchExchange],
    requestPolicy: "network-only",
    preferGetMethod: false,
    fetchOptions: () => {
      const key = token();
      return {
        headers: {
          Accept: "application/json",
          ...(key ? { Authorization: `Bearer ${key}` } : {}),
        },
      };
    },
  });
}
