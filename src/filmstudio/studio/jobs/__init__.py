"""Jobs: render requests, the queue worker that runs the engine, and crash recovery."""
