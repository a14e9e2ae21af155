"""Business rules. Each function takes a TenantContext (or a session for tenant-less steps)."""
