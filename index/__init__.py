"""The Whoosh index: schema, analyzers, builds and atomic generations."""
