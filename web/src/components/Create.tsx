// Create a node of any type (editors); the new node's page opens, where it can be linked.
import { useState } from "preact/hooks";
import { useMutation } from "@urql/preact";
import {
  CreateHealthScoreDocument,
  CreateOutcomeDocument,
  CreateProductDocument,
  CreateSuccessMilestoneDocument,
} from "../generated/graphql";
import { Errors } from "../errors";
import { navigate } from "../router";
import { nodePath } from "./common";

type Kind = "SuccessMilestone" | "Outcome" | "CustomerHealthScore" | "Product";

export function CreateForm(props: { initial?: Kind }) {
  const [kind, setKind] = useState<Kind>(props.initial ?? "SuccessMilestone");
  const [title, setTitle] = useState("");
  const [milestone, createMilestone] = useMutation(CreateSuccessMilestoneDocument);
  const [outcome, createOutcome] = useMutation(CreateOutcomeDocument);
  const [score, createScore] = useMutation(CreateHealthScoreDocument);
  const [product, createProduct] = useMutation(CreateProductDocument);
  const [created, setCreated] = useState<string | null>(null);
  const results = { SuccessMilestone: milestone, Outcome: outcome, CustomerHealthScore: score, Product: product };
  const busy = results[kind].fetching;
  const submit = async (event: Event) => {
    event.preventDefault();
    const input = { title };
    let id: string | undefined;
    if (kind === "SuccessMilestone") id = (await createMilestone({ input })).data?.createSuccessMilestone.id;
    if (kind === "Outcome") id = (await createOutcome({ input })).data?.createOutcome.id;
    if (kind === "CustomerHealthScore") id = (await createScore({ input })).data?.createHealthScore.id;
    if (kind === "Product") id = (await createProduct({ input })).data?.createProduct.id;
    if (!id) return;
    setTitle("");
    if (kind === "Outcome") setCreated(`Outcome “${input.title}” created.`);
    else navigate(nodePath(kind, id));
  };
  return (
    <form class="create" onSubmit={submit} aria-label="Create a node">
      <label for="create-kind">Create</label>
      <select id="create-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
        <option value="SuccessMilestone">milestone</option>
        <option value="Outcome">outcome</option>
        <option value="CustomerHealthScore">health score</option>
        <option value="Product">product</option>
      </select>
      <label for="create-title">titled</label>
      <input id="create-title" value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      <button type="submit" disabled={busy}>
        Create
      </button>
      {created ? <span role="status">{created}</span> : null}
      <Errors error={results[kind].error} />
    </form>
  );
}
