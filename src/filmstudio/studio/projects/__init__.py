"""Projects: scripts and their choices, with versions, soft delete, duplicates and sharing."""
