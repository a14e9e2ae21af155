"""Small, dependency-free utilities shared by the webhook receiver (signatures, time, money, SQL)."""
