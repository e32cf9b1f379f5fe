"""Security services: revocable sessions and login throttling, the audit hash chain, retention."""
