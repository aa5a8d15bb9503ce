"""upg's benchmark suite (not part of the installed package; run from a checkout)."""
