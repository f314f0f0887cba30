"""Convene's HTTP surface: the GraphQL-over-HTTP endpoint, the playground, health checks."""
