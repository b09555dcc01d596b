"""Forms, split by concept like the models, services and views: records, notices, follow-up,
the inputs an action's rules ask for (lifecycle) and the text rules every form applies (text)."""
