// The reference stack for the bench: @neo4j/graphql 7 on Apollo Server 5, over the same
// database as upg, with type definitions equivalent to upg's schema (graphql/schema.graphql):
// the same four node types (each also labelled UpgNode), the same three relationship types in
// both directions, CONTAINS carrying its weight, and the audit figures as @cypher fields.
//
// Environment: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE, PORT (loopback only).
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

export const typeDefs = /* GraphQL */ `
  type Product @node(labels: ["Product", "UpgNode"]) {
    id: ID!
    type: String!
    title: String!
    description: String
    status: String!
    tags: [String!]!
    createdAt: DateTime @alias(property: "created_at")
    updatedAt: DateTime @alias(property: "updated_at")
    milestones: [SuccessMilestone!]! @relationship(type: "CELEBRATES_VIA", direction: OUT)
  }

  type Outcome @node(labels: ["Outcome", "UpgNode"]) {
    id: ID!
    type: String!
    title: String!
    description: String
    status: String!
    tags: [String!]!
    createdAt: DateTime @alias(property: "created_at")
    updatedAt: DateTime @alias(property: "updated_at")
    validatedBy: [SuccessMilestone!]! @relationship(type: "VALIDATES", direction: IN)
  }

  type Contains @relationshipProperties {
    weight: Float
  }

  type CustomerHealthScore @node(labels: ["CustomerHealthScore", "UpgNode"]) {
    id: ID!
    type: String!
    title: String!
    description: String
    status: String!
    tags: [String!]!
    createdAt: DateTime @alias(property: "created_at")
    updatedAt: DateTime @alias(property: "updated_at")
    milestones: [SuccessMilestone!]!
      @relationship(type: "CONTAINS", direction: OUT, properties: "Contains")
    totalWeight: Float!
      @cypher(
        statement: """
        OPTIONAL MATCH (this)-[c:CONTAINS]->(:SuccessMilestone)
        RETURN coalesce(sum(c.weight), 0.0) AS w
        """
        columnName: "w"
      )
    vanityWeight: Float!
      @cypher(
        statement: """
        OPTIONAL MATCH (this)-[c:CONTAINS]->(m:SuccessMilestone)
        WHERE NOT EXISTS { (m)-[:VALIDATES]->(:Outcome) }
        RETURN coalesce(sum(c.weight), 0.0) AS w
        """
        columnName: "w"
      )
  }

  type SuccessMilestone @node(labels: ["SuccessMilestone", "UpgNode"]) {
    id: ID!
    type: String!
    title: String!
    description: String
    status: String!
    tags: [String!]!
    createdAt: DateTime @alias(property: "created_at")
    updatedAt: DateTime @alias(property: "updated_at")
    milestoneType: String @alias(property: "milestone_type")
    targetDate: Date @alias(property: "target_date")
    achieved: Boolean!
    products: [Product!]! @relationship(type: "CELEBRATES_VIA", direction: IN)
    healthScores: [CustomerHealthScore!]!
      @relationship(type: "CONTAINS", direction: IN, properties: "Contains")
    outcomes: [Outcome!]! @relationship(type: "VALIDATES", direction: OUT)
  }
`;

const env = process.env;
const driver = neo4j.driver(
  env.NEO4J_URI ?? "bolt://127.0.0.1:28687",
  neo4j.auth.basic(env.NEO4J_USER ?? "neo4j", env.NEO4J_PASSWORD ?? "upg-local-dev"),
  { disableLosslessIntegers: true },
);
const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
const server = new ApolloServer({ schema: await neoSchema.getSchema() });
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(env.PORT ?? 28400) },
  context: async () => ({ sessionConfig: { database: env.NEO4J_DATABASE ?? "neo4j" } }),
});
console.log(`@neo4j/graphql ready at ${url}`);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await server.stop();
    await driver.close();
    process.exit(0);
  });
}
