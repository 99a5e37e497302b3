"""schemathesis hooks for scripts/fuzz-api: generators for the string formats of the OpenAPI
document that JSON Schema cannot spell out (a pattern gives the shape, these the check digit)."""
