"""The workspace's pages; each receives the Session and talks to the vault only through it."""
