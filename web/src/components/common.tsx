// Small shared pieces: node links, the pager, loading and empty states.
import type { ComponentChildren } from "preact";
import { href } from "../router";

export function nodePath(typename: string, id: string): string {
  switch (typename) {
    case "SuccessMilestone":
      return `/milestones/${encodeURIComponent(id)}`;
    case "CustomerHealthScore":
      return `/health-scores/${encodeURIComponent(id)}`;
    case "Product":
      return `/products/${encodeURIComponent(id)}`;
    default:
      return href("/search", { q: id });
  }
}

export const TYPE_LABEL: Record<string, string> = {
  Product: "product",
  Outcome: "outcome",
  CustomerHealthScore: "health score",
  SuccessMilestone: "milestone",
};

/** Cursor pagination: the next page's URL carries the cursor; Back returns to the one before. */
export function Pager(props: {
  path: string;
  query?: Record<string, string | null>;
  after: string | null;
  hasNext: boolean;
  endCursor: string | null | undefined;
  shown: number;
  total: number;
  noun: string;
}) {
  const { path, query = {}, after, hasNext, endCursor, shown, total, noun } = props;
  return (
    <nav class="pager" aria-label={`${noun} pages`}>
      <span class="count">
        {shown} of {total} {noun}
      </span>
      {after ? <a href={href(path, { ...query, after: null })}>First page</a> : null}
      {hasNext && endCursor ? (
        <a rel="next" href={href(path, { ...query, after: endCursor })}>
          Next page
        </a>
      ) : null}
    </nav>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" aria-busy="true">
      Loading {what}…
    </p>
  );
}

export function Section(props: { title: string; children: ComponentChildren; id?: string }) {
  return (
    <section class="panel" id={props.id} aria-labelledby={props.id ? `${props.id}-title` : undefined}>
      <h2 id={props.id ? `${props.id}-title` : undefined}>{props.title}</h2>
      {props.children}
    </section>
  );
}
