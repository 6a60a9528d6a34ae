// The expression language. See docs/architecture.md.
