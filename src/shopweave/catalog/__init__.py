"""The data layer: unified schemas, the store, importers, exporters and the quality audit."""
