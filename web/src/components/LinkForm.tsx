// Link a milestone to a node found by searching titles (an outcome it validates, a score that
// contains it, a product that celebrates it): results come a page at a time from `search`.
import { useState } from "preact/hooks";
import { useMutation, useQuery } from "@urql/preact";
import { LinkDocument, SearchDocument, type EdgeType } from "../generated/graphql";
import { Errors } from "../errors";

const KINDS: { type: EdgeType; target: string; text: string; outgoing: boolean }[] = [
  { type: "VALIDATES", target: "Outcome", text: "validates the outcome", outgoing: true },
  { type: "CONTAINS", target: "CustomerHealthScore", text: "is contained by the health score", outgoing: false },
  { type: "CELEBRATES_VIA", target: "Product", text: "is celebrated by the product", outgoing: false },
];

export function LinkForm(props: { milestoneId: string; onDone: () => void }) {
  const [kindIndex, setKindIndex] = useState(0);
  const [text, setText] = useState("");
  const [query, setQuery] = useState("");
  const [weight, setWeight] = useState("1");
  const kind = KINDS[kindIndex] ?? KINDS[0]!;
  const [found] = useQuery({
    query: SearchDocument,
    variables: { text: query, first: 20, after: null },
    pause: query.trim() === "",
  });
  const [linked, link] = useMutation(LinkDocument);
  const candidates = (found.data?.search.edges ?? []).map((e) => e.node).filter((n) => n.__typename === kind.target);
  const choose = async (id: string) => {
    const [fromId, toId] = kind.outgoing ? [props.milestoneId, id] : [id, props.milestoneId];
    const result = await link({
      fromId,
      toId,
      type: kind.type,
      weight: kind.type === "CONTAINS" ? Number(weight) : null,
    });
    if (!result.error) {
      setQuery("");
      setText("");
      props.onDone();
    }
  };
  return (
    <div class="link-form">
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery(text);
        }}
      >
        <label for="link-kind">This milestone</label>
        <select id="link-kind" value={kindIndex} onChange={(e) => setKindIndex(Number(e.currentTarget.value))}>
          {KINDS.map((k, i) => (
            <option value={i} key={k.type}>
              {k.text}
            </option>
          ))}
        </select>
        {kind.type === "CONTAINS" ? (
          <>
            <label for="link-weight">with weight</label>
            <input id="link-weight" class="short" value={weight} inputMode="decimal" onInput={(e) => setWeight(e.currentTarget.value)} />
          </>
        ) : null}
        <label for="link-search">titled</label>
        <input id="link-search" value={text} placeholder="words of its title" onInput={(e) => setText(e.currentTarget.value)} />
        <button type="submit">Find</button>
      </form>
      <Errors error={found.error} />
      {query && found.data ? (
        candidates.length === 0 ? (
          <p class="muted">No {kind.target === "CustomerHealthScore" ? "health score" : kind.target.toLowerCase()} among the matches.</p>
        ) : (
          <ul class="candidates">
            {candidates.map((c) => (
              <li key={c.id}>
                {c.title}{" "}
                <button type="button" disabled={linked.fetching} onClick={() => choose(c.id)}>
                  Link
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
      <Errors error={linked.error} />
    </div>
  );
}
