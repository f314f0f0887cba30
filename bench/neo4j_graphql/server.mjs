// The @neo4j/graphql server the query-mix benchmark compares Convene with.
//
// It serves the Neo4j database Convene writes, unchanged: nodes carry their properties
// as plain Neo4j properties (`key`, `name`, ...) and the relationship types are
// Convene's own (MEMBER_OF, AFFILIATED_WITH, ATTENDED). Configured through the
// environment: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, and PORT (on 127.0.0.1).
// Prints one line, "ready <url>", once it accepts requests.

import { createServer } from "node:http";

import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";
import neo4j from "neo4j-driver";

const typeDefs = /* GraphQL */ `
  type Person @node {
    key: String!
    name: String
    headline: String
    city: String
    country: String
    roles: [String!]
    discoverable: Boolean
    projects: [Project!]! @relationship(type: "MEMBER_OF", direction: OUT)
    organizations: [Organization!]! @relationship(type: "AFFILIATED_WITH", direction: OUT)
    gatherings: [Gathering!]! @relationship(type: "ATTENDED", direction: OUT)
  }

  type Project @node {
    key: String!
    name: String
    summary: String
    stage: String
    members: [Person!]! @relationship(type: "MEMBER_OF", direction: IN)
  }

  type Organization @node {
    key: String!
    name: String
    kind: String
    city: String
    country: String
    people: [Person!]! @relationship(type: "AFFILIATED_WITH", direction: IN)
  }

  type Gathering @node {
    key: String!
    name: String
    kind: String
    city: String
    country: String
    attendees: [Person!]! @relationship(type: "ATTENDED", direction: IN)
  }
`;

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value;
}

const driver = neo4j.driver(
  required("NEO4J_URI"),
  neo4j.auth.basic(required("NEO4J_USER"), required("NEO4J_PASSWORD")),
);
await driver.verifyConnectivity();

const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const yoga = createYoga({
  schema,
  graphiql: false,
  logging: false,
  landingPage: false,
  graphqlEndpoint: "/graphql",
});

const port = Number(required("PORT"));
const server = createServer(yoga);
server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1", () => {
  console.log(`ready http://127.0.0.1:${port}/graphql`);
});

async function stop() {
  server.close();
  await driver.close();
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
