"""Forms, split by concept like the models, services and views: records, notices, follow-up,
and the inputs an action's rules ask for (lifecycle)."""
