"""The home page keeps no table of its own: what it caches is versioned by
apps.core.tree_versions (apps.worklist.cache)."""
