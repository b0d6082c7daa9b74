"""Accounts: registration, login and tokens, OAuth (Google, GitHub), profile, tiers."""
