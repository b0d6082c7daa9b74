"""Admin: users, suspension, tiers, figures, all jobs, and the moderation decisions."""
