"""The decision layer: rules, arbitration, durable workflows, schedules and the decision log."""
