// Session, commands, rendering. See docs/architecture.md.
