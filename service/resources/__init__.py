"""One module per API resource: claims, jobs, corpus, health."""
