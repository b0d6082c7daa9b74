"""GraphQL at ``/graphql`` (strawberry), beside REST: the same services, so the same access
rules and validation; queries for me, projects (with versions, renders and storyboard),
jobs and credits; mutations for projects and jobs; live job progress over WebSocket."""
