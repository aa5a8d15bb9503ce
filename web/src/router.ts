// A small router over the History API: every page is a real URL (deep links, reloads and the
// back button work); links are <a href> elements, so they are focusable and open in new tabs.
import { useEffect, useState } from "preact/hooks";

export type Route =
  | { page: "products"; id: string | null; after: string | null }
  | { page: "health-scores"; id: string | null; after: string | null }
  | { page: "milestone"; id: string }
  | { page: "search"; q: string; after: string | null }
  | { page: "accounts"; product: string | null; status: string | null; play: string | null; after: string | null }
  | { page: "account"; id: string }
  | { page: "not-found"; path: string };

// The first path segments the server answers with the app (src/upg/api/webapp.py: PAGES).
export const PAGES = ["products", "health-scores", "milestones", "search", "accounts"] as const;

export function parse(url: URL): Route {
  const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  const after = url.searchParams.get("after");
  const [first, second] = parts;
  if (parts.length === 0) return { page: "products", id: null, after };
  if (first === "products" && parts.length <= 2) return { page: "products", id: second ?? null, after };
  if (first === "health-scores" && parts.length <= 2)
    return { page: "health-scores", id: second ?? null, after };
  if (first === "milestones" && parts.length === 2 && second) return { page: "milestone", id: second };
  if (first === "search" && parts.length === 1)
    return { page: "search", q: url.searchParams.get("q") ?? "", after };
  if (first === "accounts" && parts.length === 1) {
    const get = (name: string) => url.searchParams.get(name) || null;
    return { page: "accounts", product: get("product"), status: get("status"), play: get("play"), after };
  }
  if (first === "accounts" && parts.length === 2 && second) return { page: "account", id: second };
  return { page: "not-found", path: url.pathname };
}

/** The URL of a page, with query parameters left out when null or empty. */
export function href(path: string, query: Record<string, string | null> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  dispatchEvent(new PopStateEvent("popstate"));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(new URL(location.href)));
  useEffect(() => {
    const update = () => setRoute(parse(new URL(location.href)));
    addEventListener("popstate", update);
    return () => removeEventListener("popstate", update);
  }, []);
  return route;
}

/** Follow same-origin link clicks without reloading (modified clicks open tabs as usual). */
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest("a");
    if (!link || link.target || link.hasAttribute("download")) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin) return;
    const segment = url.pathname.split("/")[1] ?? "";
    if (url.pathname !== "/" && !(PAGES as readonly string[]).includes(segment)) return;
    event.preventDefault();
    if (url.href !== location.href) navigate(url.pathname + url.search);
  });
}
