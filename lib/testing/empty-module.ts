// Stands in for "server-only" under vitest, where modules run on the server by definition.
export {};
