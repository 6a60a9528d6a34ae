// Rule packs and their evaluation. See docs/architecture.md.
