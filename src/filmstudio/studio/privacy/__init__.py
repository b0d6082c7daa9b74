"""A person's rights over their data: export everything the studio keeps about them (a zip
of JSON and their files), and close the account (files erased, payment provider and CRM
told, the credit ledger kept without anything that names them)."""
