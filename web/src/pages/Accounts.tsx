// Page 4, Accounts: the route-status table, filtered by product, status and play, a page at a
// time with cursors (the list may hold 100k accounts: never the whole list, and no totalCount,
// which would read every account). Filters and the cursor live in the URL, so Back returns.
import { useQuery } from "@urql/preact";
import { useState } from "preact/hooks";
import { AccountFiltersDocument, AccountsDocument, type Play, type RouteStatus } from "../generated/graphql";
import { Errors } from "../errors";
import { Loading } from "../components/common";
import { href, navigate } from "../router";
import { accountPath, day, StatusBadge, StepState } from "../components/Route";

export const ACCOUNTS_PER_PAGE = 25;
const STATUSES: RouteStatus[] = ["ON_TRACK", "BEHIND", "STUCK", "ARRIVED"];
const PLAYS: Play[] = ["CONVERSION", "EXPANSION", "ADVOCACY"];

interface Filters {
  product: string | null;
  status: string | null;
  play: string | null;
}

function FilterForm({ filters }: { filters: Filters }) {
  const [products] = useQuery({ query: AccountFiltersDocument });
  const [draft, setDraft] = useState(filters);
  const set = (name: keyof Filters) => (event: { currentTarget: HTMLSelectElement }) =>
    setDraft({ ...draft, [name]: event.currentTarget.value || null });
  return (
    <form
      class="filters"
      aria-label="Filter accounts"
      onSubmit={(event) => {
        event.preventDefault();
        navigate(href("/accounts", { ...draft }));
      }}
    >
      <label for="filter-product">Product</label>
      <select id="filter-product" value={draft.product ?? ""} onChange={set("product")}>
        <option value="">any</option>
        {products.data?.products.edges.map(({ node }) => (
          <option value={node.id} key={node.id}>
            {node.title}
          </option>
        ))}
      </select>
      <label for="filter-status">Status</label>
      <select id="filter-status" value={draft.status ?? ""} onChange={set("status")}>
        <option value="">any</option>
        {STATUSES.map((s) => (
          <option value={s} key={s}>
            {s.replace("_", " ").toLowerCase()}
          </option>
        ))}
      </select>
      <label for="filter-play">Play reached</label>
      <select id="filter-play" value={draft.play ?? ""} onChange={set("play")}>
        <option value="">any</option>
        {PLAYS.map((p) => (
          <option value={p} key={p}>
            {p.toLowerCase()}
          </option>
        ))}
      </select>
      <button type="submit">Filter</button>
      <Errors error={products.error} />
    </form>
  );
}

export function AccountsPage(props: Filters & { after: string | null }) {
  const { product, status, play, after } = props;
  const where = {
    ...(product ? { productId: product } : {}),
    ...(status ? { status: status as RouteStatus } : {}),
    ...(play ? { play: play as Play } : {}),
  };
  const [result] = useQuery({ query: AccountsDocument, variables: { where, first: ACCOUNTS_PER_PAGE, after } });
  const page = result.data?.accounts;
  const filters = { product, status, play };
  return (
    <>
      <p class="legend">
        Each account's most urgent route: <StatusBadge status="ON_TRACK" /> nothing overdue,{" "}
        <StatusBadge status="BEHIND" /> a milestone overdue, <StatusBadge status="STUCK" /> behind and idle,{" "}
        <StatusBadge status="ARRIVED" /> the outcome reached. Newest sign-ups first.
      </p>
      <FilterForm filters={filters} />
      <Errors error={result.error} />
      {result.fetching && !page ? <Loading what="accounts" /> : null}
      {page ? (
        page.edges.length === 0 ? (
          <p class="empty">No account matches these filters.</p>
        ) : (
          <table class="accounts">
            <caption class="sr-only">Accounts and their route status</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Signed up</th>
                <th scope="col">Products</th>
                <th scope="col">Status</th>
                <th scope="col">Destination</th>
                <th scope="col">Next step</th>
              </tr>
            </thead>
            <tbody>
              {page.edges.map(({ node: a }) => (
                <tr class="account" data-id={a.id} data-status={a.routeStatus ?? ""} key={a.id}>
                  <td>
                    <a href={accountPath(a.id)}>{a.title}</a>
                  </td>
                  <td>{day(a.signedUpAt)}</td>
                  <td>{a.products.map((p) => p.title).join(", ")}</td>
                  <td>{a.routeStatus ? <StatusBadge status={a.routeStatus} /> : <span class="muted">no route</span>}</td>
                  <td>{a.route?.outcome.title ?? ""}</td>
                  <td>
                    {a.route?.nextMilestone ? (
                      <>
                        {a.route.nextMilestone.milestone.title} <StepState state={a.route.nextMilestone.state} />{" "}
                        <span class="muted">due {day(a.route.nextMilestone.dueAt)}</span>
                      </>
                    ) : (
                      <span class="muted">none</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      {page ? (
        <nav class="pager" aria-label="accounts pages">
          <span class="count">
            {page.edges.length} accounts on this page{after ? "" : " (the first)"}
          </span>
          {after ? <a href={href("/accounts", { ...filters, after: null })}>First page</a> : null}
          {page.pageInfo.hasNextPage && page.pageInfo.endCursor ? (
            <a rel="next" href={href("/accounts", { ...filters, after: page.pageInfo.endCursor })}>
              Next page
            </a>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
