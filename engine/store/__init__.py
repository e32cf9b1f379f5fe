"""The case store: loading and saving cases, the caches, and the rows lists are made of."""
