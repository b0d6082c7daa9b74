"""Credits: the balance and its append-only ledger, spent and refunded atomically."""
