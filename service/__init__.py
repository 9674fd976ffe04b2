"""The HTTP API of the fact-checking service."""
