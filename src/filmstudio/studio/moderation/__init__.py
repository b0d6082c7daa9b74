"""Moderation: the script filter on submit and the queue of flagged scripts for admins."""
