// Page 1, Products: each product's milestones, health scores and outcomes as a picture (vanity in
// red, untracked and orphan marked, evidence verdicts on the VALIDATES edges), with counts.
import { useMemo, useState } from "preact/hooks";
import { useQuery } from "@urql/preact";
import {
  ProductOneDocument,
  ProductPictureDocument,
  ProductsDocument,
  type ProductPictureQuery,
} from "../generated/graphql";
import { Errors } from "../errors";
import { Loading, Pager, nodePath } from "../components/common";
import { CreateForm } from "../components/Create";
import { Picture, loadCytoscape, type MilestoneClass, type PictureMilestone } from "../components/Picture";

const PRODUCTS_PER_PAGE = 5;
const MILESTONES_PER_PICTURE = 25;

type Entry = ProductPictureQuery["milestoneAudit"]["edges"][number]["node"];

function toPicture(entry: Entry): PictureMilestone {
  const m = entry.milestone;
  const verdicts = new Map(m.evidence.map((e) => [e.outcome.id, e.verdict]));
  return {
    id: m.id,
    title: m.title,
    classification: entry.classification as MilestoneClass,
    scores: m.healthScores.edges.map((e) => ({ id: e.node.id, title: e.node.title, weight: e.weight })),
    outcomes: m.outcomes.edges.map((e) => ({
      id: e.node.id,
      title: e.node.title,
      verdict: verdicts.get(e.node.id) ?? null,
    })),
  };
}

function ProductCard(props: { id: string; title: string; description: string | null; milestones: number }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const [result] = useQuery({
    query: ProductPictureDocument,
    variables: { productId: props.id, first: MILESTONES_PER_PICTURE, after },
  });
  const data = result.data;
  const entries = useMemo(() => data?.milestoneAudit.edges.map((e) => e.node) ?? [], [data]);
  const picture = useMemo(() => entries.map(toPicture), [entries]);
  const count = (c: MilestoneClass) => entries.filter((e) => e.classification === c).length;
  const paged = (data?.milestoneAudit.totalCount ?? 0) > entries.length;
  return (
    <article class="product" data-title={props.title} aria-labelledby={`p-${props.id}`}>
      <h2 id={`p-${props.id}`}>
        <a href={nodePath("Product", props.id)}>{props.title}</a>
      </h2>
      {props.description ? <p class="muted">{props.description}</p> : null}
      <Errors error={result.error} />
      {data ? (
        <>
          <ul class="counts">
            <li>
              <strong>{props.milestones}</strong> milestones
            </li>
            <li class="vanity">
              <strong data-count="vanity">{data.vanityMilestones.totalCount}</strong> vanity
            </li>
            <li class="validated">
              <strong>{count("VALIDATED")}</strong> validated{paged ? " (this page)" : ""}
            </li>
            <li class="untracked">
              <strong>{count("UNTRACKED")}</strong> untracked{paged ? " (this page)" : ""}
            </li>
            <li class="orphan">
              <strong>{count("ORPHAN")}</strong> orphan{paged ? " (this page)" : ""}
            </li>
          </ul>
          <Picture productId={props.id} productTitle={props.title} milestones={picture} />
          <table class="milestones">
            <caption class="sr-only">Milestones of {props.title}</caption>
            <thead>
              <tr>
                <th scope="col">Milestone</th>
                <th scope="col">Class</th>
                <th scope="col">Health scores (weight)</th>
                <th scope="col">Validates (evidence)</th>
              </tr>
            </thead>
            <tbody>
              {picture.map((m) => (
                <tr class={`milestone ${m.classification.toLowerCase()}`} data-title={m.title} key={m.id}>
                  <td>
                    <a href={nodePath("SuccessMilestone", m.id)}>{m.title}</a>
                  </td>
                  <td>
                    <span class={`badge ${m.classification.toLowerCase()}`}>{m.classification.toLowerCase()}</span>
                  </td>
                  <td>{m.scores.map((s) => `${s.title} (×${s.weight ?? 1})`).join(", ") || "none"}</td>
                  <td>
                    {m.outcomes.length === 0
                      ? "nothing"
                      : m.outcomes.map((o) => (
                          <span class="validates" key={o.id}>
                            {o.title}{" "}
                            <span class={`verdict ${(o.verdict ?? "none").toLowerCase()}`}>
                              {o.verdict ?? "no evidence yet"}
                            </span>
                          </span>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav class="pager" aria-label={`Milestones of ${props.title}`}>
            <span class="count">
              {entries.length} of {data.milestoneAudit.totalCount} milestones drawn
            </span>
            {cursors.length > 1 ? (
              <button type="button" onClick={() => setCursors(cursors.slice(0, -1))}>
                Previous milestones
              </button>
            ) : null}
            {data.milestoneAudit.pageInfo.hasNextPage ? (
              <button type="button" onClick={() => setCursors([...cursors, data.milestoneAudit.pageInfo.endCursor ?? null])}>
                Next milestones
              </button>
            ) : null}
          </nav>
        </>
      ) : result.fetching ? (
        <Loading what="the picture" />
      ) : null}
    </article>
  );
}

function OneProduct({ id }: { id: string }) {
  const [result] = useQuery({ query: ProductOneDocument, variables: { id } });
  const node = result.data?.node;
  if (result.fetching) return <Loading what="the product" />;
  if (result.error) return <Errors error={result.error} />;
  if (!node || node.__typename !== "Product") return <p>No product with id {id}.</p>;
  return (
    <>
      <p>
        <a href="/products">All products</a>
      </p>
      <ProductCard id={node.id} title={node.title} description={node.description} milestones={node.milestones.totalCount} />
    </>
  );
}

export function ProductsPage(props: { id: string | null; after: string | null }) {
  void loadCytoscape();
  if (props.id) return <OneProduct id={props.id} />;
  return <ProductList after={props.after} />;
}

function ProductList({ after }: { after: string | null }) {
  const [result] = useQuery({ query: ProductsDocument, variables: { first: PRODUCTS_PER_PAGE, after } });
  const products = result.data?.products;
  return (
    <>
      <p class="legend">
        <span class="badge vanity">vanity</span> feeds a score, validates nothing ·{" "}
        <span class="badge validated">validated</span> feeds a score and validates an outcome ·{" "}
        <span class="badge untracked">untracked</span> validates, feeds no score ·{" "}
        <span class="badge orphan">orphan</span> neither. Edge labels: the stored evidence verdict.
      </p>
      <CreateForm />
      <Errors error={result.error} />
      {result.fetching && !products ? <Loading what="products" /> : null}
      {products?.edges.map(({ node }) => (
        <ProductCard key={node.id} id={node.id} title={node.title} description={node.description} milestones={node.milestones.totalCount} />
      ))}
      {products ? (
        <Pager
          path="/products"
          after={after}
          hasNext={products.pageInfo.hasNextPage}
          endCursor={products.pageInfo.endCursor}
          shown={products.edges.length}
          total={products.totalCount}
          noun="products"
        />
      ) : null}
    </>
  );
}
