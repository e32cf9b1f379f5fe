"""Who acts and what they may see: the acting user, visibility of cases, the audit trail, passwords."""
