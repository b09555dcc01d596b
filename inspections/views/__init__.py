"""Function views, split by screen (records, notices, documents, …)."""
