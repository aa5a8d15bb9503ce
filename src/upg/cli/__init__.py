"""The `upg` command line: thin adapters over the service layer."""
