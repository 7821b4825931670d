"""The trust store: keys, the signed allowlist, the content store and the review queue."""
