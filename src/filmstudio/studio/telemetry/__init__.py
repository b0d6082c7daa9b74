"""Operations telemetry: the metrics the alerts and dashboards read, and distributed tracing.

The names here are the contract with ``deploy/monitoring`` (alerts, dashboards): the
dashboards are generated from :mod:`filmstudio.studio.telemetry.metrics`, so a renamed metric
shows up as a failing test, not as an empty panel.
"""
