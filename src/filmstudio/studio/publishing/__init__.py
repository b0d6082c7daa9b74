"""Publishing (YouTube, downloads): the blueprint's tables; the integrations issue adds the rest."""
