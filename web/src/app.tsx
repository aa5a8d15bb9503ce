// The frame of every page: navigation, the sign-in box, and the page the URL names.
import { useEffect, useRef, useState } from "preact/hooks";
import { setToken, token } from "./client";
import { useRoute, type Route } from "./router";
import { ProductsPage } from "./pages/Products";
import { HealthScoresPage } from "./pages/HealthScores";
import { MilestonePage } from "./pages/Milestone";
import { SearchPage } from "./pages/Search";
import { AccountsPage } from "./pages/Accounts";
import { AccountPage } from "./pages/Account";

const TITLES: Record<Route["page"], string> = {
  products: "Products",
  "health-scores": "Health scores",
  milestone: "Milestone",
  search: "Search",
  accounts: "Accounts",
  account: "Account",
  "not-found": "Not found",
};

function SignIn(props: { signedIn: boolean; onChange: (key: string | null) => void }) {
  const [key, setKey] = useState("");
  if (props.signedIn) {
    return (
      <div class="signin">
        <span class="who">Signed in with an API key</span>
        <button type="button" onClick={() => props.onChange(null)}>
          Sign out
        </button>
      </div>
    );
  }
  return (
    <form
      class="signin"
      onSubmit={(event) => {
        event.preventDefault();
        if (key.trim()) props.onChange(key.trim());
      }}
    >
      <label for="api-key">API key</label>
      <input
        id="api-key"
        name="api-key"
        type="password"
        autocomplete="off"
        value={key}
        onInput={(event) => setKey(event.currentTarget.value)}
      />
      <button type="submit">Sign in</button>
    </form>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "products":
      return <ProductsPage id={route.id} after={route.after} />;
    case "health-scores":
      return <HealthScoresPage id={route.id} after={route.after} />;
    case "milestone":
      return <MilestonePage id={route.id} />;
    case "search":
      return <SearchPage q={route.q} after={route.after} />;
    case "accounts":
      return <AccountsPage product={route.product} status={route.status} play={route.play} after={route.after} />;
    case "account":
      return <AccountPage id={route.id} />;
    case "not-found":
      return (
        <p>
          No page at <code>{route.path}</code>. Try <a href="/products">Products</a>.
        </p>
      );
  }
}

export function App() {
  const route = useRoute();
  const [key, setKey] = useState(token());
  const current = route.page === "milestone" ? "products" : route.page === "account" ? "accounts" : route.page;
  const first = useRef(true);
  useEffect(() => {
    document.title = `${TITLES[route.page]} · upg`;
    // After a navigation (not on load) focus the new page, as a full page load would.
    if (!first.current) document.getElementById("main")?.focus({ preventScroll: true });
    first.current = false;
  }, [route]);
  const change = (value: string | null) => {
    setToken(value);
    setKey(value);
  };
  const nav: [string, string, Route["page"]][] = [
    ["/products", "Products", "products"],
    ["/health-scores", "Health scores", "health-scores"],
    ["/accounts", "Accounts", "accounts"],
    ["/search", "Search", "search"],
  ];
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="/products">
          upg
        </a>
        <nav aria-label="Pages">
          {nav.map(([path, text, page]) => (
            <a href={path} aria-current={current === page ? "page" : undefined}>
              {text}
            </a>
          ))}
        </nav>
        <SignIn signedIn={key !== null} onChange={change} />
      </header>
      <main id="main" tabIndex={-1}>
        <h1>{TITLES[route.page]}</h1>
        {/* Keyed by the key: signing in or out asks every query again with the new token. */}
        {/* Keyed by URL too: a new URL never shows the previous one's results while loading. */}
        <div key={`${key ?? "anonymous"} ${JSON.stringify(route)}`}>
          <Page route={route} />
        </div>
      </main>
    </>
  );
}
