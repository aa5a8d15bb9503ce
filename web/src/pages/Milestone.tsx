// Page 3, Milestone: its edges, its evidence (per outcome it validates), its lifecycle with the
// moves allowed from its status, its activation trend. Editors link, unlink and transition here.
import { useQuery, useMutation } from "@urql/preact";
import { MilestoneDocument, TransitionMilestoneDocument, UnlinkDocument, type EdgeType } from "../generated/graphql";
import { Errors } from "../errors";
import { Loading, Section, nodePath } from "../components/common";
import { EvidenceView } from "../components/Evidence";
import { LinkForm } from "../components/LinkForm";
import { ActivationTrend } from "../components/Activation";
import { STATES, allowedFrom, label } from "../lifecycle";

export function MilestonePage({ id }: { id: string }) {
  const [result, reexecute] = useQuery({ query: MilestoneDocument, variables: { id } });
  const [moved, transition] = useMutation(TransitionMilestoneDocument);
  const [unlinked, unlink] = useMutation(UnlinkDocument);
  const refresh = () => reexecute({ requestPolicy: "network-only" });
  const node = result.data?.node;
  if (!node && result.fetching) return <Loading what="the milestone" />;
  if (result.error) return <Errors error={result.error} />;
  if (!node || node.__typename !== "SuccessMilestone") return <p>No milestone with id {id}.</p>;
  const m = node;
  const validates = m.outcomes.totalCount > 0;
  const scored = m.healthScores.totalCount > 0;
  const klass = m.isVanity ? "vanity" : validates && scored ? "validated" : validates ? "untracked" : "orphan";
  const remove = async (fromId: string, toId: string, type: EdgeType) => {
    const done = await unlink({ fromId, toId, type });
    if (!done.error) refresh();
  };
  const move = async (to: Parameters<typeof transition>[0]["to"]) => {
    const done = await transition({ id: m.id, to });
    if (!done.error) refresh();
  };
  const evidenceOf = new Map(m.evidence.map((e) => [e.outcome.id, e.verdict]));
  return (
    <div class={`milestone-page ${klass}`} data-class={klass}>
      <h2 class="node-title">
        {m.title} <span class={`badge ${klass}`}>{klass}</span>
      </h2>
      {m.description ? <p>{m.description}</p> : null}
      <p class="muted">
        {m.milestoneType ?? "no type"} · evidence window{" "}
        {m.windowDays === null ? "the server's default" : `${m.windowDays} days`}
        {m.targetDate ? ` · target ${m.targetDate}` : ""}
        {m.tags.length ? ` · tags ${m.tags.join(", ")}` : ""}
      </p>

      <Section title="Lifecycle" id="lifecycle">
        <ol class="lifecycle">
          {STATES.map((s) => (
            <li class={s === m.status ? "current" : ""} aria-current={s === m.status ? "step" : undefined} key={s}>
              {label(s)}
            </li>
          ))}
        </ol>
        <p>
          Status <strong data-status={m.status}>{label(m.status)}</strong>
          {m.achieved ? " (achieved)" : ""}. Move to:{" "}
          {allowedFrom(m.status).map((to) => (
            <button type="button" class="move" disabled={moved.fetching} onClick={() => move(to)} key={to}>
              {label(to)}
            </button>
          ))}
        </p>
        <Errors error={moved.error} />
      </Section>

      <Section title="Edges" id="edges">
        <h3>Validates ({m.outcomes.totalCount})</h3>
        <ul class="edges" data-edge="VALIDATES">
          {m.outcomes.edges.map(({ node: o }) => (
            <li key={o.id}>
              {o.title} <span class="verdict">{evidenceOf.get(o.id) ?? "no evidence yet"}</span>{" "}
              <button type="button" onClick={() => remove(m.id, o.id, "VALIDATES")}>
                Unlink
              </button>
            </li>
          ))}
          {m.outcomes.totalCount === 0 ? <li class="muted">no outcome: {scored ? "vanity" : "orphan"}</li> : null}
        </ul>
        <h3>Health scores ({m.healthScores.totalCount})</h3>
        <ul class="edges" data-edge="CONTAINS">
          {m.healthScores.edges.map(({ node: s, weight }) => (
            <li key={s.id}>
              <a href={nodePath("CustomerHealthScore", s.id)}>{s.title}</a> (weight {weight ?? 1}){" "}
              <button type="button" onClick={() => remove(s.id, m.id, "CONTAINS")}>
                Unlink
              </button>
            </li>
          ))}
        </ul>
        <h3>Products ({m.products.totalCount})</h3>
        <ul class="edges" data-edge="CELEBRATES_VIA">
          {m.products.edges.map(({ node: p }) => (
            <li key={p.id}>
              <a href={nodePath("Product", p.id)}>{p.title}</a>{" "}
              <button type="button" onClick={() => remove(p.id, m.id, "CELEBRATES_VIA")}>
                Unlink
              </button>
            </li>
          ))}
        </ul>
        <Errors error={unlinked.error} />
        <h3>Link</h3>
        <LinkForm milestoneId={m.id} onDone={refresh} />
      </Section>

      <Section title="Evidence" id="evidence">
        {m.evidence.length === 0 ? (
          <p class="muted">
            No evidence stored yet: an admin computes it from the accounts (<code>computeEvidence</code>, or{" "}
            <code>upg evidence compute</code>).
          </p>
        ) : (
          m.evidence.map((e) => <EvidenceView e={e} key={e.outcome.id} />)
        )}
      </Section>

      <Section title="Activation trend" id="activation">
        <ActivationTrend milestoneId={m.id} />
      </Section>
    </div>
  );
}
