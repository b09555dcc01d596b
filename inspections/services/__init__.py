"""Every multi-step write, split by concept (records, notices, issuing, …). Views call these."""
