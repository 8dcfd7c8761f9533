"""The `shopweave` command line: one module per command group."""
