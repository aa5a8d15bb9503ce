// Page 5, Search: titles of every node type, by words (a full-text index), a page at a time.
import { useState } from "preact/hooks";
import { useQuery } from "@urql/preact";
import { SearchDocument } from "../generated/graphql";
import { Errors } from "../errors";
import { Loading, Pager, TYPE_LABEL, nodePath } from "../components/common";
import { href, navigate } from "../router";

const RESULTS_PER_PAGE = 20;

export function SearchPage(props: { q: string; after: string | null }) {
  const [text, setText] = useState(props.q);
  const [result] = useQuery({
    query: SearchDocument,
    variables: { text: props.q, first: RESULTS_PER_PAGE, after: props.after },
    pause: props.q.trim() === "",
  });
  const found = result.data?.search;
  return (
    <>
      <form
        role="search"
        class="search"
        onSubmit={(event) => {
          event.preventDefault();
          navigate(href("/search", { q: text.trim() }));
        }}
      >
        <label for="search-text">Words of a title</label>
        <input id="search-text" type="search" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        <button type="submit">Search</button>
      </form>
      <Errors error={result.error} />
      {result.fetching && !found ? <Loading what="results" /> : null}
      {found ? (
        <>
          <ol class="results">
            {found.edges.map(({ node }) => (
              <li key={node.id} data-type={node.__typename}>
                <a href={nodePath(node.__typename, node.id)}>{node.title}</a>{" "}
                <span class="muted">
                  {TYPE_LABEL[node.__typename] ?? node.__typename} · {node.status.replace(/_/g, " ")}
                </span>
              </li>
            ))}
          </ol>
          {found.totalCount === 0 ? <p>Nothing has these words in its title.</p> : null}
          <Pager
            path="/search"
            query={{ q: props.q }}
            after={props.after}
            hasNext={found.pageInfo.hasNextPage}
            endCursor={found.pageInfo.endCursor}
            shown={found.edges.length}
            total={found.totalCount}
            noun="results"
          />
        </>
      ) : null}
    </>
  );
}
